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
public struct ViewArguments: Sendable, Equatable {
    public var positional: [PathValue]
    public var named: [String: PathValue]

    public init(positional: [PathValue] = [], named: [String: PathValue] = [:]) {
        self.positional = positional
        self.named = named
    }

    public subscript(name: String) -> PathValue? { named[name] }
}

/// ResolverMatch: which view a path resolved to, with what arguments, under which names.
public struct ResolverMatch: Sendable {
    public var view: View
    public var arguments: ViewArguments
    /// The pattern's name (`name="detail"`).
    public var urlName: String?
    /// The whole route that matched, includes joined: `polls/<int:question_id>/`.
    public var route: String
    public var appNames: [String]
    public var namespaces: [String]
    /// Every pattern tried before this one matched.
    public var tried: [[String]] {
        get { triedPatterns.patterns }
        set { triedPatterns = .given(newValue) }
    }
    private var triedPatterns: TriedPatterns

    public init(view: View, arguments: ViewArguments, urlName: String?, route: String,
                appNames: [String] = [], namespaces: [String] = [], tried: [[String]] = []) {
        self.init(view: view, arguments: arguments, urlName: urlName, route: route, appNames: appNames, namespaces: namespaces,
                  tried: TriedPatterns.given(tried))
    }

    init(view: View, arguments: ViewArguments, urlName: String?, route: String,
         appNames: [String], namespaces: [String], tried: TriedPatterns) {
        self.view = view
        self.arguments = arguments
        self.urlName = urlName
        self.route = route
        self.appNames = appNames
        self.namespaces = namespaces
        triedPatterns = tried
    }

    /// `app_name`: the app names joined with ":".
    public var appName: String { appNames.joined(separator: ":") }
    /// `namespace`: the namespaces joined with ":".
    public var namespace: String { namespaces.joined(separator: ":") }
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
