import Gateway
import Testing

@Suite("CompletedResponse.collect: running an application in process")
struct CollectTests {
    @Test func streamJoinsItsThreeChunks() throws {
        let response = try CompletedResponse.collect(from: DemoApplication.application, environ: makeEnviron(path: "/stream"))
        #expect(response.status == "200 OK")
        #expect(response.statusCode == 200)
        #expect(response.headers.count == 1)
        #expect(response.header("content-type") == "text/plain; charset=utf-8")
        #expect(text(response.body) == "chunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n")
    }

    @Test func status204HasNoBodyAndNoContentType() throws {
        let response = try CompletedResponse.collect(from: DemoApplication.application, environ: makeEnviron(path: "/status/204"))
        #expect(response.status == "204 No Content")
        #expect(response.statusCode == 204)
        #expect(response.headers.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(response.body.isEmpty)
    }

    @Test func statusPathAnswersThatStatus() throws {
        let response = try CompletedResponse.collect(from: DemoApplication.application, environ: makeEnviron(path: "/status/418"))
        #expect(response.status == "418 Unknown Status Code")
        #expect(response.statusCode == 418)
        #expect(text(response.body) == "status 418\n")
    }

    @Test func loginSetsASessionCookie() throws {
        let response = try CompletedResponse.collect(from: DemoApplication.application, environ: makeEnviron(path: "/login"))
        #expect(response.header("SET-COOKIE") == "sessionid=demo-session; HttpOnly; Path=/; SameSite=Lax")
    }

    @Test func echoShowsVariablesAndBody() throws {
        var environ = makeEnviron(method: "POST", path: "/echo", body: bytes("name=value"))
        environ["CONTENT_LENGTH"] = "10"
        let response = try CompletedResponse.collect(from: DemoApplication.application, environ: environ)
        let body = text(response.body)
        #expect(body.hasPrefix("Hello from Shallot's demo application.\n\nCONTENT_LENGTH = 10\nPATH_INFO = /echo\n"))
        #expect(body.contains("REQUEST_METHOD = POST\n"))
        #expect(body.contains("wsgi.url_scheme = http\n"))
        #expect(body.hasSuffix("\n10 bytes of body\nname=value\n"))
    }

    @Test func applicationErrorBeforeStartIsWrapped() throws {
        let failure = try #require(throws: ApplicationFailure.self) {
            try CompletedResponse.collect(from: DemoApplication.application, environ: makeEnviron(path: "/error"))
        }
        #expect(failure.error is DemoApplication.Failure)
        #expect(failure.startedStatus == nil)
        #expect(failure.headersSent == false)
        #expect(failure.description == "the demo application was asked to fail (GET /error)")
    }

    @Test func applicationErrorMidBodyIsWrappedWithWhatWasStarted() throws {
        let closes = Counter()
        let produced = Counter()
        let app: Application = { _, startResponse in
            try startResponse("200 OK", plainText)
            return GeneratedBody(onClose: { closes.increment() }) {
                produced.increment()
                if produced.count == 2 { throw Boom(id: 4) }
                return bytes("first")
            }
        }
        let failure = try #require(throws: ApplicationFailure.self) {
            try CompletedResponse.collect(from: app, environ: makeEnviron())
        }
        #expect(failure.error as? Boom == Boom(id: 4))
        #expect(failure.startedStatus == "200 OK")
        #expect(failure.headersSent)
        #expect(closes.count == 1)
    }

    @Test func neverCallingStartResponseIsAGatewayError() {
        let closes = Counter()
        let app: Application = { _, _ in ChunkedBody("body without a status", onClose: { closes.increment() }) }
        #expect(throws: GatewayError.startResponseNotCalled) {
            try CompletedResponse.collect(from: app, environ: makeEnviron())
        }
        #expect(closes.count == 1)
    }

    @Test func neverCallingStartResponseWithAnEmptyBodyIsAGatewayError() {
        let closes = Counter()
        let app: Application = { _, _ in ChunkedBody([], onClose: { closes.increment() }) }
        #expect(throws: GatewayError.startResponseNotCalled) {
            try CompletedResponse.collect(from: app, environ: makeEnviron())
        }
        #expect(closes.count == 1)
    }

    @Test func startResponseTwiceIsAGatewayError() {
        let app: Application = { _, startResponse in
            try startResponse("200 OK", plainText)
            try startResponse("404 Not Found", plainText)
            return ChunkedBody([])
        }
        #expect(throws: GatewayError.startResponseCalledTwice) {
            try CompletedResponse.collect(from: app, environ: makeEnviron())
        }
    }

    @Test func excInfoReplacesTheResponseBeforeTheBody() throws {
        let app: Application = { _, startResponse in
            try startResponse("200 OK", [("Content-Type", "text/html")])
            try startResponse("500 Internal Server Error", plainText, excInfo: Boom())
            return ChunkedBody("failed")
        }
        let response = try CompletedResponse.collect(from: app, environ: makeEnviron())
        #expect(response.status == "500 Internal Server Error")
        #expect(response.header("Content-Type") == "text/plain")
        #expect(text(response.body) == "failed")
    }

    @Test func writeOutputPrecedesTheBody() throws {
        let app: Application = { _, startResponse in
            let write = try startResponse("200 OK", plainText)
            try write(bytes("written, "))
            return ChunkedBody([bytes("then "), bytes("iterated")])
        }
        let response = try CompletedResponse.collect(from: app, environ: makeEnviron())
        #expect(text(response.body) == "written, then iterated")
    }

    @Test func headerLookupIsCaseInsensitiveAndTakesTheFirst() {
        let response = CompletedResponse(status: "200 OK", headers: [("Set-Cookie", "a=1"), ("set-cookie", "b=2")], body: [])
        #expect(response.header("SET-COOKIE") == "a=1")
        #expect(response.header("X-Missing") == nil)
    }
}

@Suite("Status")
struct StatusTests {
    @Test(arguments: [
        ("200 OK", 200), ("404", 404), ("404 Not Found", 404), ("599 Custom reason", 599), ("599", 599),
        ("20 OK", nil), ("2000 OK", nil), ("2000 X", nil), ("x00 X", nil), ("20", nil), ("", nil), ("200OK", nil), (" 200 OK", nil),
    ] as [(String, Int?)])
    func code(_ status: String, _ expected: Int?) {
        #expect(Status.code(of: status) == expected)
    }

    @Test func forbidsBody() {
        #expect(Status.forbidsBody(code: 200, method: "HEAD"))
        #expect(Status.forbidsBody(code: 404, method: "HEAD"))
        #expect(Status.forbidsBody(code: 100, method: "GET"))
        #expect(Status.forbidsBody(code: 101, method: "GET"))
        #expect(Status.forbidsBody(code: 199, method: "GET"))
        #expect(Status.forbidsBody(code: 204, method: "GET"))
        #expect(Status.forbidsBody(code: 304, method: "GET"))
        #expect(!Status.forbidsBody(code: 200, method: "GET"))
        #expect(!Status.forbidsBody(code: 200, method: "POST"))
        #expect(!Status.forbidsBody(code: 205, method: "GET"))
        #expect(!Status.forbidsBody(code: 404, method: "GET"))
    }

    @Test func readyMadeStatusLinesAreCodeAndStandardReason() {
        for code in 100...599 {
            guard let line = Status.standardLine(code) else { continue }
            #expect(line == "\(code) \(Status.reasonPhrase(code))")
        }
        #expect(Status.standardLine(200) == "200 OK")
        #expect(Status.standardLine(418) == nil)
    }
}
