/// extends, block and include: template inheritance as Django's loader_tags does it.
enum InheritanceTags {
    static let all: [(String, TagCompiler)] = [
        ("block", { try compileBlock($0, $1) }),
        ("extends", { try compileExtends($0, $1) }),
        ("include", { try compileInclude($0, $1) }),
    ]

    /// `{% block name %}…{% endblock [name] %}`.
    static func compileBlock(_ parser: Parser, _ token: Token) throws -> any Node {
        let words = token.contents.split(separator: " ").map(String.init)
        guard words.count == 2 else { throw TemplateSyntaxError("'\(words[0])' tag takes only one argument") }
        let name = words[1]
        guard !parser.blockNames.contains(name) else {
            throw TemplateSyntaxError("'\(words[0])' tag with name '\(name)' appears more than once")
        }
        parser.blockNames.insert(name)
        let nodelist = try parser.parse(until: ["endblock"])
        guard let end = parser.nextToken() else {
            throw parser.error("Unclosed tag on line \(token.line): 'block'. Looking for one of: endblock.", token)
        }
        let acceptable = ["endblock", "endblock \(name)"]
        guard acceptable.contains(end.contents) else {
            let command = end.contents.split(separator: " ").first.map(String.init) ?? ""
            throw parser.error("Invalid block tag on line \(end.line): '\(command)', expected \(acceptable.map { "'\($0)'" }.joined(separator: " or ")). Did you forget to register or load this tag?", end)
        }
        return BlockNode(name: name, nodelist: nodelist, line: token.line)
    }

    /// `{% extends "base.html" %}` or `{% extends variable %}`: must come before any other tag
    /// or variable, and only once.
    static func compileExtends(_ parser: Parser, _ token: Token) throws -> any Node {
        let words = token.splitContents()
        guard words.count == 2 else { throw TemplateSyntaxError("'\(words[0])' takes one argument") }
        // Only text (and {# comments #}) may come before it: Django's `must_be_first`.
        // (A second extends after the first is left to the first to report.)
        let before = parser.tokens[..<(parser.position - 1)].reversed().prefix { $0.kind != .block || !$0.contents.hasPrefix("extends ") }
        if before.contains(where: { $0.kind == .block || $0.kind == .variable })
            || parser.openTags.dropLast().contains(where: { !$0.contents.hasPrefix("extends") }) {
            let name = parser.templateName.flatMap { $0.hasPrefix("<") ? nil : $0 }
            throw TemplateSyntaxError("{% \(token.contents) %} must be the first tag in \(name.map(Value.pythonRepr) ?? "the template").")
        }
        let parent = try parser.compileFilter(try relativeName(words[1], in: parser.templateName, allowRecursion: false))
        let nodelist = try parser.parse()
        if !allNodes(of: ExtendsNode.self, in: nodelist).isEmpty {
            throw TemplateSyntaxError("'\(words[0])' cannot appear more than once in the same template")
        }
        return ExtendsNode(nodelist: nodelist, parent: parent, templateName: parser.templateName, line: token.line)
    }

    /// `{% include name [with a=b …] [only] %}`.
    static func compileInclude(_ parser: Parser, _ token: Token) throws -> any Node {
        let words = token.splitContents()
        let tag = Value.pythonRepr(words[0])
        guard words.count >= 2 else {
            throw TemplateSyntaxError("\(tag) tag takes at least one argument: the name of the template to be included.")
        }
        var remaining = Array(words.dropFirst(2))
        var seen: Set<String> = []
        var extra: [(String, FilterExpression)] = []
        var only = false
        while !remaining.isEmpty {
            let option = remaining.removeFirst()
            guard !seen.contains(option) else {
                throw TemplateSyntaxError("The \(Value.pythonRepr(option)) option was specified more than once.")
            }
            seen.insert(option)
            switch option {
            case "with":
                // Django's token_kwargs: every following `name=value` word.
                while let word = remaining.first, let eq = word.firstIndex(of: "="), eq != word.startIndex,
                      word[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    remaining.removeFirst()
                    let value = String(word[word.index(after: eq)...])
                    guard !value.isEmpty else { throw TemplateSyntaxError("Could not parse the remainder: '=' from '\(word)'") }
                    extra.append((String(word[..<eq]), try parser.compileFilter(value)))
                }
                if extra.isEmpty {
                    throw TemplateSyntaxError("\"with\" in \(tag) tag needs at least one keyword argument.")
                }
            case "only":
                only = true
            default:
                throw TemplateSyntaxError("Unknown argument for \(tag) tag: \(Value.pythonRepr(option)).")
            }
        }
        let name = try relativeName(words[1], in: parser.templateName, allowRecursion: true)
        return IncludeNode(template: try parser.compileFilter(name), extra: extra, only: only, line: token.line)
    }

