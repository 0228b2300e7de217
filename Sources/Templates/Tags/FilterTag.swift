/// `{% filter force_escape|lower %}…{% endfilter %}`: the enclosed output through filters.
/// `escape` and `safe` are refused, as Django does (the autoescape tag is for that).
enum FilterTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let parts = token.contents.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { throw TemplateSyntaxError("'filter' tag requires at least one filter") }
        let expression = try parser.compileFilter("var|" + String(parts[1]).pythonStripped)
        for name in expression.filters.map({ $0.filter.name }) where name == "escape" || name == "safe" {
            throw TemplateSyntaxError("\"filter \(name)\" is not permitted. Use the \"autoescape\" tag instead.")
        }
        let nodelist = try parser.parse(until: ["endfilter"])
        _ = parser.nextToken()
        return FilterNode(expression, nodelist, line: token.line)
    }
}

final class FilterNode: Node {
    let expression: FilterExpression
    let nodelist: NodeList
    let line: Int

    init(_ expression: FilterExpression, _ nodelist: NodeList, line: Int) {
        self.expression = expression
        self.nodelist = nodelist
        self.line = line
    }

    var childNodeLists: [NodeList] { [nodelist] }

    func render(_ context: Context) throws -> String {
        // The enclosed output is safe, as Django's NodeList.render returns a SafeString.
        let output = SafeString(try nodelist.render(context))
        return Value.string(try context.with(["var": output]) { try expression.resolve(context) })
    }
}
