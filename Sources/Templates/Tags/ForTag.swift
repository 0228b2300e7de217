/// `{% for x in items %}`, `{% for k, v in pairs reversed %}`, with `{% empty %}`: iterates
/// lists, dictionaries (their keys), strings and Swift sequences, and offers `forloop`
/// (counter, counter0, revcounter, revcounter0, first, last, parentloop, and Django 6's length).
enum ForTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        guard bits.count >= 4 else {
            throw TemplateSyntaxError("'for' statements should have at least four words: \(token.contents)")
        }
        let reversed = bits.last == "reversed"
        let inIndex = bits.count - (reversed ? 3 : 2)
        guard bits[inIndex] == "in" else {
            throw TemplateSyntaxError("'for' statements should use the format 'for x in y': \(token.contents)")
        }
        // Django's re.split(r" *, *", " ".join(bits[1:in_index])).
        let joined = bits[1..<inIndex].joined(separator: " ")
        let loopVars = joined.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingSpaces
        }
        for name in loopVars where name.isEmpty || name.contains(where: { " \"'|".contains($0) }) {
            throw TemplateSyntaxError("'for' tag received an invalid argument: \(token.contents)")
        }
        let sequence = try parser.compileFilter(bits[inIndex + 1])
        let body = try parser.parse(until: ["empty", "endfor"])
        var empty = NodeList()
        if parser.nextToken()?.contents == "empty" {
            empty = try parser.parse(until: ["endfor"])
            _ = parser.nextToken()
        }
        return ForNode(loopVars: loopVars, sequence: sequence, reversed: reversed, body: body, empty: empty, line: token.line)
    }
}

extension String {
    /// The text without leading and trailing spaces (only spaces, as Django's ` *, *`).
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

/// The compiled `{% for %}`.
final class ForNode: Node {
    let loopVars: [String]
    let sequence: FilterExpression
    let reversed: Bool
    let body: NodeList
    let empty: NodeList
    let line: Int

    init(loopVars: [String], sequence: FilterExpression, reversed: Bool, body: NodeList, empty: NodeList, line: Int) {
        self.loopVars = loopVars
        self.sequence = sequence
        self.reversed = reversed
        self.body = body
        self.empty = empty
        self.line = line
        slotNames = loopVars.count == 1 ? [loopVars[0], "forloop"] : ["forloop"]
    }

    /// The names of the loop's level: its variable when there is one, and `forloop`.
    let slotNames: [String]

    /// The `parentloop` of a loop outside any other: an empty dictionary, made once (never
    /// changed, so safe to share).
    nonisolated(unsafe) private static let noParent: Any = [String: Any]()

    var childNodeLists: [NodeList] { [body, empty] }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        // Django's `context['forloop'] if 'forloop' in context else {}` (None unwrapped to {}).
        let parent: Any
        if let found = context.find("forloop"), let unwrapped = Value.unwrap(found) { parent = unwrapped } else { parent = Self.noParent }
        // One level for the loop: its variable (when there is one) and `forloop` in slots,
        // changed in place on every iteration.
        let single = loopVars.count == 1
        context.push(slots: slotNames)
        defer { context.pop() }
        let value = try sequence.resolveAny(context, ignoreFailures: true)
        var values: [Any]
        // An array, [Any] or typed ([Question]), is read as it is, with no Optional made of it.
        let type = ValueKind.dynamicType(value)
        if type == [Any].self {
            values = ValueKind.payload(value, as: [Any].self)
        } else if !MetadataKind.isOptional(type), type != AnyHashable.self, let arrayType = TemplateAttributes.arrayType(for: type) {
            guard single else {
                values = arrayType.templateElements(value)
                guard !values.isEmpty else { return try empty.render(context, into: &output) }
                if reversed { values.reverse() }
                return try render(values, parent: parent, single: single, context, into: &output)
            }
            // A typed array ([Question]) with one loop variable: each element boxed in turn
            // straight into the loop's slot, with no [Any] of them all.
            let count = arrayType.templateCount(value)
            guard count > 0 else { return try empty.render(context, into: &output) }
            let (loop, visibleLoop, name) = start(length: count, parent: parent, context)
            if type == [[String: Any]].self {
                try arrayType.forEachTemplateElement(value, reversed: reversed) { index, item in
                    loop.counter0 = index
                    context.setLoopItem(item, named: name, loop: visibleLoop)
                    try body.render(context, into: &output)
                }
                return
            }
            try arrayType.forEachTemplateElement(value, reversed: reversed) { index, item in
                loop.counter0 = index
                context.setLoopItem(moving: consume item, loop: visibleLoop)
                try body.render(context, into: &output)
            }
            return
        } else {
            values = try Self.values(Value.isNone(value) ? nil : value)
        }
        guard !values.isEmpty else { return try empty.render(context, into: &output) }
        if reversed { values.reverse() }
        try render(values, parent: parent, single: single, context, into: &output)
    }

