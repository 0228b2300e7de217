/// `{% with total=business.employees.count other=x %}` and the legacy
/// `{% with business.employees.count as total %}`: names set for the enclosed nodes only.
enum WithTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        var remaining = Array(bits.dropFirst())
        let assignments = try TagSupport.tokenKeywords(&remaining, parser, legacy: true)
        guard !assignments.isEmpty else {
            throw TemplateSyntaxError("'\(bits[0])' expected at least one variable assignment")
        }
        if let extra = remaining.first {
            throw TemplateSyntaxError("'\(bits[0])' received an invalid token: '\(extra)'")
        }
        let nodelist = try parser.parse(until: ["endwith"])
        _ = parser.nextToken()
        return WithNode(assignments, nodelist, line: token.line)
    }
}

final class WithNode: Node {
    let assignments: [(String, FilterExpression)]
    let nodelist: NodeList
    let line: Int

    init(_ assignments: [(String, FilterExpression)], _ nodelist: NodeList, line: Int) {
        self.assignments = assignments
        self.nodelist = nodelist
        self.line = line
    }

    var childNodeLists: [NodeList] { [nodelist] }

    func render(_ context: Context) throws -> String {
        var values: [String: Any] = [:]
        for (name, expression) in assignments {
            values[name] = try TagSupport.resolve(expression, context) as Any
        }
        return try context.with(values) { try nodelist.render(context) }
    }
}
