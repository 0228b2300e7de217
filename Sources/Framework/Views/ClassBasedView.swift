import Foundation

/// One HTTP method's handler on a class-based view: Django's `def get(self, request, *args, **kwargs)`.
public typealias ViewHandler = (HTTPRequest, ViewArguments) throws -> HTTPResponseBase

/// Django's `django.views.View`: a view written as a type, dispatching on the request method.
///
/// `asView()` turns the type into a `View`. Every request gets a fresh instance, as Django's
/// `as_view()` creates one per call, so state kept on the instance is never shared between
/// requests. The instance is set up with the request and its arguments, then `dispatch` picks
/// the handler named by the lowercased method:
///
/// ```swift
/// final class Greeting: ClassBasedView {
///     var request: HTTPRequest?
///     var arguments = ViewArguments()
///     func get(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
///         HTTPResponse("hello")
///     }
///     func handler(for method: String) -> ViewHandler? { method == "get" ? get : nil }
/// }
/// let view = Greeting.asView()
/// ```
///
/// Where Django looks for a method with `hasattr`, a Swift view answers `handler(for:)`: a
/// handler for the methods it implements, nil for the others. As in Django, HEAD falls back to
/// GET when there is no HEAD handler, OPTIONS has a default answer, and any other method (or one
/// outside `httpMethodNames`) gets a 405 whose Allow header lists what the view implements.
public protocol ClassBasedView: AnyObject, SendableMetatype {
    /// Makes the per-request instance; `asView(configure:)` can then adjust it (Django's initkwargs).
    init()
    /// The request being answered, set by `setup` (Django's `self.request`).
    var request: HTTPRequest? { get set }
    /// The URL's captured values, set by `setup` (Django's `self.args` and `self.kwargs`).
    var arguments: ViewArguments { get set }
    /// The lowercased methods this view may answer, in the order Allow lists them.
    var httpMethodNames: [String] { get }
    /// The handler for a lowercased method name, or nil when the view does not implement it.
    func handler(for method: String) -> ViewHandler?
    /// Stores the request and its arguments on the instance before dispatch.
    func setup(_ request: HTTPRequest, _ arguments: ViewArguments)
    /// Answers the request; by default `dispatchByMethod`. Override to act around every method.
    func dispatch(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase
    /// The answer to a method the view does not implement: 405 with Allow.
    func httpMethodNotAllowed(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase
    /// The answer to OPTIONS when `handler(for: "options")` gives none: 200, Allow, no body.
    func options(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase
}

/// The defaults Django's `View` class gives every class-based view.
public enum ClassBasedViewDefaults {
    /// `View.http_method_names`.
    public static let httpMethodNames = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]
}

extension ClassBasedView {
    public var httpMethodNames: [String] { ClassBasedViewDefaults.httpMethodNames }

    public func handler(for method: String) -> ViewHandler? { nil }

    public func setup(_ request: HTTPRequest, _ arguments: ViewArguments) {
        self.request = request
        self.arguments = arguments
    }

    public func dispatch(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        try dispatchByMethod(request, arguments)
    }

    public func httpMethodNotAllowed(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        HTTPResponseNotAllowed(allowedMethods())
    }

    public func options(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        let response = HTTPResponse()
        response["Allow"] = allowedMethods().joined(separator: ", ")
        response["Content-Length"] = "0"
        return response
    }

    /// Django's `View.dispatch`: the handler for the lowercased method when it is one of
    /// `httpMethodNames` and the view implements it, else `httpMethodNotAllowed`. An overriding
    /// `dispatch` calls this where Django's would call `super().dispatch(...)`.
    public func dispatchByMethod(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        let method = request.method.lowercased()
        if httpMethodNames.contains(method), let handler = resolvedHandler(for: method) {
            return try handler(request, arguments)
        }
        return try httpMethodNotAllowed(request, arguments)
    }

    /// What Django's `getattr(self, method)` finds once the view is set up: the view's own
    /// handler; for HEAD without one, the GET handler; for OPTIONS without one, `options`.
    public func resolvedHandler(for method: String) -> ViewHandler? {
        if let handler = handler(for: method) { return handler }
        switch method {
        case "head": return handler(for: "get")
        case "options": return options
        default: return nil
        }
    }

    /// Django's `_allowed_methods()`: the implemented methods of `httpMethodNames`, uppercased,
    /// in that list's order.
    public func allowedMethods() -> [String] {
        httpMethodNames.filter { resolvedHandler(for: $0) != nil }.map { $0.uppercased() }
    }

    /// Django's `as_view()`: a `View` that makes a new instance for every request, lets
    /// `configure` set it up as `as_view(**initkwargs)` would, then calls `setup` and `dispatch`.
    /// The view's name is the type's qualified name (Django names class-based views after
    /// `view_class`), unless `name` is given.
    public static func asView(name: String? = nil, configure: (@Sendable (Self) -> Void)? = nil) -> View {
        View(name ?? String(reflecting: Self.self)) { request, arguments in
            let instance = Self()
            configure?(instance)
            instance.setup(request, arguments)
            guard instance.request != nil else {
                throw ImproperlyConfigured(
                    "\(Self.self) instance has no 'request' attribute. Did you override setup() and forget to set it?")
            }
            return try instance.dispatch(request, arguments)
        }
    }
}

/// Django's `RedirectView`: redirects every request (GET, HEAD, POST, OPTIONS, DELETE, PUT,
/// PATCH) to `url`, 302 or, when `permanent`, 301; with `queryString`, the request's query
/// string is kept. No URL gives 410 Gone.
///
/// `url` may name the URL's captured values as Python's `%` formatting does: `"/new/%(slug)s/"`,
/// with `%%` for a literal percent sign. `makeURL` computes the target in Swift instead; a
/// subclass may override `redirectURL(_:)` as Django's subclasses override `get_redirect_url`.
/// Configure one per route: `RedirectView.asView { $0.url = "/new/"; $0.permanent = true }`.
open class RedirectView: ClassBasedView {
    public var request: HTTPRequest?
    public var arguments = ViewArguments()
    /// `permanent`: 301 Moved Permanently instead of 302 Found.
    public var permanent = false
    /// `url`: the target, with `%(name)s` placeholders filled from the named arguments.
    public var url: String?
    /// The target computed from the arguments, used when `url` is nil or empty.
    public var makeURL: ((ViewArguments) throws -> String?)?
    /// `query_string`: append the request's query string to the target.
    public var queryString = false

    public required init() {}

    /// Django's `get_redirect_url`: the target, or nil for 410 Gone.
    open func redirectURL(_ arguments: ViewArguments) throws -> String? {
        var target: String
        if let url, !url.isEmpty {
            target = try Self.interpolate(url, arguments.named)
        } else if let makeURL, let made = try makeURL(arguments) {
            target = made
        } else {
            return nil
        }
        let query = request?.environ.queryString ?? ""
        if !query.isEmpty && queryString { target += "?" + query }
        return target
    }

    /// Redirects to `redirectURL`, or answers 410 Gone when there is none.
    open func get(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        guard let target = try redirectURL(arguments), !target.isEmpty else { return HTTPResponse.gone() }
        return permanent ? try HTTPResponsePermanentRedirect(target) : try HTTPResponseRedirect(target)
    }

    /// Every method Django's RedirectView defines answers as GET does (TRACE is not one of them).
    open func handler(for method: String) -> ViewHandler? {
        ["get", "head", "post", "options", "delete", "put", "patch"].contains(method) ? get : nil
    }

    /// A `url` that Python's `%` formatting with a mapping would reject.
    public struct URLFormatError: Error, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// `url % kwargs`: `%(name)s` is the value as text, `%(name)d` and `%(name)i` an integer
    /// value, `%%` a percent sign. A missing name is Python's KeyError; anything else after `%`
    /// is refused as Python refuses it.
    static func interpolate(_ template: String, _ values: [String: PathValue]) throws -> String {
        var out = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            rest = rest[rest.index(after: percent)...]
            if rest.first == "%" {
                out += "%"
                rest = rest.dropFirst()
                continue
            }
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
                throw URLFormatError("RedirectView.url: only %(name)s placeholders and %% are supported: \(template)")
            }
            let key = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard let conversion = rest.popFirst() else { throw URLFormatError("incomplete format") }
            guard let value = values[key] else { throw URLFormatError("KeyError: '\(key)'") }
            switch conversion {
            case "s": out += value.description
            case "d", "i":
                guard let number = value.int else {
                    throw URLFormatError("%\(conversion) format: a real number is required, not \(value)")
                }
                out += String(number)
            default:
                throw URLFormatError("unsupported format character '\(conversion)'")
            }
        }
        return out + rest
    }
}
