/// `{% firstof a b "fallback" [as name] %}`: the first true value, escaped as a variable is.
enum FirstofTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var bits = Array(token.splitContents().dropFirst())
        guard !bits.isEmpty else { throw TemplateSyntaxError("'firstof' statement requires at least one argument") }
        var asvar: String?
        if bits.count >= 2 && bits[bits.count - 2] == "as" {
            asvar = bits.last
            bits.removeLast(2)
        }
        return FirstofNode(try bits.map { try parser.compileFilter($0) }, asvar: asvar, line: token.line)
    }
}

final class FirstofNode: Node {
    let values: [FilterExpression]
    let asvar: String?
    let line: Int

    init(_ values: [FilterExpression], asvar: String?, line: Int) {
        self.values = values
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        var first = ""
        for expression in values {
            let value = try TagSupport.resolve(expression, context, ignoreFailures: true)
            if Value.isTruthy(value) {
                first = Rendering.valueInContext(value, context)
                break
            }
        }
        if let asvar {
            context[asvar] = first
            return ""
        }
        return first
    }
}
