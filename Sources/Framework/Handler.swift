import Gateway
import Synchronization

/// Django's WSGIHandler: the site's WSGI callable. Builds the middleware chain once, then for
/// each environ: request_started, the request, the chain (request middleware top → bottom,
/// resolver, view middleware, view, exception middleware, template-response and response
/// middleware bottom → top), start_response, the body, and request_finished when it is closed.
///
/// Middleware instances are built once and shared by every worker thread, as in Django: a
/// middleware keeps no per-request state in itself.
public final class Handler: @unchecked Sendable {
    public let site: Site
    /// The site as requests hold it, shared by all of them.
    private let siteReference: SiteReference
    /// The settings as requests hold them: one reference, not a copy of every setting per request.
    private let settingsReference: SettingsReference
    /// The outermost layer of the onion.
    private let chain: GetResponse
    /// process_view hooks, top → bottom.
    private let viewMiddleware: [any ViewMiddleware]
    /// process_template_response hooks, bottom → top.
    private let templateResponseMiddleware: [any TemplateResponseMiddleware]
    /// process_exception hooks, bottom → top.
    private let exceptionMiddleware: [any ExceptionMiddleware]
    /// The middleware in the chain, top → bottom (those that raised MiddlewareNotUsed are absent).
    public let loadedMiddleware: [String]

    /// Builds the chain; a MIDDLEWARE name the site does not know is ImproperlyConfigured.
    public init(site: Site) throws {
        self.site = site
        siteReference = SiteReference(site)
        settingsReference = SettingsReference(site.settings)
        site.configureDatabases()
        try site.ready?(site)
        // Built inside out: each middleware gets the `respond` of the layer inside it as its
        // get_response. The layers reach the handler once it exists (below).
        var layers = [ChainLayer(middleware: nil, name: nil, inner: nil, builtInFactory: false)]
        var viewMiddleware: [any ViewMiddleware] = []
        var templateResponseMiddleware: [any TemplateResponseMiddleware] = []
        var exceptionMiddleware: [any ExceptionMiddleware] = []
        var loadedMiddleware: [String] = []
        for name in site.settings.middleware.reversed() {
            guard let factory = site.middleware.factory(named: name) else {
                throw ImproperlyConfigured("MIDDLEWARE names '\(name)', which this site does not know. Known: \(site.middleware.names.joined(separator: ", "))")
            }
            let middleware: any Middleware
            let inner = layers[layers.count - 1]
            do {
                middleware = try factory(site.settings, inner.respond)
            } catch is MiddlewareNotUsed {
                continue
            }
            if let hook = middleware as? any ViewMiddleware { viewMiddleware.insert(hook, at: 0) }
            if let hook = middleware as? any TemplateResponseMiddleware { templateResponseMiddleware.append(hook) }
            if let hook = middleware as? any ExceptionMiddleware { exceptionMiddleware.append(hook) }
            loadedMiddleware.insert(middleware.name, at: 0)
            // A built-in factory hands the middleware the inner layer's `respond` unchanged.
            layers.append(ChainLayer(middleware: middleware, name: middleware.name, inner: inner,
                                     builtInFactory: site.middleware.isBuiltIn(named: name)))
        }
        self.viewMiddleware = viewMiddleware
        self.templateResponseMiddleware = templateResponseMiddleware
        self.exceptionMiddleware = exceptionMiddleware
        self.loadedMiddleware = loadedMiddleware
        chain = layers[layers.count - 1].respond
        for layer in layers { layer.handler = self }
    }

    /// `get_response(request)`: the response the middleware chain gives.
    public func getResponse(_ request: HTTPRequest) -> HTTPResponseBase {
        chain(request)
    }

    /// One layer of the onion: a middleware, or innermost the view layer, turning whatever it
    /// throws into a response (Django's `convert_exception_to_response`) and tracing its entry
    /// and exit. Its `respond` is the get_response of the layer outside it: a method of a
    /// class, so calling it goes through no closure context or reabstraction thunk of its own.
    private final class ChainLayer {
        /// The handler, set once it is built. It owns every layer through its chain, so the layer
        /// does not own it back (unmanaged: no reference counting on the way through).
        private var handlerReference: Unmanaged<Handler>?
        var handler: Handler {
            get { handlerReference!.takeUnretainedValue() }
            set { handlerReference = Unmanaged.passUnretained(newValue) }
        }
        /// nil for the innermost layer, the view layer.
        let middleware: (any Middleware)?
        /// `middleware` not optional (a stand-in never called for the view layer): called through
        /// a `let` of its own, unwrapped from nothing, it costs no reference counting per request.
        private let call: any Middleware
        /// A built-in middleware whose call is MiddlewareMixin's own, as hooks this layer runs
        /// itself (the stand-in otherwise): see `BuiltInMixin`.
        private let hooks: any MiddlewareMixin
        private let runsHooks: Bool
        let name: String?
        /// The layer inside this one (the middleware's get_response), and the same unmanaged:
        /// this layer owns it, so calling it needs no reference counting.
        private let inner: ChainLayer?
        private let innerReference: Unmanaged<ChainLayer>?

