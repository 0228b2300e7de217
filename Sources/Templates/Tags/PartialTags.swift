import Synchronization

/// Django 6's template partials: `{% partialdef name [inline] %}…{% endpartialdef [name] %}`
/// defines a named fragment (rendered in place only with `inline`), and `{% partial name %}`
/// renders it, even before its definition in the source. Partials belong to one template.
enum PartialTags {
    static func compileDef(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        let inline: Bool
        switch bits.count {
        case 2: inline = false
        case 3:
            guard bits[2] == "inline" else {
                throw TemplateSyntaxError("The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.")
            }
            inline = true
        case 1: throw TemplateSyntaxError("'partialdef' tag requires a name")
        default: throw TemplateSyntaxError("'partialdef' tag takes at most 2 arguments")
        }
        let name = bits[1]
        let ends = ["endpartialdef", "endpartialdef \(name)"]
        let nodelist = try parser.parse(until: Set(ends))
        let end = parser.nextToken()
        guard let end, ends.contains(end.contents) else {
            throw parser.error("Invalid block tag on line \(end?.line ?? token.line): 'endpartialdef', expected 'endpartialdef' or 'endpartialdef \(name)'. Did you forget to register or load this tag?", end)
        }
        let registry = ParserExtras.of(parser).partials
        guard registry.define(name, nodelist) else {
            throw TemplateSyntaxError("Partial '\(name)' is already defined in the '\(parser.templateName ?? "<unknown source>")' template.")
        }
        return PartialDefNode(name: name, inline: inline, nodelist: nodelist, registry: registry, line: token.line)
    }

    static func compileUse(_ parser: Parser, _ token: Token) throws -> any Node {
        let bits = token.splitContents()
        guard bits.count == 2 else { throw TemplateSyntaxError("'partial' tag requires a single argument") }
        return PartialNode(name: bits[1], registry: ParserExtras.of(parser).partials, line: token.line)
    }
}

/// The partials of one template, filled while it compiles and read when it renders.
final class PartialRegistry: Sendable {
    private let partials = Mutex<[String: NodeList]>([:])

    /// Adds a partial; false when the name is taken.
    func define(_ name: String, _ nodelist: NodeList) -> Bool {
        partials.withLock { table in
            guard table[name] == nil else { return false }
            table[name] = nodelist
            return true
        }
    }

    func nodelist(_ name: String) -> NodeList? { partials.withLock { $0[name] } }
}

final class PartialDefNode: Node {
    let name: String
    let inline: Bool
    let nodelist: NodeList
    /// Every partial of the template this one is in.
    let registry: PartialRegistry
    let line: Int

    init(name: String, inline: Bool, nodelist: NodeList, registry: PartialRegistry, line: Int) {
        self.name = name
        self.inline = inline
        self.nodelist = nodelist
        self.registry = registry
        self.line = line
    }

    var childNodeLists: [NodeList] { [nodelist] }

    func render(_ context: Context) throws -> String { inline ? try nodelist.render(context) : "" }
}

final class PartialNode: Node {
    let name: String
    let registry: PartialRegistry
    let line: Int

    init(name: String, registry: PartialRegistry, line: Int) {
        self.name = name
        self.registry = registry
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        guard let nodelist = registry.nodelist(name) else {
            throw TemplateSyntaxError("Partial '\(name)' is not defined in the current template.")
        }
        return try nodelist.render(context)
    }
}
