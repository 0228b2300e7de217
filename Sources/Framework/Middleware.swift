/// The next layer of the onion, as a middleware sees it: never throws, because every layer
/// turns exceptions into responses (Django's `convert_exception_to_response`).
public typealias GetResponse = (HTTPRequest) -> HTTPResponseBase

/// A middleware in Django's callable style: built once with the next layer, then called with
/// every request. It may answer itself, call `getResponse`, and adjust what comes back.
public protocol Middleware: AnyObject {
    /// How the trace and `shallot check` name it.
    var name: String { get }
    func callAsFunction(_ request: HTTPRequest) throws -> HTTPResponseBase
}

extension Middleware {
    public var name: String { String(describing: type(of: self)) }
}

/// `process_view`: runs top → bottom after URL resolution, before the view; a response stops the walk.
public protocol ViewMiddleware: Middleware {
    func processView(_ request: HTTPRequest, _ view: View, _ arguments: ViewArguments) throws -> HTTPResponseBase?
}

/// `process_exception`: runs bottom → top when the view raises; the first response wins.
public protocol ExceptionMiddleware: Middleware {
    func processException(_ request: HTTPRequest, _ error: any Error) throws -> HTTPResponseBase?
}

/// `process_template_response`: runs bottom → top on responses that render later.
public protocol TemplateResponseMiddleware: Middleware {
    func processTemplateResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase
}

/// Django's MiddlewareMixin: the hook style. `processRequest` may answer early; otherwise the
/// inner layers answer and `processResponse` sees the response on its way out.
public protocol MiddlewareMixin: Middleware {
    var getResponse: GetResponse { get }
    func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase?
    func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase
}

extension MiddlewareMixin {
    public func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase? { nil }
    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase { response }

    public func callAsFunction(_ request: HTTPRequest) throws -> HTTPResponseBase {
        // Untraced (the usual case): the hooks and the inner layers, nothing else.
        guard request.lifecycleTrace != nil else {
            if let early = try processRequest(request) { return try processResponse(request, early) }
            return try processResponse(request, getResponse(request))
        }
        return try tracedCall(request)
    }

    /// `callAsFunction` recording each hook in the request's trace.
    private func tracedCall(_ request: HTTPRequest) throws -> HTTPResponseBase {
        let trace = request.trace
        if let early = try processRequest(request) {
            trace?.hook(self, "process_request", "short-circuited: \(early.statusCode)")
            return try processResponse(request, early)
        }
        trace?.hook(self, "process_request", "continued")
        let response = getResponse(request)
        let headersBefore = trace == nil ? [] : Array(response.headers).map { "\($0.name): \($0.value)" }
        let processed = try processResponse(request, response)
        if let trace {
            let headersAfter = Array(processed.headers).map { "\($0.name): \($0.value)" }
            let added = headersAfter.filter { !headersBefore.contains($0) }
            let detail = processed !== response ? "replaced the response: \(processed.statusCode)"
                : added.isEmpty ? "unchanged" : "set " + added.joined(separator: ", ")
            trace.hook(self, "process_response", detail)
        }
        return processed
    }
}

/// Builds a middleware around the next layer; throwing MiddlewareNotUsed leaves it out.
public typealias MiddlewareFactory = @Sendable (Settings, @escaping GetResponse) throws -> any Middleware

/// A built-in middleware in the hook style whose call is MiddlewareMixin's own (a final class
/// that does not implement `callAsFunction`) and whose `getResponse` is the one it was built
/// with: the handler's layer runs its hooks itself and calls the next layer directly, which is
/// what that call would do, without the call and the closure on the way. Traced requests still
/// go through the call, which records the hooks.
protocol BuiltInMixin: MiddlewareMixin {}

extension SecurityMiddleware: BuiltInMixin {}
extension CommonMiddleware: BuiltInMixin {}
extension XFrameOptionsMiddleware: BuiltInMixin {}
extension GZipMiddleware: BuiltInMixin {}
extension ConditionalGetMiddleware: BuiltInMixin {}