    /// A quoted `./name` or `../name` made relative to the template the tag is in (Django's
    /// construct_relative_path); other names are left as they are.
    static func relativeName(_ word: String, in current: String?, allowRecursion: Bool) throws -> String {
        let hasQuotes = word.count >= 2 && (word.first == "\"" || word.first == "'") && word.first == word.last
        let bare = hasQuotes ? String(word.dropFirst().dropLast()) : word
        guard bare.hasPrefix("./") || bare.hasPrefix("../") else { return word }
        guard let current, !current.hasPrefix("<") else {
            throw TemplateSyntaxError("The relative path \(word) was given in a template with no associated name.")
        }
        let trimmed = String(current.drop { $0 == "/" })
        var parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for piece in bare.split(separator: "/", omittingEmptySubsequences: true) {
            switch piece {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(piece))
            }
        }
        let resolved = parts.joined(separator: "/")
        if parts.first == ".." {
            throw TemplateSyntaxError("The relative path '\(word)' points outside the file hierarchy that template '\(current)' is in.")
        }
        if !allowRecursion && resolved == trimmed {
            throw TemplateSyntaxError("The relative path '\(word)' was translated to template name '\(resolved)', the same template in which the tag appears.")
        }
        return hasQuotes ? "\"\(resolved)\"" : resolved
    }

    /// Every node of type `T` in `list`, looking inside matches too (Django's get_nodes_by_type:
    /// a block inside a block is found).
    static func allNodes<T>(of type: T.Type, in list: NodeList) -> [T] {
        var found: [T] = []
        for node in list.nodes {
            if let match = node as? T { found.append(match) }
            for child in node.childNodeLists { found += allNodes(of: type, in: child) }
        }
        return found
    }
}

/// The render-context key of the block context (Django's BLOCK_CONTEXT_KEY).
let blockContextKey = "block_context"
/// The render-context key of the templates an extends chain has passed through.
let extendsHistoryKey = "extends_history"

/// Django's BlockContext: for each block name, the overriding blocks from the base outwards; the
/// last is the most derived, and `{{ block.super }}` walks back towards the base.
final class BlockContext {
    var blocks: [String: [BlockNode]] = [:]

    /// Adds a template's blocks *before* the ones already there (a parent's blocks are added
    /// after its children's).
    func addBlocks(_ nodes: [BlockNode]) {
        var byName: [String: BlockNode] = [:]
        var order: [String] = []
        for node in nodes {
            if byName[node.name] == nil { order.append(node.name) }
            byName[node.name] = node
        }
        for name in order { blocks[name, default: []].insert(byName[name]!, at: 0) }
    }

    func pop(_ name: String) -> BlockNode? { blocks[name]?.popLast() }

    func push(_ name: String, _ block: BlockNode) { blocks[name, default: []].append(block) }

    func getBlock(_ name: String) -> BlockNode? { blocks[name]?.last }
}

/// `{% block name %}`: renders the most derived override of its name, with `block` in the
/// context for `{{ block.super }}`.
final class BlockNode: Node {
    let name: String
    let nodelist: NodeList
    let line: Int

    init(name: String, nodelist: NodeList, line: Int) {
        self.name = name
        self.nodelist = nodelist
        self.line = line
    }

    var childNodeLists: [NodeList] { [nodelist] }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        context.push(slots: ["block"])
        defer { context.pop() }
        guard let blockContext = context.renderContext[blockContextKey] as? BlockContext else {
            // Rendered on its own (a base template, an included one): no super to call.
            let reference = BlockReference(block: self, context: context, blockContext: nil)
            context.setSlot(0, reference)
            return try reference.render(nodelist, into: &output)
        }
        let pushed = blockContext.pop(name)
        let block = pushed ?? self
        defer { if let pushed { blockContext.push(name, pushed) } }
        let reference = BlockReference(block: block, context: context, blockContext: blockContext)
        context.setSlot(0, reference)
        try reference.render(block.nodelist, into: &output)
    }
}

/// What `{{ block }}` is inside a block: `block.super` renders the next block up the chain
/// (safe, so it is not escaped twice), or nothing at the base.
final class BlockReference: TemplateLookup, CustomStringConvertible {
    let block: BlockNode
    let context: Context
    let blockContext: BlockContext?
    /// An error raised while rendering `block.super` (a lookup cannot throw): rethrown once the
    /// block's body has rendered.
    var pendingError: (any Error)?

    init(block: BlockNode, context: Context, blockContext: BlockContext?) {
        self.block = block
        self.context = context
        self.blockContext = blockContext
    }

    var name: String { block.name }
    var description: String { "<Block Node: \(block.name)>" }

    func templateValue(forKey key: String) -> Any? {
        switch key {
        case "name": return block.name
        case "super":
            guard let blockContext else {
                pendingError = TemplateSyntaxError("'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?")
                return ""
            }
            guard blockContext.getBlock(block.name) != nil else { return "" }
            do {
                return SafeString(try block.render(context))
            } catch {
                pendingError = error
                return ""
            }
        default: return nil
        }
    }

