import Framework
import Gateway
import Testing

/// Exceptions become responses as Django's `response_for_exception` decides.
@Suite("Handler: exceptions to responses")
struct ExceptionResponseTests {
    func raising(_ error: any Error & Sendable, debug: Bool = false, handler404: ErrorHandler? = nil) -> Site {
        var result = site([path("x/", View("tests.raising") { _, _ in throw error })], middleware: [], debug: debug)
        result.handler404 = handler404
        return result
    }

    @Test(arguments: [
        (Http404("gone") as any Error & Sendable, "404 Not Found"),
        (PermissionDenied(), "403 Forbidden"),
        (BadRequest("bad"), "400 Bad Request"),
        (DisallowedHost("Invalid HTTP_HOST header"), "400 Bad Request"),
        (RequestDataTooBig(), "400 Bad Request"),
        (TooManyFieldsSent(), "400 Bad Request"),
        (MultiPartParserError("broken"), "400 Bad Request"),
        (TestFailure("anything else"), "500 Internal Server Error"),
    ])
    func statusOfEachException(error: any Error & Sendable, status: String) throws {
        let response = try call(raising(error), environ("/x/"))
        #expect(response.status == status)
    }

    @Test func defaultErrorPagesAreDjangos() throws {
        let notFound = try call(raising(Http404()), environ("/x/"))
        #expect(notFound.header("Content-Type") == "text/html")
        #expect(String(decoding: notFound.body, as: UTF8.self) == """

            <!doctype html>
            <html lang="en">
            <head>
              <title>Not Found</title>
            </head>
            <body>
              <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
            </body>
            </html>

            """)
        let forbidden = try call(raising(PermissionDenied()), environ("/x/"))
        #expect(String(decoding: forbidden.body, as: UTF8.self).contains("<h1>403 Forbidden</h1><p></p>"))
        let server = try call(raising(TestFailure("x")), environ("/x/"))
        #expect(String(decoding: server.body, as: UTF8.self).contains("<h1>Server Error (500)</h1>"))
    }

    @Test func customHandler404IsUsed() throws {
        let response = try call(raising(Http404(), handler404: { _, _ in HTTPResponse("custom", status: 404) }), environ("/x/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "custom")
    }

    @Test func aHandlerThatRaisesGivesA500() throws {
        let response = try call(raising(Http404(), handler404: { _, _ in throw TestFailure("handler broke") }), environ("/x/"))
        #expect(response.status == "500 Internal Server Error")
    }

    @Test func technical404ListsThePatternsTried() throws {
        let patterns = [path("polls/", include([path("<int:question_id>/", View("v") { _, _ in HTTPResponse() }, name: "detail")], appName: "polls")),
                        path("about/", View("about") { _, _ in HTTPResponse() })]
        let text = try call(site(patterns, middleware: [], debug: true), environ("/polls/x/", headers: ["HTTP_ACCEPT": "text/plain"]))
        let body = String(decoding: text.body, as: UTF8.self)
        #expect(text.status == "404 Not Found")
        #expect(text.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(body.contains("1. polls/ <int:question_id>/ [name='detail']\n2. about/\n"))
        #expect(body.contains("The current path, polls/x/, didn't match any of these."))
        let html = try call(site(patterns, middleware: [], debug: true), environ("/polls/x/"))
        #expect(html.header("Content-Type") == "text/html; charset=utf-8")
        #expect(String(decoding: html.body, as: UTF8.self).contains("<li>polls/ &lt;int:question_id&gt;/ [name=&#x27;detail&#x27;]</li>"))
    }

    @Test func technical500NamesTheExceptionAndTheView() throws {
        let response = try call(raising(TestFailure("kaboom"), debug: true), environ("/x/", headers: ["HTTP_ACCEPT": "text/plain"]))
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == "500 Internal Server Error")
        #expect(body.contains("Exception Type: TestFailure at /x/\nException Value: kaboom\n"))
        #expect(body.contains("Raised during: tests.raising\n"))
        #expect(body.contains("Request Method: GET\nRequest URL: http://testserver/x/\n"))
    }

    @Test func debugBadRequestIsTheTechnicalPageWith400() throws {
        let response = try call(raising(BadRequest("no"), debug: true), environ("/x/", headers: ["HTTP_ACCEPT": "text/plain"]))
        #expect(response.status == "400 Bad Request")
        #expect(String(decoding: response.body, as: UTF8.self).contains("Exception Type: BadRequest"))
    }

    @Test func requestSignalsBracketTheRequest() throws {
        // Signals are global and other tests run at the same time: count only this test's request
        // (by its path) for request_started, and a rise for request_finished.
        let log = HookLog()
        RequestSignals.requestStarted.connect(id: "t-start") { environ in
            if environ.pathInfo == "/signals/" { log.add("started") }
        }
        RequestSignals.requestFinished.connect(id: "t-finish") { _ in log.add("finished") }
        defer {
            RequestSignals.requestStarted.disconnect(id: "t-start")
            RequestSignals.requestFinished.disconnect(id: "t-finish")
        }
        let application = try Handler(site: site([path("signals/", View("v") { _, _ in log.add("view"); return HTTPResponse("ok") })], middleware: [])).application
        let starter = ResponseStarter(output: { _ in })
        let body = try application(environ("/signals/"), starter.startResponse)
        #expect(log.all.filter { $0 != "finished" } == ["started", "view"])
        let finishedBefore = log.all.filter { $0 == "finished" }.count
        body.close()
        #expect(log.all.filter { $0 == "finished" }.count > finishedBefore)
    }

    @Test func setCookieGivesOneHeaderPerCookieInDjangosFormat() throws {
        let view = View("cookies") { _, _ in
            let response = HTTPResponse("ok")
            try response.setCookie("theme", "dark", path: "/", sameSite: "Lax")
            try response.setCookie("empty", "")
            response.deleteCookie("sessionid")
            return response
        }
        let response = try call(site([path("c/", view)], middleware: []), environ("/c/"))
        #expect(response.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == [
            "theme=dark; Path=/; SameSite=Lax",
            "empty=\"\"; Path=/",
            "sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
        ])
    }
}
