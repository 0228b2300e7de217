/// Django's template Parser: turns tokens into nodes, dispatching each `{% tag %}` to its
/// compiler, which may parse on up to its end tag. Errors carry the template name, the line
/// and the token.
public final class Parser {
    var tokens: [Token]
    var position = 0
    public private(set) var library: Library
    public let templateName: String?
    public let engine: Engine?
    /// Block names seen, to refuse duplicates (Django's `__loaded_blocks`).
    public var blockNames: Set<String> = []
    /// The stack of tags being parsed, for "unclosed tag" errors.
    var openTags: [Token] = []

    public init(_ source: String, templateName: String? = nil, engine: Engine? = nil, library: Library = .builtins) {
        tokens = Lexer.tokenize(source)
        self.templateName = templateName
        self.engine = engine
        self.library = library
    }

    /// Parses nodes until a block token whose first word is in `until` (left unconsumed), or the end.
    public func parse(until: Set<String> = []) throws -> NodeList {
        var nodes: [any Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token.kind {
            case .text:
                nodes.append(TextNode(token.contents, line: token.line))
            case .variable:
                guard !token.contents.isEmpty else { throw error("Empty variable tag on line \(token.line).", token) }
                do {
                    nodes.append(VariableNode(try FilterExpression(token.contents, library: library), line: token.line))
                } catch let syntax as TemplateSyntaxError {
                    throw located(syntax, token)
                }
            case .comment:
                continue
            case .block:
                guard let command = token.contents.split(separator: " ").first.map(String.init) else {
                    throw error("Empty block tag on line \(token.line).", token)
                }
                if until.contains(command) {
                    position -= 1
                    return NodeList(nodes)
                }
                guard let compile = library.tags[command] else {
                    throw invalidTag(command, token, until: until)
                }
                openTags.append(token)
                do {
                    nodes.append(try compile(self, token))
                } catch let syntax as TemplateSyntaxError {
                    throw located(syntax, token)
                }
                openTags.removeLast()
            }
        }
        if !until.isEmpty {
            let opener = openTags.last
            throw error("Unclosed tag on line \(opener?.line ?? 0): '\(opener.map { String($0.contents.split(separator: " ").first ?? "") } ?? "")'. Looking for one of: \(until.sorted().joined(separator: ", ")).", opener)
        }
        return NodeList(nodes)
    }

    /// The next token, consumed.
    public func nextToken() -> Token? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    /// Skips tokens up to and including the block tag `name` (for comments and verbatim).
    public func skipPast(_ name: String) throws {
        while let token = nextToken() {
            if token.kind == .block && token.contents == name { return }
        }
        throw error("Unclosed tag: looking for '\(name)'.", openTags.last)
    }

    /// Compiles a filter expression with this parser's library.
    public func compileFilter(_ source: String) throws -> FilterExpression {
        try FilterExpression(source, library: library)
    }

    /// Adds a library's tags and filters for the rest of this template (`{% load %}`).
    public func load(_ other: Library) { library = library.merging(other) }

    /// An error at `token`, naming this template.
    public func error(_ message: String, _ token: Token?) -> TemplateSyntaxError {
        TemplateSyntaxError(message, templateName: templateName, line: token?.line, token: token.map(Self.display))
    }

    func located(_ error: TemplateSyntaxError, _ token: Token) -> TemplateSyntaxError {
        var error = error
        if error.templateName == nil { error.templateName = templateName }
        if error.line == nil { error.line = token.line }
        if error.token == nil { error.token = Self.display(token) }
        return error
    }

    static func display(_ token: Token) -> String {
        switch token.kind {
        case .block: "{% \(token.contents) %}"
        case .variable: "{{ \(token.contents) }}"
        case .comment: "{# \(token.contents) #}"
        case .text: token.contents
        }
    }

    private func invalidTag(_ command: String, _ token: Token, until: Set<String>) -> TemplateSyntaxError {
        if !until.isEmpty {
            // Django's get_text_list(…, "or"): 'a', 'b' or 'c'.
            let quoted = until.sorted().map { "'\($0)'" }
            let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            return error("Invalid block tag on line \(token.line): '\(command)', expected \(list). Did you forget to register or load this tag?", token)
        }
        return error("Invalid block tag on line \(token.line): '\(command)'. Did you forget to register or load this tag?", token)
    }
}