        /// `builtInFactory`: the middleware came from a built-in factory, which built it around
        /// the inner layer's `respond` itself (not a closure a site's own factory put around it).
        init(middleware: (any Middleware)?, name: String?, inner: ChainLayer?, builtInFactory: Bool) {
            self.middleware = middleware
            call = middleware ?? NoMiddleware()
            let builtIn = builtInFactory ? middleware as? any BuiltInMixin : nil
            hooks = builtIn ?? NoMiddleware()
            runsHooks = builtIn != nil && inner != nil
            self.name = name
            self.inner = inner
            innerReference = inner.map { Unmanaged.passUnretained($0) }
        }

        /// What `call` and `hooks` are when there is no such middleware (never called).
        private final class NoMiddleware: MiddlewareMixin {
            var getResponse: GetResponse { { _ in preconditionFailure("no middleware") } }
            func callAsFunction(_ request: HTTPRequest) throws -> HTTPResponseBase { preconditionFailure("no middleware") }
        }

        func respond(_ request: HTTPRequest) -> HTTPResponseBase {
            if let lifecycle = request.lifecycleTrace { return traced(request, RequestTrace(trace: lifecycle, request: request)) }
            do {
                // MiddlewareMixin.callAsFunction untraced: process_request (an answer goes to
                // process_response), else the inner layer, then process_response.
                if runsHooks {
                    if let early = try hooks.processRequest(request) { return try hooks.processResponse(request, early) }
                    return try hooks.processResponse(request, innerReference.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.respond(request) })
                }
                return try body(request)
            } catch {
                return handler.responseForException(request, error, layer: name)
            }
        }

        @inline(__always)
        private func body(_ request: HTTPRequest) throws -> HTTPResponseBase {
            if middleware != nil { return try call(request) }
            return try handlerReference!._withUnsafeGuaranteedRef { try $0.innerResponse(request) }
        }

        private func traced(_ request: HTTPRequest, _ trace: RequestTrace) -> HTTPResponseBase {
            let start = trace.trace.elapsed
            if let name { trace.record("enter", name) }
            request.traceDepth += 1
            let response: HTTPResponseBase
            do {
                response = try body(request)
            } catch {
                trace.record("exception", "\(type(of: error))", "\(error) — raised inside \(name ?? "the view layer"), turned into a response here")
                response = handler.responseForException(request, error, layer: name)
            }
            request.traceDepth -= 1
            if let name { trace.record("leave", name, "\(response.statusCode) \(response.reasonPhrase)", duration: trace.trace.elapsed - start) }
            return response
        }
    }

    /// `_get_response`: resolve, view middleware, the view, exception middleware, template-response middleware.
    private func innerResponse(_ request: HTTPRequest) throws -> HTTPResponseBase {
        let trace = request.trace
        let match: ResolverMatch
        do {
            match = try site.urls.resolve(request.pathInfo)
        } catch let miss as Resolver404 {
            trace?.record("resolver", request.pathInfo, "no pattern matched (\(miss.tried.count) tried)")
            throw Http404("No URL pattern matches \(request.pathInfo)", tried: miss.tried, path: miss.path)
        }
        if let trace {
            let arguments = match.arguments.named.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                + match.arguments.positional.map(\.description)
            trace.record("resolver", match.route, "→ \(match.view.name)(\(arguments.joined(separator: ", ")))" + (match.urlName.map { _ in " [name='\(match.viewName)']" } ?? ""))
        }
        // The request keeps the match; the view and its arguments are all this layer needs of it.
        // The matched entry, one reference: its view is called where it is, not copied out.
        let leaf = match.leaf
        let arguments = match.arguments
        request.resolverMatch = consume match

        var response: HTTPResponseBase?
        for middleware in viewMiddleware {
            response = try middleware.processView(request, leaf.view, arguments)
            trace?.hook(middleware, "process_view", response.map { "short-circuited: \($0.statusCode)" } ?? "continued")
            if response != nil { break }
        }
        if response == nil {
            do {
                if let trace {
                    let queries = RequestDatabases.trace(request)
                    defer { queries?.stop() }
                    response = try trace.measure("view", leaf.view.name, { (r: HTTPResponseBase) in
                        "\(r.statusCode) \(r.reasonPhrase)" + (queries.map { " · \($0.count) quer\($0.count == 1 ? "y" : "ies")" } ?? "")
                    }) {
                        try RequestDatabases.runView(site.settings) { try leaf.view(request, arguments) }
                    }
                } else {
                    response = try RequestDatabases.runView(site.settings) { try leaf.view(request, arguments) }
                }
            } catch {
                guard let handled = try processExceptionByMiddleware(error, request) else { throw error }
                response = handled
            }
        }
        guard var result = response else { throw ImproperlyConfigured("The view \(leaf.view.name) didn't return an HttpResponse object.") }
        if DeferredRenderingCheck.mayDefer(result), let deferred = result as? any DeferredRendering {
            for middleware in templateResponseMiddleware {
                result = try middleware.processTemplateResponse(request, result)
                trace?.hook(middleware, "process_template_response", "\(result.statusCode)")
            }
            do {
                result = try (result as? any DeferredRendering ?? deferred).render()
            } catch {
                guard let handled = try processExceptionByMiddleware(error, request) else { throw error }
                result = handled
            }
        }
        return result
    }

    private func processExceptionByMiddleware(_ error: any Error, _ request: HTTPRequest) throws -> HTTPResponseBase? {
        for middleware in exceptionMiddleware {
            if let response = try middleware.processException(request, error) {
                request.trace?.hook(middleware, "process_exception", "handled \(type(of: error)): \(response.statusCode)")
                return response
            }
            request.trace?.hook(middleware, "process_exception", "passed")
        }
        return nil
    }

    /// The WSGI callable.
    public var application: Application {
        { [self] environ, startResponse in
            RequestSignals.requestStarted.send(environ)
            RequestDatabases.closeOldConnections()
            environ.trace?.record("request_started", "\(environ.requestMethod) \(environ.scriptName)\(environ.pathInfo)")
            let request = HTTPRequest(environ: environ, settingsReference: settingsReference)
            request.siteReference = siteReference
            let response = getResponse(request)
            let trace = request.lifecycleTrace
            let statusLine = response.statusLine
            let headers = response.wsgiHeaders
            do {
                try startResponse(statusLine, headers)
            } catch {
                Self.finish(response, trace)
                throw error
            }
            trace?.record("start_response", statusLine, "\(headers.count) headers")
            if let file = response as? FileResponse, let wrap = environ.fileWrapper {
                let wrapper = wrap(duplicateFile(file.fileDescriptor), file.blockSize)
                wrapper.onClose = { Self.finish(response, trace) }
                return wrapper
            }
            if let streaming = response as? StreamingHTTPResponse {
                return GeneratedBody(onClose: { Self.finish(response, trace) }, streaming.streamingContent)
            }
            return ContentBody(response, trace: trace)
        }
    }

    /// When the body is closed: the response's closers, request_finished, old connections closed.
    fileprivate static func finish(_ response: HTTPResponseBase, _ trace: LifecycleTrace?) {
        response.close()
        RequestSignals.requestFinished.send(())
        RequestDatabases.closeOldConnections()
        trace?.record("request_finished", "body closed")
    }
}

