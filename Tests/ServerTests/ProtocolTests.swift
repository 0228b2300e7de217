import Gateway
import HTTPTestClient
import Server
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("serve: HTTP/1.1 protocol", .timeLimit(.minutes(1)))
struct ProtocolTests {
    @Test("keep-alive: two requests on one connection, same client port")
    func keepAliveReuse() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.response()
        client.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = try client.response()
        #expect(first.text.hasPrefix("GET /a"))
        #expect(second.text.hasPrefix("GET /b"))
        #expect(first.header("Connection") == nil)
        let port = { (r: ClientResponse) in r.text.split(separator: " ").last.map(String.init) }
        #expect(port(first) == port(second))
        #expect(first.header("Server") == "shallot")
        #expect(first.header("Date")?.hasSuffix(" GMT") == true)
    }

    @Test("HTTP/1.0 closes unless keep-alive is asked for; Connection: close is honoured")
    func connectionClose() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let old = try running.connect()
        old.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try old.response()
        #expect(response.statusLine.hasPrefix("HTTP/1.0 200"))
        #expect(response.header("Connection") == "close")
        #expect(old.closedByServer(within: 2))

        let asked = try running.connect()
        asked.send("GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try asked.response().header("Connection") == "keep-alive")
        asked.send("GET /ka2 HTTP/1.0\r\n\r\n")
        #expect(try asked.response().text.hasPrefix("GET /ka2"))

        let closing = try running.connect()
        closing.send("GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try closing.response().header("Connection") == "close")
        #expect(closing.closedByServer(within: 2))
    }

    @Test("pipelined requests are answered in order, even when the first is slowest")
    func pipelining() throws {
        let running = try RunningServer(Apps.echo()) { $0.threads = 4 }
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET /sleep/200 HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nPOST /three HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
        #expect(try client.response().text.hasPrefix("GET /sleep/200"))
        #expect(try client.response().text.hasPrefix("GET /two"))
        #expect(try client.response().text.hasPrefix("POST /three body=abc"))
    }

    @Test("a chunked request body reaches wsgi.input de-chunked, even sent byte by byte")
    func chunkedRequest() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        let request = "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
        for byte in request.utf8 { client.send([byte]) }
        let response = try client.response()
        #expect(response.text.hasPrefix("POST /up body=hello world"))
    }

    @Test("a streaming response goes out chunked for HTTP/1.1 and close-delimited for HTTP/1.0")
    func chunkedResponse() throws {
        let app: Application = { _, startResponse in
            try startResponse("200 OK", [("Content-Type", "text/plain")])
            var parts = ["one ", "two ", "three"]
            return GeneratedBody { parts.isEmpty ? nil : Array(parts.removeFirst().utf8) }
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.text == "one two three")
        client.send("GET / HTTP/1.0\r\n\r\n")
        let old = try client.response()
        #expect(old.header("Transfer-Encoding") == nil)
        #expect(old.header("Connection") == "close")
        #expect(old.text == "one two three")
    }

    @Test("a one-chunk body gets a Content-Length")
    func contentLength() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.header("Content-Length") == String(response.body.count))
        #expect(response.header("Transfer-Encoding") == nil)
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent")
    func expectContinue() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        client.send("PUT /file HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.response()
        #expect(interim.code == 100)
        client.send("data")
        let final = try client.response()
        #expect(final.code == 200)
        #expect(final.text.hasPrefix("PUT /file body=data"))
    }

    @Test("no body for HEAD, 204 and 304", arguments: [("HEAD", "200 OK"), ("GET", "204 No Content"), ("GET", "304 Not Modified")])
    func bodyless(method: String, status: String) throws {
        let app: Application = { _, startResponse in
            try startResponse(status, [("Content-Type", "text/plain")])
            return ChunkedBody("should not be sent")
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        client.send("\(method) / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response(method: method)
        #expect(response.statusLine == "HTTP/1.1 \(status)")
        // The next response must start right away: no stray body bytes in between.
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let next = try client.response(method: method == "HEAD" ? "HEAD" : "GET")
        #expect(next.statusLine == "HTTP/1.1 \(status)")
        if method == "HEAD" { #expect(response.header("Content-Length") == "18") }
    }

    @Test("wsgi.file_wrapper is sent from the file")
    func fileWrapper() throws {
        let path = "/tmp/shallot-serve-file-\(getpid()).txt"
        let content = String(repeating: "0123456789", count: 10_000)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = content.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        defer { unlink(path) }
        let app: Application = { environ, startResponse in
            try startResponse("200 OK", [("Content-Type", "text/plain")])
            let file = open(path, O_RDONLY)
            lseek(file, 10, SEEK_SET)
            return environ.fileWrapper!(file, 8192)
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.header("Content-Length") == String(content.utf8.count - 10))
        #expect(response.text == String(content.dropFirst(10)))
    }

    @Test("an application that raises gets gunicorn's 500 and the connection closes")
    func applicationError() throws {
        struct Boom: Error {}
        let app: Application = { _, _ in throw Boom() }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.code == 500)
        #expect(response.text.contains("Internal Server Error"))
        #expect(client.closedByServer(within: 2))
    }

    @Test("a streaming response waits for a slow reader (backpressure)")
    func backpressure() throws {
        let produced = Counter()
        let app: Application = { _, startResponse in
            try startResponse("200 OK", [("Content-Type", "application/octet-stream")])
            var left = 1000
            return GeneratedBody {
                guard left > 0 else { return nil }
                left -= 1
                produced.bump()
                return [UInt8](repeating: 65, count: 64 * 1024)
            }
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        var small: Int32 = 16 * 1024
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(500_000)
        // 1000 chunks of 64 KiB is 64 MiB; without backpressure all of it would be produced by now.
        // (Socket buffers grow on loopback, more so on a loaded machine: a margin, far below 1000.)
        #expect(produced.count < 500)
        let response = try client.response()
        #expect(response.body.count == 1000 * 64 * 1024)
        #expect(produced.count == 1000)
    }
}

@Suite("serve: many pipelined requests", .timeLimit(.minutes(1)))
struct PipelineFloodTests {
    @Test("200 pipelined requests in one write are all answered, in order")
    func flood() throws {
        let running = try RunningServer(Apps.echo())
        defer { running.stop() }
        let client = try running.connect()
        client.send((0..<200).map { "GET /n\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        for n in 0..<200 {
            #expect(try client.response().text.hasPrefix("GET /n\(n) "))
        }
    }
}

@Suite("serve: clients that go away", .timeLimit(.minutes(1)))
struct ClientGoneTests {
    @Test("a client closing during a running request leaves the server serving others")
    func closeMidRequest() throws {
        let calls = Counter()
        let running = try RunningServer(Apps.echo(calls))
        defer { running.stop() }
        do {
            let leaving = try running.connect()
            leaving.send("GET /sleep/300 HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(50_000)
        }
        usleep(500_000)
        #expect(calls.count == 1)
        let next = try running.connect()
        next.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try next.response().text.hasPrefix("GET /after"))
    }

    @Test("a client closing in the middle of a streamed response does not stop the server")
    func closeMidStream() throws {
        let closed = Counter()
        let app: Application = { environ, startResponse in
            try startResponse("200 OK", [("Content-Type", "application/octet-stream")])
            if environ.pathInfo == "/small" { return ChunkedBody("ok") }
            var left = 10_000
            return GeneratedBody(onClose: { closed.bump() }) {
                guard left > 0 else { return nil }
                left -= 1
                return [UInt8](repeating: 66, count: 64 * 1024)
            }
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        do {
            let leaving = try running.connect()
            leaving.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(100_000)
        }
        #expect(eventually { closed.count == 1 }, "the body was closed after the client left")
        let next = try running.connect()
        next.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try next.response().text == "ok")
    }
}

@Suite("serve: a client that does not read", .timeLimit(.minutes(1)))
struct SlowReaderTests {
    @Test("pipelined requests wait while the client does not read their answers, then all arrive")
    func pipelinedBackpressure() throws {
        let calls = Counter()
        let app: Application = { _, startResponse in
            calls.bump()
            try startResponse("200 OK", [("Content-Type", "application/octet-stream")])
            return ChunkedBody([[UInt8](repeating: 67, count: 256 * 1024)])
        }
        let running = try RunningServer(app)
        defer { running.stop() }
        let client = try running.connect()
        var small: Int32 = 16 * 1024
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        client.send((0..<100).map { _ in "GET / HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        usleep(500_000)
        // 100 answers of 256 KiB are 25 MiB; without backpressure every one would be computed by now.
        #expect(calls.count < 50)
        for _ in 0..<100 {
            #expect(try client.response().body.count == 256 * 1024)
        }
        #expect(calls.count == 100)
    }
}
