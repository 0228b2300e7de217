/// `{% cycle 'a' 'b' %}`, `{% cycle a b as name [silent] %}`, `{% cycle name %}` (the named
/// cycle again) and `{% resetcycle [name] %}`. The position lives in the render context, so
/// every render of a template starts at the first value.
enum CycleTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var args = token.splitContents()
        guard args.count >= 2 else {
            throw TemplateSyntaxError("'cycle' tag requires at least two arguments")
        }
        let extras = ParserExtras.of(parser)
        if args.count == 2 {
            let name = args[1]
            guard !extras.namedCycles.isEmpty else {
                throw TemplateSyntaxError("No named cycles in template. '\(name)' is not defined")
            }
            guard let node = extras.namedCycles[name] else {
                throw TemplateSyntaxError("Named cycle '\(name)' does not exist")
            }
            return node
        }
        var name: String?
        var silent = false
        if args.count > 4 {
            if args[args.count - 3] == "as" {
                guard args.last == "silent" else {
                    throw TemplateSyntaxError("Only 'silent' flag is allowed after cycle's name, not '\(args.last!)'.")
                }
                silent = true
                args.removeLast()
                name = args.last
            } else if args[args.count - 2] == "as" {
                name = args.last
            }
        }
        let node: CycleNode
        if let name {
            let values = try args[1..<(args.count - 2)].map { try parser.compileFilter($0) }
            node = CycleNode(values, name: name, silent: silent, line: token.line)
            extras.namedCycles[name] = node
        } else {
            node = CycleNode(try args.dropFirst().map { try parser.compileFilter($0) }, name: nil, silent: false, line: token.line)
        }
        extras.lastCycle = node
        return node
    }

    static func compileReset(_ parser: Parser, _ token: Token) throws -> any Node {
        let args = token.splitContents()
        guard args.count <= 2 else { throw TemplateSyntaxError("'\(args[0])' tag accepts at most one argument.") }
        let extras = ParserExtras.of(parser)
        if args.count == 2 {
            guard let node = extras.namedCycles[args[1]] else {
                throw TemplateSyntaxError("Named cycle '\(args[1])' does not exist.")
            }
            return ResetCycleNode(node, line: token.line)
        }
        guard let node = extras.lastCycle else { throw TemplateSyntaxError("No cycles in template.") }
        return ResetCycleNode(node, line: token.line)
    }
}

final class CycleNode: Node {
    let values: [FilterExpression]
    let name: String?
    let silent: Bool
    let line: Int

    /// The text of each value that is a string literal without filters (safe, as Django's
    /// literals are), which renders as it is.
    let literalTexts: [String?]

    init(_ values: [FilterExpression], name: String?, silent: Bool, line: Int) {
        self.values = values
        self.name = name
        self.silent = silent
        self.line = line
        literalTexts = values.map { value in
            guard value.filters.isEmpty, case .literal(.safe(let text)) = value.variable.kind else { return nil }
            return text
        }
    }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        let state = context.renderContext.state(for: self) { CycleState() }
        let index = state.index
        state.index = (index + 1) % values.count
        if name == nil, let text = literalTexts[index] { return output.append(text) }
        let value = try values[index].resolveAny(context)
        if let name { context.setUpward(name, Value.isNone(value) ? nil : value) }
        if !silent { Rendering.render(any: value, context, into: &output) }
    }

    func reset(_ context: Context) { context.renderContext.state(for: self) { CycleState() }.index = 0 }
}

/// Where a cycle is, in one render.
final class CycleState {
    var index = 0
}

final class ResetCycleNode: Node {
    let cycle: CycleNode
    let line: Int
    init(_ cycle: CycleNode, line: Int) {
        self.cycle = cycle
        self.line = line
    }
    func render(_ context: Context) throws -> String {
        cycle.reset(context)
        return ""
    }
}