    func render(_ nodelist: NodeList, into output: inout RenderBuffer) throws {
        try nodelist.render(context, into: &output)
        if let pendingError { throw pendingError }
    }
}

/// `{% extends parent %}`: renders the parent with this template's blocks overriding its own.
final class ExtendsNode: Node {
    let nodelist: NodeList
    let parent: FilterExpression
    let templateName: String?
    let blocks: [BlockNode]
    let line: Int

    init(nodelist: NodeList, parent: FilterExpression, templateName: String?, line: Int) {
        self.nodelist = nodelist
        self.parent = parent
        self.templateName = templateName
        self.line = line
        blocks = InheritanceTags.allNodes(of: BlockNode.self, in: nodelist)
    }

    var childNodeLists: [NodeList] { [nodelist] }

    func parentTemplate(_ context: Context) throws -> Template {
        let value = Value.unwrap(try parent.resolve(context))
        if let template = value as? Template { return template }
        guard Value.isTruthy(value), let name = Value.text(value) else {
            var message = "Invalid template name in 'extends' tag: \(Value.pythonRepr(value))."
            if !parent.variable.isLiteral || parent.source.contains("|") {
                message += " Got this from the '\(parent.source)' variable."
            }
            throw TemplateSyntaxError(message)
        }
        // A template that extends itself (directly or through others) would never end: Django's
        // loader skips the templates already in the chain, finding no other one.
        let history = context.renderContext[extendsHistoryKey] as? Set<String> ?? []
        guard !history.contains(name) && name != templateName else {
            throw TemplateDoesNotExist(name, tried: [(name, "Skipped to avoid recursion")])
        }
        guard let engine = context.engine else { throw TemplateDoesNotExist(name) }
        return try engine.getTemplate(name)
    }

    func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        let compiledParent = try parentTemplate(context)
        // The chain of templates so far, and the block context, last as long as this render (a
        // context rendered again starts afresh, as Django's render-context scopes do).
        let history = context.renderContext[extendsHistoryKey] as? Set<String>
        var chain = history ?? []
        if let templateName { chain.insert(templateName) }
        if let parentName = compiledParent.name { chain.insert(parentName) }
        context.renderContext[extendsHistoryKey] = chain
        defer { context.renderContext[extendsHistoryKey] = history }
        let existing = context.renderContext[blockContextKey] as? BlockContext
        let blockContext = existing ?? BlockContext()
        if existing == nil { context.renderContext[blockContextKey] = blockContext }
        defer { if existing == nil { context.renderContext[blockContextKey] = nil } }
        blockContext.addBlocks(blocks)
        // The parent's own blocks join unless the parent extends another (its ExtendsNode adds
        // them when it renders).
        for node in compiledParent.nodelist.nodes where !(node is TextNode) {
            if !(node is ExtendsNode) {
                blockContext.addBlocks(InheritanceTags.allNodes(of: BlockNode.self, in: compiledParent.nodelist))
            }
            break
        }
        try compiledParent.nodelist.render(context, into: &output)
    }
}

/// `{% include name %}`: renders another template with this context (plus `with` values), or
/// with only the `with` values (`only`); its blocks render on their own.
final class IncludeNode: Node {
    let template: FilterExpression
    let extra: [(String, FilterExpression)]
    let only: Bool
    let line: Int

    init(template: FilterExpression, extra: [(String, FilterExpression)], only: Bool, line: Int) {
        self.template = template
        self.extra = extra
        self.only = only
        self.line = line
    }

    func resolveTemplate(_ context: Context) throws -> Template {
        let value = Value.unwrap(try template.resolve(context))
        if let template = value as? Template { return template }
        var names: [String] = []
        if let name = Value.text(value) {
            if !name.isEmpty { names = [name] }
        } else if let list = value as? [Any] {
            names = list.compactMap { Value.text($0) }
        } else if Value.isTruthy(value) {
            names = [Value.string(value)]
        }
        guard !names.isEmpty else { throw TemplateDoesNotExist("No template names provided") }
        guard let engine = context.engine else { throw TemplateDoesNotExist(names.joined(separator: ", ")) }
        return names.count == 1 ? try engine.getTemplate(names[0]) : try engine.selectTemplate(names)
    }

    func render(_ context: Context) throws -> String {
        let included = try resolveTemplate(context)
        var values: [String: Any] = [:]
        for (name, expression) in extra { values[name] = try expression.resolve(context) ?? (Optional<Any>.none as Any) }
        if only {
            let isolated = Context(values, autoescape: context.autoescape)
            isolated.reverser = context.reverser
            isolated.urlReverser = context.urlReverser
            isolated.template = context.template ?? included
            return try included.nodelist.render(isolated)
        }
        // A fresh render context: the includer's blocks and cycles are not the included one's.
        let saved = context.renderContext
        context.renderContext = RenderContext()
        context.push(values)
        defer {
            context.pop()
            context.renderContext = saved
        }
        return try included.nodelist.render(context)
    }
}
