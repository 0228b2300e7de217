import Foundation

/// One entry of a URLconf: a pattern that leads to a view, or to an included URLconf.
public struct URLEntry: Sendable {
    enum Pattern: Sendable {
        case route(RoutePattern)
        case regex(RegexPattern)

        var text: String {
            switch self {
            case .route(let route): route.route
            case .regex(let regex): regex.pattern
            }
        }

        var problem: String? {
            switch self {
            case .route(let route): route.problem
            case .regex(let regex): regex.problem
            }
        }

        /// Where a match at `path[start...]` ends and the arguments it captured (keyword
        /// arguments, else positional ones).
        func match(_ path: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, arguments: ViewArguments)? {
            switch self {
            case .route(let route): route.match(path, from: start)
            case .regex(let regex): regex.match(path, from: start).map { ($0.end, ViewArguments(positional: $0.positional, named: $0.named)) }
            }
        }

        var parameterNames: [String] {
            switch self {
            case .route(let route): return route.parameterNames
            case .regex(let regex):
                return regex.pattern.components(separatedBy: "(?P<").dropFirst().compactMap { $0.split(separator: ">").first.map(String.init) }
            }
        }

        func reverse(_ named: [String: PathValue], _ positional: [PathValue]) -> String? {
            switch self {
            case .route(let route):
                if named.isEmpty { return route.reverse(positional: positional) }
                guard positional.isEmpty || route.parameterNames.count == positional.count else { return nil }
                var values = named
                for (name, value) in zip(route.parameterNames, positional) { values[name] = value }
                guard Set(values.keys) == Set(route.parameterNames) else { return nil }
                return route.reverse(values)
            case .regex(let regex):
                return regex.reverse(named, positional)
            }
        }
    }

    enum Target: Sendable {
        case view(View, name: String?, defaults: [String: PathValue])
        case include(URLInclude)
    }

    let pattern: Pattern
    let target: Target
    /// How the technical 404 page and `shallot routes` show it: `<int:question_id>/ [name='detail']`.
    /// Worked out once: resolving lists every pattern tried before the one that matches.
    let display: String

    init(pattern: Pattern, target: Target) {
        self.pattern = pattern
        self.target = target
        if case .view(_, let name?, _) = target { display = "\(pattern.text) [name='\(name)']" } else { display = pattern.text }
    }
}

/// `include()`: a URLconf mounted under a prefix, with an application and an instance namespace.
public struct URLInclude: Sendable {
    let patterns: [URLEntry]
    let appName: String?
    let namespace: String?
}

/// `include(patterns, namespace:)`: `appName` is the application namespace (a urls module's
/// `app_name`); `namespace`, the instance namespace, defaults to it.
public func include(_ patterns: [URLEntry], appName: String? = nil, namespace: String? = nil) -> URLInclude {
    URLInclude(patterns: patterns, appName: appName, namespace: namespace ?? appName)
}

/// `path(route, view, name:)`: a route with converters (`<int:question_id>/`) to a view.
public func path(_ route: String, _ view: View, name: String? = nil, kwargs: [String: PathValue] = [:]) -> URLEntry {
    URLEntry(pattern: .route(RoutePattern(route, isEndpoint: true)), target: .view(view, name: name, defaults: kwargs))
}

/// `path(route, include(...))`: a URLconf mounted under a route prefix.
public func path(_ route: String, _ included: URLInclude) -> URLEntry {
    URLEntry(pattern: .route(RoutePattern(route, isEndpoint: false)), target: .include(included))
}

/// `re_path(regex, view, name:)`: a regular expression to a view.
public func rePath(_ regex: String, _ view: View, name: String? = nil, kwargs: [String: PathValue] = [:]) -> URLEntry {
    URLEntry(pattern: .regex(RegexPattern(regex, isEndpoint: true)), target: .view(view, name: name, defaults: kwargs))
}

/// `re_path(regex, include(...))`.
public func rePath(_ regex: String, _ included: URLInclude) -> URLEntry {
    URLEntry(pattern: .regex(RegexPattern(regex, isEndpoint: false)), target: .include(included))
}

/// Resolver404: no pattern matched. Carries every pattern tried, for the technical 404 page.
public struct Resolver404: Error, CustomStringConvertible {
    public var path: String
    public var tried: [[String]]
    public var description: String { "Resolver404: no URL pattern matches \(path.debugDescription)" }
}

/// NoReverseMatch: `reverse()` found no pattern for the name and arguments.
public struct NoReverseMatch: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
