import Framework
import Testing

@Suite("XFrameOptionsMiddleware")
struct XFrameOptionsMiddlewareTests {
    typealias F = MiddlewareFixture

    func run(_ option: String? = nil, response make: @escaping () -> HTTPResponseBase = { HTTPResponse() }) throws -> HTTPResponseBase {
        let settings = F.settings { if let option { $0.xFrameOptions = option } }
        return try XFrameOptionsMiddleware(settings: settings, getResponse: F.answering(make))(F.request(settings: settings))
    }

    @Test func defaultsToDeny() throws {
        #expect(try run()["X-Frame-Options"] == "DENY")
    }

    @Test(arguments: [("DENY", "DENY"), ("deny", "DENY"), ("SAMEORIGIN", "SAMEORIGIN"), ("sameorigin", "SAMEORIGIN")])
    func settingIsUppercased(setting: String, header: String) throws {
        #expect(try run(setting)["X-Frame-Options"] == header)
    }

    @Test func doesNotSetIfSet() throws {
        #expect(try run("DENY") { HTTPResponse("", headers: [("X-Frame-Options", "SAMEORIGIN")]) }["X-Frame-Options"] == "SAMEORIGIN")
        #expect(try run("SAMEORIGIN") { HTTPResponse("", headers: [("X-Frame-Options", "DENY")]) }["X-Frame-Options"] == "DENY")
    }

    @Test func exemptResponse() throws {
        let notExempt = try run("SAMEORIGIN") {
            let response = HTTPResponse()
            response.xframeOptionsExempt = false
            return response
        }
        #expect(notExempt["X-Frame-Options"] == "SAMEORIGIN")
        let exempt = try run("SAMEORIGIN") {
            let response = HTTPResponse()
            response.xframeOptionsExempt = true
            return response
        }
        #expect(exempt["X-Frame-Options"] == nil)
    }

    @Test func exemptDecorator() throws {
        let view = xframeOptionsExempt(View("polls.views.embed") { _, _ in HTTPResponse("embed") })
        #expect(view.name == "polls.views.embed")
        let settings = F.settings()
        let middleware = XFrameOptionsMiddleware(settings: settings) { request in
            (try? view(request)) ?? HTTPResponse.serverError()
        }
        let response = try middleware(F.request(settings: settings))
        #expect(response.xframeOptionsExempt)
        #expect(response["X-Frame-Options"] == nil)
    }

    @Test func denyAndSameOriginDecorators() throws {
        let plain = View("v") { _, _ in HTTPResponse() }
        let preset = View("v") { _, _ in HTTPResponse("", headers: [("X-Frame-Options", "ALLOW-FROM x")]) }
        let request = F.request()
        #expect(try xframeOptionsDeny(plain)(request)["X-Frame-Options"] == "DENY")
        #expect(try xframeOptionsSameOrigin(plain)(request)["X-Frame-Options"] == "SAMEORIGIN")
        #expect(try xframeOptionsDeny(preset)(request)["X-Frame-Options"] == "ALLOW-FROM x")
    }
}
