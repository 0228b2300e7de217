import Foundation

/// Django's `response_for_exception`: what each exception becomes. Http404 → 404,
/// PermissionDenied → 403, BadRequest and SuspiciousOperation → 400, anything else →
/// got_request_exception and 500. With DEBUG, the technical pages; else the site's
/// handler400/403/404/500, or Django's default error views.
extension Handler {
    func responseForException(_ request: HTTPRequest, _ error: any Error) -> HTTPResponseBase {
        let settings = site.settings
        switch error {
        case let notFound as Http404:
            if settings.debug { return TechnicalPages.notFound(request, notFound, site: site) }
            return exceptionResponse(request, 404, error, site.handler404 ?? DefaultErrorViews.pageNotFound)
        case is PermissionDenied:
            return exceptionResponse(request, 403, error, site.handler403 ?? DefaultErrorViews.permissionDenied)
        case is MultiPartParserError:
            return exceptionResponse(request, 400, error, site.handler400 ?? DefaultErrorViews.badRequest)
        case is BadRequest, is any SuspiciousOperation:
            if let suspicious = error as? any SuspiciousOperation {
                site.securityLog("django.security.\(suspicious.securityLogger): \(suspicious)")
            }
            if settings.debug { return TechnicalPages.serverError(request, error, status: 400, site: site) }
            return exceptionResponse(request, 400, error, site.handler400 ?? DefaultErrorViews.badRequest)
        default:
            RequestSignals.gotRequestException.send((request, error))
            return uncaughtException(request, error)
        }
    }

    /// `get_exception_response`: the error handler's response; if the handler itself raises, a 500.
    private func exceptionResponse(_ request: HTTPRequest, _ status: Int, _ error: any Error, _ handler: ErrorHandler) -> HTTPResponseBase {
        do {
            return try handler(request, error)
        } catch let handlerError {
            RequestSignals.gotRequestException.send((request, handlerError))
            return uncaughtException(request, handlerError)
        }
    }

    /// `handle_uncaught_exception`: the technical 500 with DEBUG, else handler500.
    private func uncaughtException(_ request: HTTPRequest, _ error: any Error) -> HTTPResponseBase {
        request.environ.errors.write("Internal Server Error: \(request.path)\n\(type(of: error)): \(error)\n")
        if site.settings.debug { return TechnicalPages.serverError(request, error, status: 500, site: site) }
        do {
            return try (site.handler500 ?? DefaultErrorViews.serverError)(request, error)
        } catch {
            return DefaultErrorViews.page(500, "Server Error (500)", "")
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
