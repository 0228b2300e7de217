import Gateway
import Server
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("serve: malformed requests and limits", .timeLimit(.minutes(1)))
struct LimitsTests {
    static let cases: [(name: String, request: String, status: Int)] = [
        ("bad syntax", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400),
        ("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", 400),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("too many header fields", "GET / HTTP/1.1\r\nHost: x\r\n" + (1...10).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("header field too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 300))\r\n\r\n", 431),
        ("request line too long", "GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("Content-Length over the body limit", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n", 413),
        ("chunked body over the limit", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n", 413),
        ("unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: bogus, chunked\r\n\r\n", 501),
        ("HTTP/2.0 on an HTTP/1.1 socket", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ]

    @Test("each malformed request gets its status, then the connection closes; the app never sees it",
          arguments: cases.indices)
    func malformed(index: Int) throws {
        let (name, request, status) = Self.cases[index]
        let calls = Counter()
        let running = try RunningServer(Apps.echo(calls)) { configuration in
            configuration.limits.headerCount = 8
            configuration.limits.fieldSize = 200
            configuration.limits.requestLine = 200
            configuration.limits.bodySize = 1000
        }
        defer { running.stop() }
        let client = try running.connect()
        client.send(request)
        let response = try client.response()
        #expect(response.code == status, "\(name)")
        #expect(response.header("Connection") == "close", "\(name)")
        #expect(client.closedByServer(within: 2), "\(name)")
        #expect(calls.count == 0, "\(name)")
    }

    @Test("a good request before a bad one on the same connection is answered first")
    func goodThenBad() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/9.9\r\n\r\n")
        #expect(try client.response().code == 200)
        #expect(try client.response().code >= 400)
    }

    @Test("a head that does not arrive in time gets 408 and the connection closes (slowloris)")
    func headerTimeout() throws {
        let calls = Counter()
        let running = try RunningServer(Apps.echo(calls)) { $0.headerTimeout = 0.3 }
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let started = ContinuousClock.now
        let response = try client.response()
        #expect(response.code == 408)
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(client.closedByServer(within: 2))
        #expect(calls.count == 0)
    }

    @Test("an idle keep-alive connection is closed after --keep-alive seconds")
    func keepAliveTimeout() throws {
        let running = try RunningServer(Apps.echo()) { $0.keepAliveTimeout = 0.3 }
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().code == 200)
        let started = ContinuousClock.now
        #expect(client.closedByServer(within: 3))
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test("when every thread and the queue are busy, a request is answered 503 at once")
    func overload() throws {
        let release = Counter()
        let app: Application = { environ, startResponse in
            if environ.pathInfo == "/block" {
                while release.count == 0 { usleep(5_000) }
            }
            try startResponse("200 OK", [("Content-Type", "text/plain")])
            return ChunkedBody("done")
        }
        let running = try RunningServer(app) { configuration in
            configuration.threads = 1
            configuration.queueSize = 0
        }
        defer { running.stop() }
        let blocked = try running.connect()
        blocked.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(200_000)
        let refused = try running.connect()
        let started = ContinuousClock.now
        refused.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try refused.response()
        #expect(response.code == 503)
        #expect(ContinuousClock.now - started < .seconds(2))
        release.bump()
        #expect(try blocked.response().text == "done")
    }
}
