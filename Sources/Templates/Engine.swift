import Foundation
import Synchronization

/// A compiled template: its node tree, its name and where it came from.
public final class Template: Sendable {
    public let name: String?
    /// Where the source was found: a file path, or "<memory>" / "<string>".
    public let origin: String
    public let nodelist: NodeList
    public let engine: Engine

    init(name: String?, origin: String, source: String, engine: Engine) throws {
        self.name = name
        self.origin = origin
        self.engine = engine
        nodelist = try Parser(source, templateName: name ?? origin, engine: engine, library: engine.library).parse()
    }

    /// A template made of nodes already compiled: a partial of another template.
    init(name: String?, origin: String, nodelist: NodeList, engine: Engine) {
        self.name = name
        self.origin = origin
        self.engine = engine
        self.nodelist = nodelist
    }

    /// The partial `{% partialdef name %}` defines in this template, as a template of its own.
    func partial(_ partialName: String) -> Template? {
        guard let registry = nodelist.nodes(ofType: PartialDefNode.self).first?.registry,
              let partial = registry.nodelist(partialName) else { return nil }
        return Template(name: (name ?? origin) + "#" + partialName, origin: origin, nodelist: partial, engine: engine)
    }

    /// Renders with `context`; the first template rendered binds itself to the context.
    public func render(_ context: Context) throws -> String {
        guard context.template == nil else { return try nodelist.render(context) }
        context.template = self
        defer { context.template = nil }
        return try nodelist.render(context)
    }

    /// Renders with a fresh context of `values` (autoescape as the engine says).
    public func render(_ values: [String: Any] = [:]) throws -> String {
        try render(Context(values, autoescape: engine.autoescape))
    }

    /// Renders with a fresh context of `values` whose `{% url %}` tags use `reverser`.
    public func render(_ values: [String: Any], reverser: URLReverser?) throws -> String {
        let context = Context(values, autoescape: engine.autoescape)
        context.reverser = reverser
        return try render(context)
    }

    /// Renders with a fresh context of `values` over `defaults` (see `Context.init(_:beneath:)`)
    /// whose `{% url %}` tags use `urlReverser`.
    public func render(_ values: [String: Any], beneath defaults: [String: Any] = [:], urlReverser: (any TemplateURLReverser)?) throws -> String {
        let context = Context(values, beneath: defaults, autoescape: engine.autoescape)
        context.urlReverser = urlReverser
        return try render(context)
    }

    /// `render(_:beneath:urlReverser:)` as UTF-8, what a response's body holds: the page's
    /// bytes with no String made of them on the way.
    /// `slots` are more values of the defaults' level, named apart (found before its dictionary).
    public func renderBytes(_ values: [String: Any], beneath defaults: [String: Any] = [:], slots: (names: [String], values: [Any])? = nil,
                            urlReverser: (any TemplateURLReverser)?) throws -> [UInt8] {
        let context = Context(values, beneath: defaults, slots: slots, autoescape: engine.autoescape)
        context.urlReverser = urlReverser
        context.template = self
        var output = RenderBuffer()
        try nodelist.render(context, into: &output)
        return output.bytes
    }
}

/// The template engine (Django's Engine): where templates are found (directories, app
/// `templates/` folders, templates held in memory), the compiled-template cache (Django's
/// cached loader, which checks file modification times when `debug` is on), and the options:
/// autoescape, string_if_invalid, libraries (what `{% load %}` finds by name, before the
/// process-wide `Libraries`) and builtins.
public final class Engine: Sendable {
    public let dirs: [String]
    public let autoescape: Bool
    public let stringIfInvalid: String
    public let debug: Bool
    let memory: [String: String]
    let library: Library
    /// The engine's own loadable libraries by name (Django's `Engine(libraries=…)`).
    public let libraries: [String: Library]
    private let cache = Mutex(TemplateCache())

    /// The compiled templates by name, and the one found last: asked for again (a view renders
    /// the same template on every request) it is found by comparing the name, not hashing it.
    private struct TemplateCache {
        typealias Entry = (template: Template, modified: Date?)
        var byName: [String: Entry] = [:]
        var last: (name: String, entry: Entry)?

