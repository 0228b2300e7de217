/// `{% regroup people by gender as groups %}`: consecutive items with the same key, as
/// GroupedResult values (`.grouper`, `.list`, or `{% for grouper, list in groups %}`).
enum RegroupTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        guard bits.count == 6 else { throw TemplateSyntaxError("'regroup' tag takes five arguments") }
        let target = try parser.compileFilter(bits[1])
        guard bits[2] == "by" else { throw TemplateSyntaxError("second argument to 'regroup' tag must be 'by'") }
        guard bits[4] == "as" else { throw TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'") }
        // The key is looked up on each item put in the context under the target name.
        let key = try parser.compileFilter(bits[5] + "." + bits[3])
        return RegroupNode(target: target, key: key, name: bits[5], line: token.line)
    }
}

/// One group of `{% regroup %}` (Django's GroupedResult namedtuple).
public struct GroupedResult: TemplateLookup, CustomStringConvertible {
    public let grouper: Any?
    public let list: [Any]

    public func templateValue(forKey key: String) -> Any? {
        switch key {
        case "grouper", "0": grouper as Any
        case "list", "1": list
        default: nil
        }
    }

    public var description: String { "GroupedResult(grouper=\(Value.pythonRepr(grouper)), list=\(Value.pythonRepr(list)))" }
}

final class RegroupNode: Node {
    let target: FilterExpression
    let key: FilterExpression
    let name: String
    let line: Int

    init(target: FilterExpression, key: FilterExpression, name: String, line: Int) {
        self.target = target
        self.key = key
        self.name = name
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let resolved = try target.resolve(context, ignoreFailures: true)
        guard let object = Value.unwrap(resolved) else {
            context[name] = [Any]()
            return ""
        }
        let items = Value.list(object) ?? TagSupport.sequence(object) ?? []
        var groups: [(key: Any?, list: [Any])] = []
        for item in items {
            context[name] = item
            let itemKey = try key.resolve(context, ignoreFailures: true)
            if let last = groups.last, TagSupport.equal(last.key, itemKey) {
                groups[groups.count - 1].list.append(item)
            } else {
                groups.append((itemKey, [item]))
            }
        }
        context[name] = groups.map { GroupedResult(grouper: $0.key, list: $0.list) as Any }
        return ""
    }
}
