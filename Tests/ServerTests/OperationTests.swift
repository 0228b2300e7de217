import Gateway
import HTTPTestClient
import Server
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("serve: shutdown, logs, proxies, static files", .timeLimit(.minutes(1)))
struct OperationTests {
    @Test("graceful shutdown finishes an in-flight slow request with Connection: close and refuses new connections")
    func gracefulShutdown() throws {
        let running = try RunningServer(Apps.echo())
        let slow = try running.connect()
        slow.send("GET /sleep/500 HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try running.connect()
        idle.send("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.response().code == 200)
        usleep(100_000)
        running.server.beginShutdown()
        #expect(idle.closedByServer(within: 2))
        let response = try slow.response()
        #expect(response.text.hasPrefix("GET /sleep/500"))
        #expect(response.header("Connection") == "close")
        running.server.waitUntilStopped()
        #expect(throws: (any Error).self) { _ = try RawClient(port: running.port) }
    }

    @Test("a port in use is a clear error")
    func portInUse() throws {
        let first = try RunningServer(Apps.echo())
        defer { first.stop() }
        var configuration = ServerConfiguration()
        configuration.binds = [BindAddress(host: "127.0.0.1", port: first.port)]
        configuration.errorLog = "/dev/null"
        let second = try HTTPServer(configuration: configuration, application: Apps.echo())
        do {
            try second.start()
            Issue.record("the second bind succeeded")
        } catch {
            #expect("\(error)".contains("already in use"))
            #expect("\(error)".contains("127.0.0.1:\(first.port)"))
        }
        second.beginShutdown()
        second.waitUntilStopped()
    }

    @Test("--bind values", arguments: [
        ("127.0.0.1:8000", "127.0.0.1", 8000), ("localhost", "localhost", 8000), (":9000", "0.0.0.0", 9000), ("[::1]:8080", "::1", 8080),
    ])
    func bindParsing(text: String, host: String, port: Int) throws {
        let address = try BindAddress.parse(text).get()
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test("bad --bind values are refused with a reason", arguments: ["127.0.0.1:http", "127.0.0.1:70000", "[::1"])
    func badBind(text: String) {
        guard case .failure(let error) = BindAddress.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.description.contains(text))
    }

    @Test("access log lines use gunicorn's atoms")
    func accessLog() throws {
        let path = "/tmp/shallot-access-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let running = try RunningServer(Apps.echo()) { configuration in
            configuration.accessLog = path
            configuration.accessLogFormat = AccessLogFormat(#"%(h)s "%(r)s" %(s)s %(b)s "%(a)s" %({X-Test}i)s %(m)s %(U)s %(q)s %(D)s"#)
        }
        let client = try running.connect()
        client.send("GET /logged?x=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: tester/1\r\nX-Test: yes\r\n\r\n")
        let response = try client.response()
        running.stop()
        let line = try #require(try readFile(path).split(separator: "\n").first.map(String.init))
        #expect(line.hasPrefix(#"127.0.0.1 "GET /logged?x=1 HTTP/1.1" 200 \#(response.body.count) "tester/1" yes GET /logged x=1 "#))
        #expect(Int(line.split(separator: " ").last ?? "") != nil)
    }

    @Test("a request running past --timeout is reported in the error log")
    func workerTimeout() throws {
        let path = "/tmp/shallot-error-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let running = try RunningServer(Apps.echo()) { configuration in
            configuration.errorLog = path
            configuration.workerTimeout = 0.1
        }
        let client = try running.connect()
        client.send("GET /sleep/400 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().code == 200)
        running.stop()
        let log = try readFile(path)
        #expect(log.contains("[CRITICAL] WORKER TIMEOUT: GET /sleep/400"))
        // gunicorn's error-log line: `[2026-11-23 15:21:33 +0000] [pid] [LEVEL] message`.
        let line = try #require(log.split(separator: "\n").first { $0.contains("WORKER TIMEOUT") })
        #expect(line.wholeMatch(of: /\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000\] \[\d+\] \[CRITICAL\] .*/) != nil)
    }

    @Test("--log-level debug reports malformed requests; the default info level does not", arguments: [LogLevel.debug, .info])
    func logLevel(level: LogLevel) throws {
        let path = "/tmp/shallot-level-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let running = try RunningServer(Apps.echo()) { configuration in
            configuration.errorLog = path
            configuration.logLevel = level
        }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.response().code == 400)
        running.stop()
        #expect(try readFile(path).contains("[DEBUG] Invalid request from 127.0.0.1: host:") == (level == .debug))
    }

    @Test("X-Forwarded-For and -Proto are trusted only from --forwarded-allow-ips", arguments: [true, false])
    func forwarded(trusted: Bool) throws {
        let running = try RunningServer(Apps.echo()) { $0.forwardedAllowIPs = trusted ? ["127.0.0.1"] : ["10.1.1.1"] }
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9, 127.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n")
        let text = try client.response().text
        if trusted {
            #expect(text.contains("remote=203.0.113.9 scheme=https"))
        } else {
            #expect(text.contains("remote=127.0.0.1 scheme=http "))
        }
    }

    @Test("static files: ETag, Last-Modified, 304, Range; other paths reach the application")
    func staticFiles() throws {
        let directory = "/tmp/shallot-static-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o755)
        let file = directory + "/site.css"
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let content = "body { color: red; }\n"
        _ = content.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        defer {
            unlink(file)
            rmdir(directory)
        }
        let running = try RunningServer(Apps.echo()) { $0.staticFiles = StaticFilesConfiguration(urlPrefix: "/static/", directories: [directory]) }
        defer { running.stop() }
        let client = try running.connect()
        client.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\n\r\n")
        let whole = try client.response()
        #expect(whole.code == 200)
        #expect(whole.text == content)
        #expect(whole.header("Content-Type") == "text/css")
        #expect(whole.header("Last-Modified") != nil)
        let etag = try #require(whole.header("ETag"))
        client.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n")
        #expect(try client.response().code == 304)
        client.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\n\r\n")
        let part = try client.response()
        #expect(part.code == 206)
        #expect(part.text == "body")
        #expect(part.header("Content-Range") == "bytes 0-3/\(content.utf8.count)")
        client.send("GET /static/../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().text.hasPrefix("GET /static/../etc/passwd"))
        client.send("GET /static/missing.css HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().text.hasPrefix("GET /static/missing.css"))
    }
}

func readFile(_ path: String) throws -> String {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw ClientError(description: "cannot open \(path)") }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += chunk[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}
