/// `{% if %}` / `{% elif %}` / `{% else %}` / `{% endif %}` with Django's smartif expressions:
/// a Pratt parser over the words, with Django's binding powers (or 6, and 7, not 8, in and
/// not in 9, is, is not, ==, !=, <, >, <=, >= 10). An operator whose evaluation fails (a
/// comparison Python would refuse with TypeError) is false, as in Django.
enum IfTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var branches: [(IfCondition?, NodeList)] = []
        var expressionParser = try IfExpressionParser(Array(token.splitContents().dropFirst()), parser)
        var condition = try expressionParser.parse()
        var next = token
        while true {
            let nodelist = try parser.parse(until: ["elif", "else", "endif"])
            branches.append((condition, nodelist))
            guard let end = parser.nextToken() else { throw parser.error("Unclosed tag 'if'.", token) }
            next = end
            guard next.contents.hasPrefix("elif") else { break }
            expressionParser = try IfExpressionParser(Array(next.splitContents().dropFirst()), parser)
            condition = try expressionParser.parse()
        }
        if next.contents == "else" {
            branches.append((nil, try parser.parse(until: ["endif"])))
            guard let end = parser.nextToken() else { throw parser.error("Unclosed tag 'if'.", token) }
            next = end
        }
        guard next.contents == "endif" else {
            throw TemplateSyntaxError("Malformed template tag at line \(next.line): \"\(next.contents)\"")
        }
        if case .literal(let expression, _) = branches[0].0, branches.count == 1 || (branches.count == 2 && branches[1].0 == nil) {
            return LoneIfNode(expression, then: branches[0].1, otherwise: branches.count == 2 ? branches[1].1 : nil, line: token.line)
        }
        return IfNode(branches, line: token.line)
    }
}

/// `{% if x %}…{% else %}…{% endif %}` with one operand, the common case: its expression is a
/// property of the node, which a render reads without copying.
final class LoneIfNode: Node {
    let expression: FilterExpression
    let then: NodeList
    let otherwise: NodeList?
    let line: Int

    init(_ expression: FilterExpression, then: NodeList, otherwise: NodeList?, line: Int) {
        self.expression = expression
        self.then = then
        self.otherwise = otherwise
        self.line = line
    }

    var childNodeLists: [NodeList] { otherwise.map { [then, $0] } ?? [then] }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        let match: Bool
        do {
            match = try expression.isTrue(context)
        } catch is VariableDoesNotExist {
            match = false  // a missing filter argument, as Django's IfNode allows
        }
        if match {
            try then.render(context, into: &output)
        } else if let otherwise {
            try otherwise.render(context, into: &output)
        }
    }
}

/// The compiled `{% if %}`: each condition with its nodes; the `else` branch has no condition.
final class IfNode: Node {
    let branches: [(condition: IfCondition?, nodelist: NodeList)]
    let line: Int
    /// The branches again, in arrays read in place on every render: each branch's lone
    /// operand (an index into `lone`, -1 when its condition is an expression tree or absent).
    private let loneIndex: [Int]
    private let lone: [FilterExpression]
    private let conditions: [IfCondition?]
    private let nodelists: [NodeList]

    init(_ branches: [(IfCondition?, NodeList)], line: Int) {
        self.branches = branches
        self.line = line
        var loneIndex: [Int] = [], lone: [FilterExpression] = []
        for (condition, _) in branches {
            if case .literal(let expression, _) = condition {
                loneIndex.append(lone.count)
                lone.append(expression)
            } else {
                loneIndex.append(-1)
            }
        }
        self.loneIndex = loneIndex
        self.lone = lone
        conditions = branches.map(\.0)
        nodelists = branches.map(\.1)
    }

    var childNodeLists: [NodeList] { branches.map(\.nodelist) }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        var index = 0
        while index < nodelists.count {
            defer { index += 1 }
            let loneAt = loneIndex[index]
            if loneAt >= 0 || conditions[index] != nil {
                let match: Bool
                do {
                    match = loneAt >= 0 ? try lone[loneAt].isTrue(context) : try conditions[index]!.isTrue(context)
                } catch is VariableDoesNotExist {
                    match = false  // a missing filter argument, as Django's IfNode allows
                }
                guard match else { continue }
            }
            return try nodelists[index].render(context, into: &output)
        }
    }
}

