import Foundation
import Framework
import Gateway
import Synchronization

/// A log the test middleware write their hooks to, in call order.
final class HookLog: Sendable {
    private let entries = Mutex<[String]>([])
    func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

/// A hook-style middleware that logs every hook, and answers in the hook named by `answerIn`.
final class Recorder: MiddlewareMixin, ViewMiddleware, ExceptionMiddleware, TemplateResponseMiddleware {
    let getResponse: GetResponse
    let label: String
    let log: HookLog
    let answerIn: String?
    let raiseIn: String?

    init(_ label: String, log: HookLog, answerIn: String? = nil, raiseIn: String? = nil, getResponse: @escaping GetResponse) {
        self.label = label
        self.log = log
        self.answerIn = answerIn
        self.raiseIn = raiseIn
        self.getResponse = getResponse
    }

    var name: String { label }

    private func step(_ hook: String) throws -> HTTPResponseBase? {
        log.add("\(label).\(hook)")
        if raiseIn == hook { throw TestFailure("\(label) raised in \(hook)") }
        return answerIn == hook ? HTTPResponse("\(label) answered in \(hook)", status: 299) : nil
    }

    func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase? { try step("process_request") }
    func processView(_ request: HTTPRequest, _ view: View, _ arguments: ViewArguments) throws -> HTTPResponseBase? { try step("process_view") }
    func processException(_ request: HTTPRequest, _ error: any Error) throws -> HTTPResponseBase? { try step("process_exception") }
    func processTemplateResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        _ = try step("process_template_response")
        return response
    }
    func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        _ = try step("process_response")
        response.headers["X-Seen-By-\(label)"] = String(response.statusCode)
        return response
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A response that renders later, as TemplateResponse does.
final class DeferredResponse: HTTPResponse, DeferredRendering {
    let log: HookLog
    init(log: HookLog) {
        self.log = log
        super.init()
    }
    func render() throws -> HTTPResponseBase {
        log.add("render")
        content = Array("rendered".utf8)
        return self
    }
}

/// An environ for `method path` with optional CGI variables (see `testEnviron`).
func environ(_ path: String, method: String = "GET", query: String = "", headers: [String: String] = [:], body: [UInt8] = []) -> Environ {
    testEnviron(method: method, path: path, query: query, variables: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, body: body)
}

/// Calls the site's WSGI application and collects the whole response.
func call(_ site: Site, _ environ: Environ) throws -> CompletedResponse {
    try CompletedResponse.collect(from: Handler(site: site).application, environ: environ)
}

/// A site whose MIDDLEWARE is `names`, each built by `factories`, with `urlpatterns`.
func site(_ urlpatterns: [URLEntry], middleware: [(String, MiddlewareFactory)], debug: Bool = false) -> Site {
    var registry = MiddlewareRegistry()
    for (name, factory) in middleware { registry.register(name, factory) }
    var settings = Settings()
    settings.debug = debug
    settings.allowedHosts = ["testserver"]
    settings.middleware = middleware.map(\.0)
    return Site(name: "testsite", settings: settings, urlpatterns: urlpatterns, middleware: registry)
}