/// The body of a response held in memory: its content as one chunk, and the request finished
/// when it is closed (one object, where a chunk list and a closing closure would be three).
private final class ContentBody: ResponseBody {
    private let response: HTTPResponseBase
    private let trace: LifecycleTrace?
    private var sent = false

    init(_ response: HTTPResponseBase, trace: LifecycleTrace?) {
        self.response = response
        self.trace = trace
    }

    func next() -> [UInt8]? {
        guard !sent else { return nil }
        sent = true
        return (response as? HTTPResponse)?.content ?? []
    }

    func close() { Handler.finish(response, trace) }
}

/// A response that renders later (TemplateResponse): template-response middleware run before
/// `render()`.
public protocol DeferredRendering: HTTPResponseBase {
    func render() throws -> HTTPResponseBase
}

/// Whether a response's class may render later, remembered for the classes that do not: a
/// cast to a protocol walks the runtime's conformance records, which costs more than the rest
/// of a small response. A class's conformances never change while the process runs, so a class
/// once found not to conform is skipped from then on (a few slots, by the metadata's address;
/// a slot another class takes over only costs a cast again).
enum DeferredRenderingCheck {
    private static let slot0 = Atomic<UInt>(0)
    private static let slot1 = Atomic<UInt>(0)
    private static let slot2 = Atomic<UInt>(0)
    private static let slot3 = Atomic<UInt>(0)

    /// False only for a class already found not to conform to DeferredRendering.
    static func mayDefer(_ response: HTTPResponseBase) -> Bool {
        let type = UInt(bitPattern: ObjectIdentifier(Swift.type(of: response)))
        let known: UInt
        switch (type >> 4) & 3 {
        case 0: known = slot0.load(ordering: .relaxed)
        case 1: known = slot1.load(ordering: .relaxed)
        case 2: known = slot2.load(ordering: .relaxed)
        default: known = slot3.load(ordering: .relaxed)
        }
        if known == type { return false }
        if response is any DeferredRendering { return true }
        switch (type >> 4) & 3 {
        case 0: slot0.store(type, ordering: .relaxed)
        case 1: slot1.store(type, ordering: .relaxed)
        case 2: slot2.store(type, ordering: .relaxed)
        default: slot3.store(type, ordering: .relaxed)
        }
        return false
    }
}
