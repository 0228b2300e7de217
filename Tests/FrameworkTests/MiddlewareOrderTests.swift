import Framework
import Gateway
import Testing

/// Django's order: request and view hooks top → bottom; exception, template-response and
/// response hooks bottom → top; the first answer short-circuits; exceptions never cross a layer.
@Suite("Handler: middleware order and short-circuits")
struct MiddlewareOrderTests {
    let log = HookLog()

    func recorders(answer: (String, String)? = nil, raise: (String, String)? = nil) -> [(String, MiddlewareFactory)] {
        ["A", "B", "C"].map { label in
            let log = log
            let answerIn = answer?.0 == label ? answer?.1 : nil
            let raiseIn = raise?.0 == label ? raise?.1 : nil
            return (label, { _, next in Recorder(label, log: log, answerIn: answerIn, raiseIn: raiseIn, getResponse: next) })
        }
    }

    func view(_ body: @escaping @Sendable () throws -> HTTPResponseBase) -> [URLEntry] {
        let log = log
        return [path("v/", View("tests.view") { _, _ in log.add("view"); return try body() })]
    }

    @Test func everyHookInDjangosOrder() throws {
        let response = try call(site(view { HTTPResponse("ok") }, middleware: recorders()), environ("/v/"))
        #expect(response.status == "200 OK")
        #expect(log.all == [
            "A.process_request", "B.process_request", "C.process_request",
            "A.process_view", "B.process_view", "C.process_view",
            "view",
            "C.process_response", "B.process_response", "A.process_response",
        ])
    }

    @Test func templateResponseHooksRunBottomUpBeforeRendering() throws {
        let log = log
        _ = try call(site(view { DeferredResponse(log: log) }, middleware: recorders()), environ("/v/"))
        #expect(log.all.drop { $0 != "view" }.prefix(5) == [
            "view", "C.process_template_response", "B.process_template_response", "A.process_template_response", "render",
        ])
    }

    @Test func processRequestAnswerSkipsInnerLayersButNotOuterResponses() throws {
        let response = try call(site(view { HTTPResponse("ok") }, middleware: recorders(answer: ("B", "process_request"))), environ("/v/"))
        #expect(response.status == "299 Unknown Status Code")
        #expect(String(decoding: response.body, as: UTF8.self) == "B answered in process_request")
        #expect(log.all == ["A.process_request", "B.process_request", "B.process_response", "A.process_response"])
    }

    @Test func processViewAnswerSkipsLaterViewHooksAndTheView() throws {
        _ = try call(site(view { HTTPResponse("ok") }, middleware: recorders(answer: ("B", "process_view"))), environ("/v/"))
        #expect(log.all == [
            "A.process_request", "B.process_request", "C.process_request",
            "A.process_view", "B.process_view",
            "C.process_response", "B.process_response", "A.process_response",
        ])
    }

    @Test func viewExceptionGoesBottomUpUntilAnswered() throws {
        let response = try call(site(view { throw TestFailure("boom") }, middleware: recorders(answer: ("B", "process_exception"))), environ("/v/"))
        #expect(response.status == "299 Unknown Status Code")
        #expect(Array(log.all.drop { $0 != "view" }) == [
            "view", "C.process_exception", "B.process_exception",
            "C.process_response", "B.process_response", "A.process_response",
        ])
    }

    @Test func unansweredViewExceptionIsA500BeforeTheResponseHooks() throws {
        let signalled = HookLog()
        RequestSignals.gotRequestException.connect(id: "test-500") { payload in signalled.add("\(payload.error)") }
        defer { RequestSignals.gotRequestException.disconnect(id: "test-500") }
        let response = try call(site(view { throw TestFailure("boom") }, middleware: recorders()), environ("/v/"))
        #expect(response.status == "500 Internal Server Error")
        #expect(response.header("X-Seen-By-C") == "500")
        #expect(response.header("X-Seen-By-A") == "500")
        #expect(Array(log.all.drop { $0 != "view" }) == [
            "view", "C.process_exception", "B.process_exception", "A.process_exception",
            "C.process_response", "B.process_response", "A.process_response",
        ])
        #expect(signalled.all.contains("boom"))
    }

    @Test func exceptionInAMiddlewareIsConvertedAtThatLayer() throws {
        let response = try call(site(view { HTTPResponse("ok") }, middleware: recorders(raise: ("B", "process_request"))), environ("/v/"))
        #expect(response.status == "500 Internal Server Error")
        // B's own process_response never runs (its __call__ raised); A sees the 500.
        #expect(log.all == ["A.process_request", "B.process_request", "A.process_response"])
        #expect(response.header("X-Seen-By-A") == "500")
        #expect(response.header("X-Seen-By-B") == nil)
    }

    @Test func resolverMissIsA404ThroughEveryResponseHook() throws {
        let response = try call(site(view { HTTPResponse("ok") }, middleware: recorders()), environ("/nowhere/"))
        #expect(response.status == "404 Not Found")
        #expect(log.all == [
            "A.process_request", "B.process_request", "C.process_request",
            "C.process_response", "B.process_response", "A.process_response",
        ])
    }

    @Test func middlewareNotUsedLeavesTheChain() throws {
        var factories = recorders()
        factories[1] = ("B", { _, _ in throw MiddlewareNotUsed("not today") })
        let handler = try Handler(site: site(view { HTTPResponse("ok") }, middleware: factories))
        #expect(handler.loadedMiddleware == ["A", "C"])
        _ = try CompletedResponse.collect(from: handler.application, environ: environ("/v/"))
        #expect(!log.all.contains { $0.hasPrefix("B.") })
    }

    @Test func unknownMiddlewareIsImproperlyConfigured() {
        var broken = site(view { HTTPResponse("ok") }, middleware: recorders())
        broken.settings.middleware.append("missing.Middleware")
        #expect(throws: ImproperlyConfigured.self) { try Handler(site: broken) }
    }

    @Test func callableStyleMiddlewareWrapsTheInnerLayers() throws {
        let wrapping: MiddlewareFactory = { _, next in Wrapping(next) }
        let response = try call(site(view { HTTPResponse("ok") }, middleware: [("T", wrapping)] + recorders()), environ("/v/"))
        #expect(response.header("X-Wrapped") == "yes")
        #expect(log.all.first == "A.process_request")
    }
}

/// A middleware in the callable style: it wraps the inner layers and adjusts their response.
final class Wrapping: Middleware {
    let next: GetResponse
    init(_ next: @escaping GetResponse) { self.next = next }
    func callAsFunction(_ request: HTTPRequest) throws -> HTTPResponseBase {
        let response = next(request)
        response.headers["X-Wrapped"] = "yes"
        return response
    }
}
