/// `{% ifchanged %}…{% else %}…{% endifchanged %}`: output when the rendered content (or, with
/// arguments, the values) differ from the previous iteration. Inside a loop the state belongs
/// to the innermost loop, so it starts over each time an outer loop moves on.
enum IfchangedTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        let whenChanged = try parser.parse(until: ["else", "endifchanged"])
        var otherwise = NodeList()
        if parser.nextToken()?.contents == "else" {
            otherwise = try parser.parse(until: ["endifchanged"])
            _ = parser.nextToken()
        }
        let values = try bits.dropFirst().map { try parser.compileFilter($0) }
        return IfchangedNode(whenChanged, otherwise, values: values, line: token.line)
    }
}

final class IfchangedNode: Node {
    let whenChanged: NodeList
    let otherwise: NodeList
    let values: [FilterExpression]
    let line: Int

    init(_ whenChanged: NodeList, _ otherwise: NodeList, values: [FilterExpression], line: Int) {
        self.whenChanged = whenChanged
        self.otherwise = otherwise
        self.values = values
        self.line = line
    }

    var childNodeLists: [NodeList] { [whenChanged, otherwise] }

    func render(_ context: Context) throws -> String {
        var output: String?
        let compareTo: Any
        if values.isEmpty {
            let rendered = try whenChanged.render(context)
            output = rendered
            compareTo = rendered
        } else {
            compareTo = try values.map { try TagSupport.resolve($0, context, ignoreFailures: true) as Any } as [Any]
        }
        let loop = Value.unwrap(context["forloop"]) as? ForLoop
        let previous = loop.map { $0.ifchanged[ObjectIdentifier(self)] } ?? context.renderContext[self]
        if previous == nil || !TagSupport.equal(previous, compareTo) {
            if let loop { loop.ifchanged[ObjectIdentifier(self)] = compareTo } else { context.renderContext[self] = compareTo }
            return try output ?? whenChanged.render(context)
        }
        return try otherwise.render(context)
    }
}