    /// The items of any other value a loop is given (Value.list, or TagSupport.sequence).
    private static func values(_ resolved: Any?) throws -> [Any] {
        let values: [Any]
        if Value.unwrap(resolved) == nil {
            values = []
        } else if let list = Value.list(resolved) ?? TagSupport.sequence(Value.unwrap(resolved)!) {
            values = list
        } else {
            throw TagRenderError("'\(TagSupport.typeName(resolved))' object is not iterable")
        }
        return values
    }

    /// The `forloop` of a loop with one variable, set in its slot; the loop as that variable's
    /// level shows it (nil when the variable is named `forloop`), and the variable's name.
    @inline(__always) private func start(length: Int, parent: Any, _ context: Context) -> (ForLoop, ForLoop?, SmallKey?) {
        let loop = ForLoop(length: length, parentloop: parent)
        context.setSlot(1, loop)
        return (loop, loopVars[0] == "forloop" ? nil : loop, SmallKey(loopVars[0]))
    }

    /// The loop over `values` (not empty), with its `forloop` under `parent`.
    private func render(_ values: [Any], parent: Any, single: Bool, _ context: Context, into output: inout RenderBuffer) throws {
        if single {
            let (loop, visibleLoop, name) = start(length: values.count, parent: parent, context)
            for index in values.indices {
                loop.counter0 = index
                context.setLoopItem(values[index], named: name, loop: visibleLoop)
                try body.render(context, into: &output)
            }
            return
        }
        let loop = ForLoop(length: values.count, parentloop: parent)
        context.setSlot(0, loop)
        for (index, item) in values.enumerated() {
            loop.counter0 = index
            let parts = TagSupport.unpack(item) ?? [item]
            guard parts.count == loopVars.count else {
                throw TagRenderError("Need \(loopVars.count) values to unpack in for loop; got \(parts.count). ")
            }
            var unpacked: [String: Any] = [:]
            for (name, part) in zip(loopVars, parts) { unpacked[name] = part }
            context.push(unpacked)
            defer { context.pop() }
            try body.render(context, into: &output)
        }
    }
}

final class ForLoop: TemplateLookup, CustomStringConvertible {
    let length: Int
    let parentloop: Any
    var counter0 = 0
    /// `{% ifchanged %}` state, by node.
    var ifchanged: [ObjectIdentifier: Any] = [:]

    init(length: Int, parentloop: Any) {
        self.length = length
        self.parentloop = parentloop
    }

    /// The fields of `forloop`.
    enum Key: String, Sendable {
        case counter0, counter, revcounter, revcounter0, first, last, parentloop, length
    }

    func value(_ key: Key) -> Any {
        switch key {
        case .counter0: counter0
        case .counter: counter0 + 1
        case .revcounter: length - counter0
        case .revcounter0: length - counter0 - 1
        case .first: counter0 == 0
        case .last: counter0 == length - 1
        case .parentloop: parentloop
        case .length: length
        }
    }

    func templateValue(forKey key: String) -> Any? { Key(rawValue: key).map(value) }

    var description: String {
        "{'parentloop': \(Value.pythonRepr(parentloop)), 'length': \(length), 'counter0': \(counter0), 'counter': \(counter0 + 1), "
            + "'revcounter': \(length - counter0), 'revcounter0': \(length - counter0 - 1), "
            + "'first': \(counter0 == 0 ? "True" : "False"), 'last': \(counter0 == length - 1 ? "True" : "False")}"
    }
}
