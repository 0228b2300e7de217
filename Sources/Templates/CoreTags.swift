/// The tags the parser itself leans on: comment, load, verbatim, templatetag, autoescape.
enum CoreTags {
    /// The library `{% load name %}` brings in: the engine's own, else the process-wide one.
    static func loadable(_ parser: Parser, _ name: String) -> Library? {
        parser.engine?.libraries[name] ?? Libraries.named(name)
    }

    static func notRegistered(_ parser: Parser, _ name: String) -> TemplateSyntaxError {
        let own = parser.engine.map { Array($0.libraries.keys) } ?? []
        let names = Set(Libraries.names).union(own).sorted()
        return TemplateSyntaxError("'\(name)' is not a registered tag library. Must be one of:\n\(names.joined(separator: "\n"))")
    }

    static let all: [(String, TagCompiler)] = [
        ("comment", { parser, _ in
            try parser.skipPast("endcomment")
            return TextNode("", line: 0)
        }),
        ("load", { parser, token in
            let words = token.splitContents()
            // {% load name1 name2 %} or {% load filter1 filter2 from name %}
            if let from = words.firstIndex(of: "from"), from >= 2, from == words.count - 2 {
                guard let library = loadable(parser, words[from + 1]) else { throw notRegistered(parser, words[from + 1]) }
                var subset = Library()
                for name in words[1..<from] {
                    if let filter = library.filters[name] { subset.register(filter) } else if let tag = library.tags[name] {
                        subset.registerTag(name, tag)
                    } else {
                        throw TemplateSyntaxError("'\(name)' is not a valid tag or filter in tag library '\(words[from + 1])'")
                    }
                }
                parser.load(subset)
            } else {
                for name in words.dropFirst() {
                    guard let library = loadable(parser, name) else { throw notRegistered(parser, name) }
                    parser.load(library)
                }
            }
            return TextNode("", line: token.line)
        }),
        ("verbatim", { parser, token in
            // The lexer kept everything up to the matching end tag as text.
            let end = "end" + token.contents
            var text = ""
            while let next = parser.nextToken() {
                if next.kind == .block && next.contents == end { return TextNode(text, line: token.line) }
                text += next.kind == .text ? next.contents : Parser.display(next)
            }
            throw TemplateSyntaxError("Unclosed tag on line \(token.line): 'verbatim'. Looking for one of: \(end).")
        }),
        ("templatetag", { _, token in
            let words = token.splitContents()
            let mapping = ["openblock": "{%", "closeblock": "%}", "openvariable": "{{", "closevariable": "}}",
                           "openbrace": "{", "closebrace": "}", "opencomment": "{#", "closecomment": "#}"]
            guard words.count == 2 else { throw TemplateSyntaxError("'templatetag' statement takes one argument") }
            guard let text = mapping[words[1]] else {
                let names = ["openblock", "closeblock", "openvariable", "closevariable", "openbrace", "closebrace", "opencomment", "closecomment"]
                throw TemplateSyntaxError("Invalid templatetag argument: '\(words[1])'. Must be one of: [" + names.map { "'\($0)'" }.joined(separator: ", ") + "]")
            }
            return TextNode(text, line: token.line)
        }),
        ("autoescape", { parser, token in
            let words = token.splitContents()
            guard words.count == 2, words[1] == "on" || words[1] == "off" else {
                throw TemplateSyntaxError(words.count == 2 ? "'autoescape' argument should be 'on' or 'off'" : "'autoescape' tag requires exactly one argument.")
            }
            let nodelist = try parser.parse(until: ["endautoescape"])
            _ = parser.nextToken()
            return AutoescapeNode(words[1] == "on", nodelist, line: token.line)
        }),
    ]
}

/// `{% autoescape on|off %}`.
final class AutoescapeNode: Node {
    let setting: Bool
    let nodelist: NodeList
    let line: Int
    init(_ setting: Bool, _ nodelist: NodeList, line: Int) {
        self.setting = setting
        self.nodelist = nodelist
        self.line = line
    }
    var childNodeLists: [NodeList] { [nodelist] }
    func render(_ context: Context) throws -> String {
        let saved = context.autoescape
        context.autoescape = setting
        defer { context.autoescape = saved }
        // Node output is already rendered text: an enclosing {% filter %} treats it as safe.
        return try nodelist.render(context)
    }
}