/// A node of a smartif expression tree.
indirect enum IfCondition: Sendable {
    case literal(FilterExpression, text: String)
    case prefix(String, IfCondition)
    case infix(String, IfCondition, IfCondition)

    /// Whether the value is true (Python's truth), without wrapping a lone operand's value
    /// in an Optional.
    func isTrue(_ context: Context) throws -> Bool {
        if case .literal(let expression, _) = self { return try expression.isTrue(context) }
        return Value.isTruthy(try evaluate(context))
    }

    /// The value, as Python's operators give it (`or` and `and` give an operand).
    func evaluate(_ context: Context) throws -> Any? {
        switch self {
        case .literal(let expression, _):
            return try TagSupport.resolve(expression, context, ignoreFailures: true)
        case .prefix(_, let operand):
            // `not`: a failure inside makes the whole false, as Django's Operator.eval does.
            do {
                return !Value.isTruthy(try operand.evaluate(context))
            } catch {
                return false
            }
        case .infix(let op, let left, let right):
            do {
                return try Self.apply(op, left, right, context)
            } catch {
                return false
            }
        }
    }

    private static func apply(_ op: String, _ left: IfCondition, _ right: IfCondition, _ context: Context) throws -> Any? {
        switch op {
        case "or":
            let x = try left.evaluate(context)
            return Value.isTruthy(x) ? x : try right.evaluate(context)
        case "and":
            let x = try left.evaluate(context)
            return Value.isTruthy(x) ? try right.evaluate(context) : x
        default:
            break
        }
        let x = try left.evaluate(context), y = try right.evaluate(context)
        switch op {
        case "==": return TagSupport.equal(x, y)
        case "!=": return !TagSupport.equal(x, y)
        case "<": return TagSupport.less(x, y) ?? false
        case ">": return TagSupport.less(y, x) ?? false
        case "<=": return TagSupport.less(x, y).map { $0 || TagSupport.equal(x, y) } ?? false
        case ">=": return TagSupport.less(y, x).map { $0 || TagSupport.equal(x, y) } ?? false
        case "in": return TagSupport.contains(y, x) ?? false
        case "not in": return TagSupport.contains(y, x).map { !$0 } ?? false
        case "is": return TagSupport.identical(x, y)
        case "is not": return !TagSupport.identical(x, y)
        default: return false
        }
    }
}

/// Django's IfParser: top-down operator precedence over the tag's words.
struct IfExpressionParser {
    enum Item {
        case op(String)
        case literal(FilterExpression, String)
        case end

        var bindingPower: Int {
            guard case .op(let name) = self else { return 0 }
            return IfExpressionParser.infixPower[name] ?? IfExpressionParser.prefixPower[name] ?? 0
        }

        var display: String {
            switch self {
            case .op(let name): name
            case .literal(_, let text): text
            case .end: "end"
            }
        }
    }

    static let infixPower: [String: Int] = [
        "or": 6, "and": 7, "in": 9, "not in": 9,
        "is": 10, "is not": 10, "==": 10, "!=": 10, ">": 10, ">=": 10, "<": 10, "<=": 10,
    ]
    static let prefixPower: [String: Int] = ["not": 8]

    var items: [Item] = []
    var position = 0
    var current: Item = .end

    init(_ words: [String], _ parser: Parser) throws {
        var index = 0
        while index < words.count {
            var word = words[index]
            if word == "is", index + 1 < words.count, words[index + 1] == "not" {
                word = "is not"
                index += 1
            } else if word == "not", index + 1 < words.count, words[index + 1] == "in" {
                word = "not in"
                index += 1
            }
            if Self.infixPower[word] != nil || Self.prefixPower[word] != nil {
                items.append(.op(word))
            } else {
                items.append(.literal(try parser.compileFilter(word), word))
            }
            index += 1
        }
        current = nextItem()
    }

    mutating func nextItem() -> Item {
        guard position < items.count else { return .end }
        defer { position += 1 }
        return items[position]
    }

    mutating func parse() throws -> IfCondition {
        let result = try expression(0)
        if case .end = current {} else {
            throw TemplateSyntaxError("Unused '\(current.display)' at end of if expression.")
        }
        return result
    }

    mutating func expression(_ rightBindingPower: Int) throws -> IfCondition {
        let first = current
        current = nextItem()
        var left = try prefixParse(first)
        while rightBindingPower < current.bindingPower {
            let item = current
            current = nextItem()
            left = try infixParse(item, left)
        }
        return left
    }

    private mutating func prefixParse(_ item: Item) throws -> IfCondition {
        switch item {
        case .literal(let expression, let text):
            return .literal(expression, text: text)
        case .end:
            throw TemplateSyntaxError("Unexpected end of expression in if tag.")
        case .op(let name):
            guard let power = Self.prefixPower[name] else {
                throw TemplateSyntaxError("Not expecting '\(name)' in this position in if tag.")
            }
            return .prefix(name, try expression(power))
        }
    }

    private mutating func infixParse(_ item: Item, _ left: IfCondition) throws -> IfCondition {
        guard case .op(let name) = item, let power = Self.infixPower[name] else {
            throw TemplateSyntaxError("Not expecting '\(item.display)' as infix operator in if tag.")
        }
        return .infix(name, left, try expression(power))
    }
}
