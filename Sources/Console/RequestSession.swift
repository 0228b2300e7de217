import Foundation
import Gateway
import Synchronization
import Wire

/// One request's trip through the callable, with everything a tool may show about it.
public struct Exchange: Sendable {
    public enum Failure: Sendable, CustomStringConvertible {
        /// The application threw; `response` holds the 500 a server would send instead.
        case applicationRaised(String)
        /// The application (or the runner) broke the calling convention.
        case gateway(String)

        public var description: String {
            switch self {
            case .applicationRaised(let text): "the application raised: \(text)"
            case .gateway(let text): "WSGI contract broken: \(text)"
            }
        }
    }

    public var origin: RequestOrigin
    /// The request as sent to the application (with any cookies from the jar).
    public var message: RequestMessage
    public var environ: Environ
    public var response: CompletedResponse
    public var failure: Failure?
    /// What `--lint` found, errors and warnings.
    public var violations: [Violation]
    public var parseTime: Duration
    public var applicationTime: Duration
    /// What the framework recorded of the request's path, when a trace was asked for.
    public var trace: [LifecycleTrace.Event]?

    public var statusCode: Int { response.statusCode ?? 0 }
    /// The body as a server would send it: nothing for HEAD, 1xx, 204 and 304.
    public var wireBody: [UInt8] { Status.forbidsBody(code: statusCode, method: message.method) ? [] : response.body }
}

/// Settings that shape how a session calls the application.
public struct SessionOptions: Sendable {
    public var environ = EnvironOptions()
    /// Wrap the application in the WSGI validator.
    public var lint = false
    /// Keep a cookie jar across requests.
    public var cookies = true
    /// Offer the application a lifecycle trace and keep what it records.
    public var trace = false

    public init() {}
}

/// A sequence of requests against one application, sharing a cookie jar: what `shallot run`
/// drives for a batch and the REPL drives by hand. It plays the server's part of the Gateway.
public final class RequestSession {
    public let application: Application
    public var options: SessionOptions
    public var jar = CookieJar()

    public init(application: @escaping Application, options: SessionOptions = SessionOptions()) {
        self.application = application
        self.options = options
    }

    public func perform(_ message: RequestMessage, origin: RequestOrigin, parseTime: Duration = .zero) -> Exchange {
        var message = message
        let url = CookieURL(message, scheme: options.environ.urlScheme)
        if options.cookies, let cookies = jar.cookieHeader(host: url.host, path: url.path, secure: url.secure) {
            addCookies(cookies, to: &message)
        }
        var environ = EnvironBuilder.environ(for: message, options: options.environ)
        let trace = options.trace ? LifecycleTrace() : nil
        if let trace { environ.extensions[LifecycleTrace.key] = trace }
        let violations = Mutex<[Violation]>([])
        let application = options.lint
            ? Validator.wrap(self.application) { violation in violations.withLock { $0.append(violation) } }
            : self.application

        let clock = ContinuousClock()
        let start = clock.now
        var failure: Exchange.Failure?
        var response: CompletedResponse
        do {
            response = try CompletedResponse.collect(from: application, environ: environ)
        } catch let error as ApplicationFailure {
            if let violation = error.error as? Violation {
                failure = .gateway(violation.description)
            } else {
                failure = .applicationRaised("\(error.error)")
            }
            response = Self.internalServerError
        } catch {
            failure = .gateway("\(error)")
            response = Self.internalServerError
        }
        let elapsed = clock.now - start
        if options.cookies {
            let setCookies = response.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
            jar.receive(setCookie: setCookies, host: url.host, path: url.path)
        }
        return Exchange(origin: origin, message: message, environ: environ, response: response, failure: failure,
                        violations: violations.withLock { $0 }, parseTime: parseTime, applicationTime: elapsed,
                        trace: trace?.events)
    }

    /// What gunicorn sends when the application raises before its response is out.
    static let internalServerError = CompletedResponse(
        status: "500 Internal Server Error",
        headers: [("Content-Type", "text/html"), ("Connection", "close")],
        body: Array("<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n".utf8))

    /// Adds the jar's cookies, keeping any the request already names.
    func addCookies(_ cookies: String, to message: inout RequestMessage) {
        guard let written = message.headers.first("Cookie") else {
            message.headers.append(name: "Cookie", value: cookies)
            return
        }
        let writtenNames = Set(written.split(separator: ";").map { $0.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" })
        let extra = cookies.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !writtenNames.contains(String($0.split(separator: "=").first ?? "")) }
        guard !extra.isEmpty else { return }
        message.headers.remove("Cookie")
        message.headers.append(name: "Cookie", value: ([written] + extra).joined(separator: "; "))
    }
}

/// The host, path and security of a request, as cookie matching sees them.
struct CookieURL {
    var host: String
    var path: String
    var secure: Bool

    init(_ message: RequestMessage, scheme: String) {
        var target = message.target
        var hostHeader = message.headers.first("Host") ?? ""
        var secure = scheme == "https"
        if let url = TargetURL(target) {
            hostHeader = url.authority
            target = url.pathAndQuery
            secure = url.scheme == "https"
        }
        let (name, _) = EnvironBuilder.splitHost(hostHeader, scheme: scheme, fallback: ("localhost", "80"))
        host = name.lowercased()
        path = String(target.prefix { $0 != "?" && $0 != "#" })
        if !path.hasPrefix("/") { path = "/" }
        self.secure = secure
    }
}
