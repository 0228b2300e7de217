import Database
import Foundation
import Gateway
import Templates

/// Django's `response_for_exception`: what each exception becomes. Http404 → 404,
/// PermissionDenied → 403, BadRequest and SuspiciousOperation → 400, anything else →
/// got_request_exception and 500. With DEBUG, the technical pages; else the site's
/// handler400/403/404/500, or Django's default error views.
extension Handler {
    /// `layer`: the middleware whose layer caught the error (nil: the innermost, the view layer).
    func responseForException(_ request: HTTPRequest, _ error: any Error, layer: String? = nil) -> HTTPResponseBase {
        let settings = site.settings
        switch error {
        case let notFound as Http404:
            if settings.debug { return TechnicalPages.notFound(request, notFound, site: site) }
            return exceptionResponse(request, 404, error, layer, site.handler404 ?? DefaultErrorViews.pageNotFound)
        case is PermissionDenied:
            return exceptionResponse(request, 403, error, layer, site.handler403 ?? DefaultErrorViews.permissionDenied)
        case is MultiPartParserError:
            return exceptionResponse(request, 400, error, layer, site.handler400 ?? DefaultErrorViews.badRequest)
        case is BadRequest, is any SuspiciousOperation:
            if let suspicious = error as? any SuspiciousOperation {
                site.securityLog("django.security.\(suspicious.securityLogger): \(suspicious)")
            }
            if settings.debug { return TechnicalPages.serverError(request, error, status: 400, site: site) }
            return exceptionResponse(request, 400, error, layer, site.handler400 ?? DefaultErrorViews.badRequest)
        default:
            RequestSignals.gotRequestException.send((request, error))
            return uncaughtException(request, error, layer: layer)
        }
    }

    /// `get_exception_response`: the error handler's response; if the handler itself raises, a 500.
    private func exceptionResponse(_ request: HTTPRequest, _ status: Int, _ error: any Error, _ layer: String?, _ handler: ErrorHandler) -> HTTPResponseBase {
        do {
            return try handler(request, error)
        } catch let handlerError {
            RequestSignals.gotRequestException.send((request, handlerError))
            return uncaughtException(request, handlerError, layer: layer)
        }
    }

    /// `handle_uncaught_exception`: the report to `wsgi.errors` (Django's `django.request` logger),
    /// then the technical 500 with DEBUG, else handler500.
    private func uncaughtException(_ request: HTTPRequest, _ error: any Error, layer: String?) -> HTTPResponseBase {
        let report = ServerErrorReport(request: request, error: error, layer: layer, middleware: loadedMiddleware)
        request.environ.errors.write(report.text)
        if site.settings.debug { return TechnicalPages.serverError(request, error, status: 500, site: site) }
        do {
            return try (site.handler500 ?? DefaultErrorViews.serverError)(request, error)
        } catch {
            return DefaultErrorViews.page(500, "Server Error (500)", "")
        }
    }
}

/// What `django.request` logs for an uncaught error, in the closest honest form a Swift error
/// allows (it carries no stack): "Internal Server Error: /path", then where in the lifecycle it
/// happened, as lifecycle-trace steps (the middleware layers passed through, the URL pattern
/// matched, the view or middleware that raised), then the error's type and message, with the SQL
/// of a DatabaseError and the template and line of a template error.
///
/// When a tool put a ``LifecycleTrace`` in the environ, its recorded steps are the path; otherwise
/// the path is rebuilt from the handler's middleware chain, the layer that caught the error and the
/// resolver's match, so that an untraced request (every request `serve` answers) costs nothing
/// until it fails.
struct ServerErrorReport {
    let path: String
    let steps: [LifecycleTrace.Event]
    let error: any Error

