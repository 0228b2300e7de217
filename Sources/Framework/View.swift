import Foundation

/// A view: a named callable from a request, and the values its URL captured, to a response.
/// The name is what Django gets from a function's module and qualified name: `polls.views.detail`.
public struct View: Sendable {
    public let name: String
    private let body: @Sendable (HTTPRequest, ViewArguments) throws -> HTTPResponseBase

    public init(_ name: String, _ body: @escaping @Sendable (HTTPRequest, ViewArguments) throws -> HTTPResponseBase) {
        self.name = name
        self.body = body
    }

    public func callAsFunction(_ request: HTTPRequest, _ arguments: ViewArguments = ViewArguments()) throws -> HTTPResponseBase {
        try body(request, arguments)
    }
}

/// A value captured from a URL by a path converter (`<int:question_id>` gives `.int`).
public enum PathValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case uuid(UUID)

    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .uuid(let value): value.uuidString.lowercased()
        }
    }

    public var int: Int? { if case .int(let value) = self { value } else { nil } }
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var uuid: UUID? { if case .uuid(let value) = self { value } else { nil } }
}

/// The positional and keyword arguments a view is called with (Django's `*args, **kwargs`).
///
/// A single keyword argument (the common `<int:question_id>`) is kept as its name and value,
/// not a dictionary: no dictionary is made and no name hashed, to build it or to look it up.
public struct ViewArguments: Sendable, Equatable {
    public var positional: [PathValue]
    /// The one keyword argument, when there is exactly one and `others` is empty. An object:
    /// arguments without it are copied and destroyed with a nil reference, not an optional
    /// name-and-value pair (which costs a switch over the value's cases each time).
    private var one: OneArgument?
    private var others: [String: PathValue]

    private final class OneArgument: Sendable {
        let name: String
        let value: PathValue
        init(_ name: String, _ value: PathValue) {
            self.name = name
            self.value = value
        }
    }

    public init(positional: [PathValue] = [], named: [String: PathValue] = [:]) {
        self.positional = positional
        one = nil
        others = named
    }

    /// One keyword argument, and no positional ones (a route with one parameter).
    init(name: String, value: PathValue) {
        positional = []
        one = OneArgument(name, value)
        others = [:]
    }

    /// The keyword arguments.
    public var named: [String: PathValue] {
        get { one.map { [$0.name: $0.value] } ?? others }
        set {
            one = nil
            others = newValue
        }
    }

    /// Whether there is a keyword argument, without making the dictionary.
    var hasNamed: Bool { one != nil || !others.isEmpty }

    public subscript(name: String) -> PathValue? {
        if let one { return one.name == name ? one.value : nil }
        return others[name]
    }

    public static func == (lhs: ViewArguments, rhs: ViewArguments) -> Bool {
        lhs.positional == rhs.positional && lhs.named == rhs.named
    }
}

/// ResolverMatch: which view a path resolved to, with what arguments, under which names.
///
/// The names (view, URL name, route, app names, namespaces) are those of the URLconf entry that
/// matched, held by one reference to it: a match is copied and destroyed as three fields, not
/// eight. Setting one of them gives the match an entry of its own.
public struct ResolverMatch: Sendable {
    /// The entry that matched, with the names its include chain gives it.
    private var entry: ResolvePlan.Leaf
    public var arguments: ViewArguments
    private var triedPatterns: TriedPatterns

    /// The entry that matched, whose view the handler calls where it is (no copy of the view).
    var leaf: ResolvePlan.Leaf { entry }

    public var view: View {
        get { entry.view }
        set { entry = entry.with(view: newValue) }
    }
    /// The pattern's name (`name="detail"`).
    public var urlName: String? {
        get { entry.urlName }
        set { entry = entry.with(urlName: newValue) }
    }
    /// The whole route that matched, includes joined: `polls/<int:question_id>/`.
    public var route: String {
        get { entry.route }
        set { entry = entry.with(route: newValue) }
    }
    public var appNames: [String] {
        get { entry.appNames }
        set { entry = entry.with(appNames: newValue) }
    }
    public var namespaces: [String] {
        get { entry.namespaces }
        set { entry = entry.with(namespaces: newValue) }
    }
    /// Every pattern tried before this one matched.
    public var tried: [[String]] {
        get { triedPatterns.patterns }
        set { triedPatterns = .given(newValue) }
    }

    public init(view: View, arguments: ViewArguments, urlName: String?, route: String,
                appNames: [String] = [], namespaces: [String] = [], tried: [[String]] = []) {
        entry = ResolvePlan.Leaf(view: view, urlName: urlName, defaults: [:], route: route, appNames: appNames, namespaces: namespaces)
        self.arguments = arguments
        triedPatterns = .given(tried)
    }

    /// The match of the resolver's own entry `entry`.
    init(entry: ResolvePlan.Leaf, arguments: ViewArguments, tried: TriedPatterns) {
        self.entry = entry
        self.arguments = arguments
        triedPatterns = tried
    }

    /// `app_name`: the app names joined with ":".
    public var appName: String { appNames.joined(separator: ":") }
    /// `namespace`: the namespaces joined with ":".
    public var namespace: String { entry.namespace }
    /// `view_name`: namespaces and URL name joined with ":" (or the view's name when unnamed).
    public var viewName: String { (namespaces + [urlName ?? view.name]).joined(separator: ":") }
}

/// The patterns a resolver tried before a match: as given, or listed when asked for by walking
/// the URLconf again for the same path (the resolver's own matches).
enum TriedPatterns: Sendable {
    case given([[String]])
    case onDemand(ResolvePlan, String)

    var patterns: [[String]] {
        switch self {
        case .given(let patterns): patterns
        case .onDemand(let plan, let pathInfo): URLResolver.tried(plan, pathInfo)
        }
    }
}
