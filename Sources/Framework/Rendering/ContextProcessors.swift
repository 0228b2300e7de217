import Gateway
import Synchronization

/// A context processor: what it adds to every template rendered for a request.
public typealias ContextProcessor = @Sendable (HTTPRequest) -> [String: Any]

/// The context processors TEMPLATES can name: Django's dotted names mapped to processors.
/// Auth, CSRF and messages join as those features land.
public struct ContextProcessorRegistry: Sendable {
    private var processors: [String: ContextProcessor] = [:]
    /// The names whose processor is the built-in `request` one, which adds only the request
    /// under "request": a render puts the request in a slot of the processors' level rather
    /// than in a dictionary made per render.
    private var requestProcessors: Set<String> = []
    /// The processors found for the list of names asked for last (TEMPLATES' list, the same
    /// on every render): found again by comparing the list, not by hashing each name.
    private var resolved = Resolved()

    public init() {}

    public mutating func register(_ name: String, _ processor: @escaping ContextProcessor) {
        processors[name] = processor
        requestProcessors.remove(name)
        resolved = Resolved()
    }

    /// Registers Django's `request` processor under `name`: `["request": request]`.
    mutating func registerRequestProcessor(_ name: String) {
        register(name) { request in ["request": request] }
        requestProcessors.insert(name)
    }

    /// A processor found for a render: `addsRequest` when it is the built-in `request` one.
    typealias Found = (name: String, processor: ContextProcessor, addsRequest: Bool)

    /// The processors `names` name that are registered, in order, with their names.
    func processors(named names: [String]) -> [Found] {
        if let known = resolved.last.withLock({ $0 }), known.names == names { return known.processors }
        let found = names.compactMap { name in processors[name].map { (name: name, processor: $0, addsRequest: requestProcessors.contains(name)) } }
        resolved.last.withLock { $0 = (names, found) }
        return found
    }

    /// The last list of names resolved and its processors.
    private final class Resolved: Sendable {
        let last = Mutex<(names: [String], processors: [Found])?>(nil)
    }
    public func processor(named name: String) -> ContextProcessor? { processors[name] }
    public var names: [String] { processors.keys.sorted() }

    /// `request`, `debug` and `static` from `django.template.context_processors`.
    public static let builtIn: ContextProcessorRegistry = {
        var registry = ContextProcessorRegistry()
        registry.registerRequestProcessor("django.template.context_processors.request")
        registry.register("django.template.context_processors.debug") { request in
            // As Django: only with DEBUG and for a client in INTERNAL_IPS.
            guard request.settings.debug, let address = request.environ["REMOTE_ADDR"],
                  request.settings.internalIPs.contains(address) else { return [:] }
            return ["debug": true, "sql_queries": [Any]()]
        }
        registry.register("django.template.context_processors.static") { request in
            ["STATIC_URL": request.settings.staticURL.map { $0.hasPrefix("/") || $0.contains("://") ? $0 : request.scriptName + "/" + $0 } ?? ""]
        }
        return registry
    }()
}