        mutating func entry(_ name: String) -> Entry? {
            if let last, last.name == name { return last.entry }
            guard let found = byName[name] else { return nil }
            last = (name, found)
            return found
        }

        mutating func store(_ name: String, _ entry: Entry) {
            byName[name] = entry
            last = (name, entry)
        }
    }

    public init(dirs: [String] = [], templates: [String: String] = [:], autoescape: Bool = true,
                stringIfInvalid: String = "", debug: Bool = false, builtins: [Library] = [],
                libraries: [String: Library] = [:]) {
        self.dirs = dirs
        memory = templates
        self.autoescape = autoescape
        self.stringIfInvalid = stringIfInvalid
        self.debug = debug
        library = builtins.reduce(Library.builtins) { $0.merging($1) }
        self.libraries = libraries
    }

    /// `get_template(name)`: compiled once and cached. "name#partial" is the partial that
    /// `{% partialdef partial %}` defines in template `name`.
    public func getTemplate(_ name: String) throws -> Template {
        // Searched as bytes: a Character search walks grapheme clusters (thousands of instructions).
        if name.utf8.withContiguousStorageIfAvailable({ $0.contains(UInt8(ascii: "#")) }) ?? true,
           let hash = name.utf8.firstIndex(of: UInt8(ascii: "#")) {
            let base = String(name[..<hash]), partialName = String(name[name.index(after: hash)...])
            guard !base.isEmpty else { throw TemplateDoesNotExist(name) }
            let template = try getTemplate(base)
            guard !partialName.isEmpty else { return template }
            guard let partial = template.partial(partialName) else {
                throw TemplateDoesNotExist(partialName, tried: [(base, "Partial is not defined")])
            }
            return partial
        }
        if let cached = cache.withLock({ $0.entry(name) }) {
            guard debug, let modified = cached.modified else { return cached.template }
            if Self.modificationDate(cached.template.origin) == modified { return cached.template }
        }
        let (source, origin) = try findSource(name)
        let template = try Template(name: name, origin: origin, source: source, engine: self)
        let modified = origin.hasPrefix("<") ? nil : Self.modificationDate(origin)
        cache.withLock { $0.store(name, (template, modified)) }
        return template
    }

    /// `select_template(names)`: the first that exists.
    public func selectTemplate(_ names: [String]) throws -> Template {
        var tried: [(String, String)] = []
        for name in names {
            do {
                return try getTemplate(name)
            } catch let missing as TemplateDoesNotExist {
                tried += missing.tried
            }
        }
        throw TemplateDoesNotExist(names.joined(separator: ", "), tried: tried)
    }

    /// `from_string(source)`: a template that is not cached.
    public func fromString(_ source: String, name: String? = nil) throws -> Template {
        try Template(name: name, origin: "<string>", source: source, engine: self)
    }

    /// `render_to_string(name, context)`.
    public func renderToString(_ name: String, _ values: [String: Any] = [:]) throws -> String {
        try getTemplate(name).render(values)
    }

    /// The source of `name`: from memory, then each directory in order; TemplateDoesNotExist
    /// lists every place tried.
    public func findSource(_ name: String) throws -> (source: String, origin: String) {
        var tried: [(String, String)] = []
        if let source = memory[name] { return (source, "<memory>:\(name)") }
        if !memory.isEmpty { tried.append(("<memory>:\(name)", "Source does not exist")) }
        for directory in dirs {
            let path = (directory as NSString).appendingPathComponent(name)
            let resolved = (path as NSString).standardizingPath
            // Django's safe_join: a name may not climb out of its directory.
            guard resolved.hasPrefix((directory as NSString).standardizingPath) else {
                tried.append((path, "Source is outside the template directory"))
                continue
            }
            if let data = FileManager.default.contents(atPath: resolved) {
                guard let source = String(data: data, encoding: .utf8) else {
                    tried.append((resolved, "Source is not UTF-8"))
                    continue
                }
                return (source, resolved)
            }
            tried.append((resolved, "Source does not exist"))
        }
        throw TemplateDoesNotExist(name, tried: tried)
    }

    static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