    /// `layer`: the middleware whose layer caught the error, nil for the view layer; `middleware`:
    /// the chain, top → bottom.
    init(request: HTTPRequest, error: any Error, layer: String?, middleware: [String]) {
        path = request.path
        self.error = error
        if let trace = request.lifecycleTrace {
            steps = trace.events
            return
        }
        var steps: [LifecycleTrace.Event] = []
        let passed = layer.flatMap { middleware.firstIndex(of: $0) }.map { Array(middleware[...$0]) } ?? middleware
        for (depth, name) in passed.enumerated() { steps.append(.init(phase: "enter", name: name, depth: depth)) }
        let depth = passed.count
        let match = request.resolverMatch
        if let layer {
            let when = match.map { "on the way out, after the view \($0.view.name) answered" } ?? "before the URL was resolved"
            steps.append(.init(phase: "middleware", name: layer, detail: "raised \(when)", depth: depth - 1))
        } else if let match {
            let arguments = match.arguments.named.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                + match.arguments.positional.map(\.description)
            var detail = "→ \(match.view.name)(\(arguments.joined(separator: ", ")))"
            if match.urlName != nil { detail += " [name='\(match.viewName)']" }
            steps.append(.init(phase: "resolver", name: match.route, detail: detail, depth: depth))
            steps.append(.init(phase: "view", name: match.view.name, detail: "raised", depth: depth))
        } else {
            steps.append(.init(phase: "resolver", name: request.pathInfo, detail: "raised", depth: depth))
        }
        self.steps = steps
    }

    /// The log record: the `django.request` line, the steps (innermost last), the error.
    var text: String {
        var out = "Internal Server Error: \(path)\nTraceback (request lifecycle, innermost step last):\n"
        for step in steps where step.phase != "exception" {
            out += String(repeating: "  ", count: step.depth + 1) + Self.line(step) + "\n"
        }
        out += Self.describe(error) + "\n"
        return out
    }

    /// A step as the trace renderer words it, without colours or times.
    static func line(_ step: LifecycleTrace.Event) -> String {
        let detail = step.detail.isEmpty ? "" : " \(step.detail)"
        switch step.phase {
        case "enter": return "→ \(step.name)"
        case "leave": return "← \(step.name)\(detail)"
        case "middleware": return "\(step.name):\(detail)"
        case "view": return "view \(step.name)\(detail)"
        default: return "\(step.phase) \(step.name)\(detail)"
        }
    }

    /// The error's type and message, and what it carries about where it happened.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let failure as any DatabaseError:
            // Its description names the type and ends with the SQL.
            return failure.description
        case let syntax as TemplateSyntaxError:
            var text = "TemplateSyntaxError: \(syntax.message)"
            if let name = syntax.templateName { text += "\n  Template: \(name)" + (syntax.line.map { ", line \($0)" } ?? "") }
            else if let line = syntax.line { text += "\n  Line: \(line)" }
            if let token = syntax.token { text += "\n  Token: \(token)" }
            return text
        case let missing as TemplateDoesNotExist:
            return "TemplateDoesNotExist: \(missing.name)" + missing.tried.map { "\n  Tried: \($0.0) (\($0.1))" }.joined()
        default:
            return "\(type(of: error)): \(error)"
        }
    }
}

extension Site {
    /// Where security events go (Django's `django.security` loggers): standard error for now.
    func securityLog(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// `django.views.defaults`: the error views used when a site sets no handler of its own.
public enum DefaultErrorViews {
    static let template = """

        <!doctype html>
        <html lang="en">
        <head>
          <title>%@</title>
        </head>
        <body>
          <h1>%@</h1><p>%@</p>
        </body>
        </html>

        """

    static func page(_ status: Int, _ title: String, _ details: String) -> HTTPResponse {
        let body = String(format: template, title, title, details)
        return HTTPResponse(body, status: status, contentType: "text/html")
    }

    public static let pageNotFound: ErrorHandler = { _, _ in page(404, "Not Found", "The requested resource was not found on this server.") }
    public static let serverError: ErrorHandler = { _, _ in page(500, "Server Error (500)", "") }
    public static let badRequest: ErrorHandler = { _, _ in page(400, "Bad Request (400)", "") }
    public static let permissionDenied: ErrorHandler = { _, _ in page(403, "403 Forbidden", "") }
}
