import Foundation
import HTTPTestClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("shallot serve (end to end)", .serialized, .timeLimit(.minutes(3)))
struct ServeTests {
    /// One request of a sample file as `shallot parse --json` reads it, in the strict bytes a client sends.
    struct SampleRequest {
        var label: String
        var method: String
        var bytes: [UInt8]
    }

    static let sampleFiles: [String] = {
        let root = packageRoot.appendingPathComponent("samples/requests")
        let top = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasSuffix(".http") }.sorted().map { "samples/requests/" + $0 }
        let wire = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("wire").path)) ?? [])
            .filter { $0.hasSuffix(".http") }.sorted().map { "samples/requests/wire/" + $0 }
        return top + wire
    }()

    static func requests(in file: String) throws -> [SampleRequest] {
        let parsed = try shallot(["parse", "--json", file])
        try #require(parsed.status == 0, "\(parsed)")
        return try parsed.stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let method = object["method"] as! String
            var head = "\(method) \(object["target"] as! String) \(object["version"] as! String)\r\n"
            for pair in object["headers"] as! [[String]] { head += "\(pair[0]): \(pair[1])\r\n" }
            head += "\r\n"
            let body = object["body"] as! String
            var bodyBytes = (object["body_encoding"] as? String) == "base64" ? [UInt8](Data(base64Encoded: body)!) : Array(body.utf8)
            if (object["framing"] as? String) == "chunked" {
                // parse shows the body de-chunked: chunk it again, trailers and all.
                var chunked = bodyBytes.isEmpty ? [] : Array("\(String(bodyBytes.count, radix: 16))\r\n".utf8) + bodyBytes + Array("\r\n".utf8)
                chunked += Array("0\r\n".utf8)
                for pair in object["trailers"] as? [[String]] ?? [] { chunked += Array("\(pair[0]): \(pair[1])\r\n".utf8) }
                bodyBytes = chunked + Array("\r\n".utf8)
            }
            return SampleRequest(label: "\(file):\(object["line"] as! Int)", method: method, bytes: Array(head.utf8) + bodyBytes)
        }
    }

    /// Headers as compared between `run` and `serve`: Date and Server are the server's own; a body
    /// streamed by `serve` is framed chunked where `run` (which buffers) counts it.
    static func comparable(_ headers: [(String, String)], chunked: Bool) -> [String] {
        headers.filter { name, _ in
            let lower = name.lowercased()
            if lower == "date" || lower == "server" || lower == "connection" { return false }
            if chunked && (lower == "content-length" || lower == "transfer-encoding") { return false }
            return true
        }.map { "\($0.0): \($0.1)" }
    }

    @Test("every sample request gives the same status, headers and body through run and serve")
    func parityWithRun() throws {
        let files = Self.sampleFiles
        try #require(files.count >= 5)
        let run = try shallot(["run", "--format", "json", "--no-cookies"] + files)
        let expected = try run.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let requests = try files.flatMap { try Self.requests(in: $0) }
        try #require(requests.count == expected.count, "parse saw \(requests.count) requests, run answered \(expected.count)")

        let server = try ServeProcess([])
        defer { server.stop() }
        for (request, want) in zip(requests, expected) {
            let client = try server.connect()
            client.send(request.bytes)
            let got = try client.response(method: request.method)
            #expect(got.code == want["status"] as? Int, "\(request.label)")
            let chunked = got.header("Transfer-Encoding") != nil
            let wantHeaders = (want["headers"] as! [[String]]).map { ($0[0], $0[1]) }
            let body = want["body"] as! String
            let wantBody = (want["body_encoding"] as? String) == "base64" ? [UInt8](Data(base64Encoded: body)!) : Array(body.utf8)
            var served = got.body
            var wantComparable = Self.comparable(wantHeaders, chunked: chunked)
            var gotComparable = Self.comparable(got.headers, chunked: chunked)
            // The technical 500 page lists META; only serve has a REMOTE_PORT to show.
            let text = String(decoding: served, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("  REMOTE_PORT = ") }) {
                served = Array(text.replacingOccurrences(of: line + "\n", with: "").utf8)
                wantComparable.removeAll { $0.hasPrefix("Content-Length:") }
                gotComparable.removeAll { $0.hasPrefix("Content-Length:") }
            }
            #expect(gotComparable == wantComparable, "\(request.label)")
            let wireBody = request.method == "HEAD" || [204, 304].contains(got.code) ? [] : wantBody
            #expect(served == wireBody, "\(request.label)")
            #expect(got.header("Server") == "shallot")
        }
    }

    @Test("curl (when installed) gets the sample site over keep-alive; raw sockets otherwise")
    func curl() throws {
        let server = try ServeProcess(["--access-log", "-"])
        defer { server.stop() }
        let curlPath = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let curlPath {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curlPath)
            process.arguments = ["-s", "--max-time", "10", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n",
                                 "http://127.0.0.1:\(server.port)/", "http://127.0.0.1:\(server.port)/polls/"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            process.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // Two 200s; the second reused the connection (0 new connects).
            #expect(out == "200 1\n200 0\n")
        } else {
            let client = try server.connect()
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.response().code == 200)
            client.send("GET /polls/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.response().code == 200)
        }
        #expect(server.stop() == 0)
        #expect(server.stdout.contains("\"GET /polls/ HTTP/1.1\" 200"))
    }

    @Test("SIGTERM exits 0; a port in use and a bad --bind are usage errors with a clear message")
    func lifecycleAndUsage() throws {
        let server = try ServeProcess([])
        let inUse = try shallot(["serve", "--bind", "127.0.0.1:\(server.port)"])
        #expect(inUse.status == 1)
        #expect(inUse.stderr.contains("cannot listen on 127.0.0.1:\(server.port): the address is already in use"))
        #expect(server.stop() == 0)
        #expect(server.stderr.contains("Shutting down"))

        let bad = try shallot(["serve", "--bind", "127.0.0.1:notaport"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad --bind \"127.0.0.1:notaport\""))
        let threads = try shallot(["serve", "--threads", "0"])
        #expect(threads.status == 1)
        #expect(threads.stderr.contains("--threads must be at least 1"))
    }

    @Test("SIGTERM waits for a connection with answers still to send; a second SIGTERM exits at once with status 1")
    func secondSignal() throws {
        let server = try ServeProcess(["--echo", "--graceful-timeout", "30"])
        defer { server.stop(seconds: 2) }
        let client = try server.connect()
        client.setSendTimeout(1)
        var small: Int32 = 16 * 1024
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        // Pipelined echoes of 64 KiB bodies that the client never reads: the server's answers
        // back up, so the connection has work left when the signal comes.
        let body = String(repeating: "x", count: 64 * 1024)
        let request = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        client.send(String(repeating: request, count: 200))
        kill(server.process.processIdentifier, SIGTERM)
        #expect(server.waitForLine(containing: "Shutting down: finishing in-flight requests", seconds: 5) != nil)
        usleep(500_000)
        #expect(server.process.isRunning, "the first signal waits for the connection")
        let signalled = Date()
        kill(server.process.processIdentifier, SIGTERM)
        while server.process.isRunning && Date().timeIntervalSince(signalled) < 5 { usleep(20_000) }
        #expect(!server.process.isRunning)
        #expect(Date().timeIntervalSince(signalled) < 3)
        #expect(server.process.terminationStatus == 1)
        #expect(server.stderr.contains("Second signal: exiting now"))
    }

    @Test("--workers 2: both workers serve, and a killed worker is replaced")
    func workerRestart() throws {
        let server = try ServeProcess(["--workers", "2"])
        defer { server.stop() }
        let first = try #require(server.waitForLine(containing: "Booting worker with pid: ", seconds: 20))
        _ = try #require(server.waitForLine(containing: "Booting worker with pid: ", skipping: 1, seconds: 20))
        let pid = try #require(Int32(first.components(separatedBy: "Booting worker with pid: ")[1].prefix { $0.isNumber }))
        kill(pid, SIGKILL)
        #expect(server.waitForLine(containing: "Booting worker with pid: ", skipping: 2, seconds: 20) != nil)
        #expect(server.stderr.contains("Worker (pid:\(pid)) was killed by signal 9"))
        for _ in 0..<4 {
            let client = try server.connect()
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(try client.response().code == 200)
        }
        #expect(server.stop() == 0)
    }
}
