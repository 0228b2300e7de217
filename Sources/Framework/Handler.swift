import Gateway

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
    private var chain: GetResponse = { _ in HTTPResponse() }
    /// process_view hooks, top → bottom.
    private var viewMiddleware: [any ViewMiddleware] = []
    /// process_template_response hooks, bottom → top.
    private var templateResponseMiddleware: [any TemplateResponseMiddleware] = []
    /// process_exception hooks, bottom → top.
    private var exceptionMiddleware: [any ExceptionMiddleware] = []
    /// The middleware in the chain, top → bottom (those that raised MiddlewareNotUsed are absent).
    public private(set) var loadedMiddleware: [String] = []

    /// Builds the chain; a MIDDLEWARE name the site does not know is ImproperlyConfigured.
    public init(site: Site) throws {
        self.site = site
        siteReference = SiteReference(site)
        site.configureDatabases()
        try site.ready?(site)
        var handler = convertExceptionToResponse(name: nil) { [unowned self] request in try self.innerResponse(request) }
        for name in site.settings.middleware.reversed() {
            guard let factory = site.middleware.factory(named: name) else {
                throw ImproperlyConfigured("MIDDLEWARE names '\(name)', which this site does not know. Known: \(site.middleware.names.joined(separator: ", "))")
            }
            let middleware: any Middleware
            do {
                middleware = try factory(site.settings, handler)
            } catch is MiddlewareNotUsed {
                continue
            }
            if let hook = middleware as? any ViewMiddleware { viewMiddleware.insert(hook, at: 0) }
            if let hook = middleware as? any TemplateResponseMiddleware { templateResponseMiddleware.append(hook) }
            if let hook = middleware as? any ExceptionMiddleware { exceptionMiddleware.append(hook) }
            loadedMiddleware.insert(middleware.name, at: 0)
            handler = convertExceptionToResponse(name: middleware.name) { request in try middleware(request) }
        }
        chain = handler
    }

    /// `get_response(request)`: the response the middleware chain gives.
    public func getResponse(_ request: HTTPRequest) -> HTTPResponseBase {
        chain(request)
    }

    /// One layer of the onion, turning whatever it throws into a response (Django's
    /// `convert_exception_to_response`), and tracing its entry and exit.
    private func convertExceptionToResponse(name: String?, _ body: @escaping (HTTPRequest) throws -> HTTPResponseBase) -> GetResponse {
        { [unowned self] request in
            guard let trace = request.trace else {
                do { return try body(request) } catch { return self.responseForException(request, error, layer: name) }
            }
            let start = trace.trace.elapsed
            if let name { trace.record("enter", name) }
            request.traceDepth += 1
            let response: HTTPResponseBase
            do {
                response = try body(request)
            } catch {
                trace.record("exception", "\(type(of: error))", "\(error) — raised inside \(name ?? "the view layer"), turned into a response here")
                response = responseForException(request, error, layer: name)
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
        request.resolverMatch = match
        let arguments = match.arguments.named.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + match.arguments.positional.map(\.description)
        trace?.record("resolver", match.route, "→ \(match.view.name)(\(arguments.joined(separator: ", ")))" + (match.urlName.map { _ in " [name='\(match.viewName)']" } ?? ""))

        var response: HTTPResponseBase?
        for middleware in viewMiddleware {
            response = try middleware.processView(request, match.view, match.arguments)
            trace?.hook(middleware, "process_view", response.map { "short-circuited: \($0.statusCode)" } ?? "continued")
            if response != nil { break }
        }
        if response == nil {
            do {
                if let trace {
                    let queries = RequestDatabases.trace(request)
                    defer { queries?.stop() }
                    response = try trace.measure("view", match.view.name, { (r: HTTPResponseBase) in
                        "\(r.statusCode) \(r.reasonPhrase)" + (queries.map { " · \($0.count) quer\($0.count == 1 ? "y" : "ies")" } ?? "")
                    }) {
                        try RequestDatabases.runView(site.settings) { try match.view(request, match.arguments) }
                    }
                } else {
                    response = try RequestDatabases.runView(site.settings) { try match.view(request, match.arguments) }
                }
            } catch {
                guard let handled = try processExceptionByMiddleware(error, request) else { throw error }
                response = handled
            }
        }
        guard var result = response else { throw ImproperlyConfigured("The view \(match.view.name) didn't return an HttpResponse object.") }
        if let deferred = result as? any DeferredRendering {
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
            let request = HTTPRequest(environ: environ, settings: site.settings)
            request.siteReference = siteReference
            let response = getResponse(request)
            let finish = {
                response.close()
                RequestSignals.requestFinished.send(())
                RequestDatabases.closeOldConnections()
                environ.trace?.record("request_finished", "body closed")
            }
            do {
                try startResponse(response.statusLine, response.wsgiHeaders)
            } catch {
                finish()
                throw error
            }
            environ.trace?.record("start_response", response.statusLine, "\(response.wsgiHeaders.count) headers")
            if let file = response as? FileResponse, let wrap = environ.fileWrapper {
                let wrapper = wrap(duplicateFile(file.fileDescriptor), file.blockSize)
                wrapper.onClose = finish
                return wrapper
            }
            if let streaming = response as? StreamingHTTPResponse {
                return GeneratedBody(onClose: finish, streaming.streamingContent)
            }
            return ChunkedBody([(response as? HTTPResponse)?.content ?? []], onClose: finish)
        }
    }
}

/// A response that renders later (TemplateResponse): template-response middleware run before
/// `render()`.
public protocol DeferredRendering: HTTPResponseBase {
    func render() throws -> HTTPResponseBase
}
