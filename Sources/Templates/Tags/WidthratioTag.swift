import Foundation

/// `{% widthratio value max_value max_width [as name] %}`: value / max_value * max_width,
/// rounded half to even as Python's round() does; "0" when max_value is 0, "" when a value
/// is not a number.
enum WidthratioTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        var asvar: String?
        switch bits.count {
        case 4:
            break
        case 6:
            guard bits[4] == "as" else {
                throw TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword")
            }
            asvar = bits[5]
        default:
            throw TemplateSyntaxError("widthratio takes at least three arguments")
        }
        return WidthratioNode(value: try parser.compileFilter(bits[1]), maxValue: try parser.compileFilter(bits[2]),
                              maxWidth: try parser.compileFilter(bits[3]), asvar: asvar, line: token.line)
    }
}

final class WidthratioNode: Node {
    let value: FilterExpression
    let maxValue: FilterExpression
    let maxWidth: FilterExpression
    let asvar: String?
    let line: Int

    init(value: FilterExpression, maxValue: FilterExpression, maxWidth: FilterExpression, asvar: String?, line: Int) {
        self.value = value
        self.maxValue = maxValue
        self.maxWidth = maxWidth
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let value = try TagSupport.resolve(self.value, context)
        let maxValue = try TagSupport.resolve(self.maxValue, context)
        guard let width = Self.pythonInt(try TagSupport.resolve(maxWidth, context)) else {
            throw TemplateSyntaxError("widthratio final argument must be a number")
        }
        let result: String
        if let v = Value.number(value), let m = Value.number(maxValue) {
            if m == 0 {
                result = "0"
            } else {
                let ratio = v / m * Double(width)
                result = ratio.isFinite ? String(Int(ratio.rounded(.toNearestOrEven))) : ""
            }
        } else {
            result = ""
        }
        if let asvar {
            context[asvar] = result
            return ""
        }
        return result
    }

    /// Python's int(): ints, floats (truncated), bools and strings of digits.
    static func pythonInt(_ value: Any?) -> Int? {
        switch Value.unwrap(value) {
        case let double as Double: double.isFinite ? Int(double) : nil
        default: Value.integer(value)
        }
    }
}
