import Synchronization

/// Compiles one tag: given the parser (positioned after the tag's token) and the token, it
/// returns the node, parsing up to its end tag if it has one.
public typealias TagCompiler = @Sendable (Parser, Token) throws -> any Node

/// A template library: filters and tags by name. The built-ins are always there; others join a
/// template through `{% load name %}` once registered in `Libraries`.
public struct Library: Sendable {
    public var filters: [String: Filter] = [:]
    public var tags: [String: TagCompiler] = [:]

    public init() {}

    public mutating func register(_ filter: Filter) { filters[filter.name] = filter }
    public mutating func registerTag(_ name: String, _ compile: @escaping TagCompiler) { tags[name] = compile }

    /// This library with another's filters and tags added (theirs win).
    public func merging(_ other: Library) -> Library {
        var merged = self
        merged.filters.merge(other.filters) { _, new in new }
        merged.tags.merge(other.tags) { _, new in new }
        return merged
    }

    /// Django's built-in tags and filters.
    public static let builtins: Library = {
        var library = Library()
        for filter in BuiltinFilters.all { library.register(filter) }
        for fast in FastFilter.allCases { library.filters[fast.rawValue]?.fast = fast }
        for (name, compile) in BuiltinTags.all { library.registerTag(name, compile) }
        return library
    }()
}

/// The libraries `{% load %}` can bring in, by name: a thread-safe registry filled at start-up
/// (Django finds them as `templatetags` modules of installed apps).
public enum Libraries {
    private static let registry = Mutex<[String: Library]>([:])

    public static func register(_ library: Library, as name: String) {
        registry.withLock { $0[name] = library }
    }

    public static func named(_ name: String) -> Library? { registry.withLock { $0[name] } }

    public static var names: [String] { registry.withLock { $0.keys.sorted() } }
}

extension Filter {
    /// Calls the filter as Python code calls a filter function (`floatformat(7.7, 2)`): the
    /// value, the argument (nil when none is given) and, for filters that need it, whether
    /// autoescaping is on (a filter function's default is on).
    public func apply(_ value: Any?, _ argument: Any? = nil, autoescape: Bool = true) throws -> Any? {
        try function(value, argument, autoescape)
    }
}
