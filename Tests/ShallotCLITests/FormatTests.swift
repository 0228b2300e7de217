import Foundation
import Testing

@Suite("shallot run --format")
struct FormatTests {
    /// Each stdout line parsed as a JSON object.
    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(value as? [String: Any], "not an object: \(line)")
        }
    }

    @Test("json: one object per line with status, reason, headers, body, timings and origin")
    func json() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "json", "requests/wire/session.http"],
                              cwd: packageRoot.appendingPathComponent("samples"))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasSuffix("\n"))
        let objects = try objects(run.stdout)
        try #require(objects.count == 3)
        for (object, line) in zip(objects, [4, 10, 13]) {
            #expect(object["status"] as? Int == 200)
            #expect(object["reason"] as? String == "OK")
            #expect(object["file"] as? String == "requests/wire/session.http")
            #expect(object["line"] as? Int == line)
            #expect(object["body_encoding"] as? String == "utf-8")
            #expect(object["body"] is String)
            let headers = try #require(object["headers"] as? [[String]])
            #expect(headers.first == ["Content-Type", "text/plain; charset=utf-8"])
            let timings = try #require(object["timings"] as? [String: Any])
            let parse = try #require(timings["parse_ms"] as? Double)
            let app = try #require(timings["app_ms"] as? Double)
            #expect(parse >= 0 && app >= 0)
        }
        #expect(objects[0]["name"] as? String == "Log in: the response sets a session cookie")
        #expect((objects[0]["headers"] as? [[String]])?.last == ["Set-Cookie", "sessionid=demo-session; HttpOnly; Path=/; SameSite=Lax"])
        #expect((objects[1]["body"] as? String)?.contains("HTTP_COOKIE = sessionid=demo-session\n") == true)
        let request = try #require(objects[2]["request"] as? [String: String])
        #expect(request == ["method": "HEAD", "target": "/profile", "version": "HTTP/1.1"])
        #expect(objects[2]["body"] as? String == "")
    }

    @Test("json: a request that cannot be parsed is an error object in its place")
    func jsonError() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "json", "bad/malformed.http"], cwd: samples)
        #expect(run.status == 2)
        let objects = try objects(run.stdout)
        try #require(objects.count == 2)
        #expect(objects[0]["line"] as? Int == 8)
        let error = try #require(objects[0]["error"] as? [String: Any])
        #expect(error["rule"] as? String == "transfer-encoding")
        #expect(error["status"] as? Int == 400)
        #expect(objects[1]["status"] as? Int == 200)
        #expect(objects[1]["line"] as? Int == 13)
    }

    @Test("summary: one line per request")
    func summary() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "summary", "requests/wire/session.http"],
                              cwd: packageRoot.appendingPathComponent("samples"))
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "", "\(run)")
        let expected = [("POST /login", "requests/wire/session.http:4"), ("GET /profile", "requests/wire/session.http:10"),
                        ("HEAD /profile", "requests/wire/session.http:13")]
        for (line, (request, origin)) in zip(lines, expected) {
            #expect(line.hasPrefix("200 OK "))
            #expect(line.contains(" \(request) "))
            #expect(line.contains(" ms "))
            #expect(line.hasSuffix("  \(origin)"))
        }
        #expect(lines[2].contains(" 0 B  "))
    }

    @Test("raw: the bytes a server writes, CRLF in the head")
    func raw() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "raw", sample("form.http")])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("HTTP/1.1 200 OK\r\n"))
        let bytes = Array(run.stdout.utf8)
        let separator = Array("\r\n\r\n".utf8)
        let headEnd = try #require((0...(bytes.count - separator.count)).first { Array(bytes[$0..<($0 + 4)]) == separator })
        let head = String(decoding: bytes[..<(headEnd + 4)], as: UTF8.self)
        let body = bytes[(headEnd + 4)...]
        // The application gave no framing; the whole body is known, so a Content-Length is added.
        #expect(head == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.count)\r\n\r\n")
        #expect(String(decoding: body, as: UTF8.self).hasPrefix("Hello from Shallot's demo application.\n"))
    }

    @Test("raw HEAD: the head alone")
    func rawHead() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "raw"], stdin: "HEAD /\n")
        #expect(run.status == 0)
        let length = try #require(run.stdout.split(separator: "\r\n").first { $0.hasPrefix("Content-Length: ") })
        #expect(Int(length.dropFirst("Content-Length: ".count))! > 0)
        #expect(run.stdout.hasSuffix("\r\n\r\n"))
        #expect(run.stdout == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\(length)\r\n\r\n")
    }

    @Test("raw 204: no body and no Content-Length added")
    func raw204() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "raw"], stdin: "GET /status/204\n")
        #expect(run.stdout == "HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test("raw, several responses: each framed, so the stream splits back into responses")
    func rawSeveral() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "raw", sample("pipelined.http")])
        #expect(run.status == 0)
        #expect(run.stdout.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 4)
        #expect(run.stdout.components(separatedBy: "\r\nContent-Length: ").count == 4)
    }
}

@Suite("shallot run: exit statuses")
struct ExitStatusTests {
    @Test("--fail-on turns 4xx and 5xx responses into exit statuses", arguments: [
        ("/status/404", "4xx", Int32(4)), ("/status/503", "4xx", 5), ("/status/404", "5xx", 0),
        ("/status/503", "5xx", 5), ("/status/404", nil, 0), ("/status/503", nil, 0), ("/status/302", "4xx", 0),
    ] as [(String, String?, Int32)])
    func failOn(path: String, failOn: String?, status: Int32) throws {
        let run = try shallot(["run", "--echo", "--color", "never"] + (failOn.map { ["--fail-on", $0] } ?? []), stdin: "GET \(path)\n")
        #expect(run.status == status, "\(run)")
        let code = path.dropFirst("/status/".count)
        #expect(run.stdout.hasPrefix("HTTP/1.1 \(code) "))
        #expect(run.stdout.hasSuffix("status \(code)\n"))
        #expect(run.stderr == "")
    }

    @Test("when several apply, the first of 2, 3, 5, 4 wins", arguments: [
        (["/status/404", "/status/503"], Int32(5)),
        (["/status/404", "/status/503", "/error"], 3),
        (["/error", "PARSE-ERROR", "/status/404"], 2),
        (["/status/404", "/status/200"], 4),
    ] as [([String], Int32)])
    func precedence(paths: [String], status: Int32) throws {
        let blocks = paths.map { $0 == "PARSE-ERROR" ? "GET /x HTTP/1.1\nContent-Length: x\n" : "GET \($0)\n" }
        let run = try shallot(["run", "--echo", "--color", "never", "--fail-on", "4xx"], stdin: blocks.map { "###\n" + $0 }.joined(separator: "\n"))
        #expect(run.status == status, "\(run)")
        #expect(labels(run.stdout).count == paths.filter { $0 != "PARSE-ERROR" }.count)
    }

    @Test("the application raising: exit 3, a 500 on stdout, file:line and the error on stderr")
    func applicationRaises() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("errors.http", "# the demo raises on /error\n###\nGET /error\n")
        let run = try shallot(["run", "--echo", "--color", "never", "errors.http"], cwd: dir.url)
        #expect(run.status == 3)
        #expect(run.stdout.hasPrefix("HTTP/1.1 500 Internal Server Error\nContent-Type: text/html\nConnection: close\n\n<html>"))
        #expect(run.stderr == "shallot: errors.http:3: the application raised: the demo application was asked to fail (GET /error)\n")
    }

    @Test("--lint on every sample: exit 0, no lint lines")
    func lintSamples() throws {
        let files = sampleRequestCounts.map { sample($0.file) }
        let run = try shallot(["run", "--echo", "--color", "never", "--lint"] + files + ["-"], stdin: "GET /stream\n")
        #expect(run.status == 0, "\(run)")
        #expect(!run.stderr.contains("lint:"))
        #expect(run.stderr == "")
        #expect(labels(run.stdout).count == sampleRequestCounts.map(\.requests).reduce(0, +) + 1)
    }

    @Test("malformed.http: exit 2 at the offending header's line, and the next request still runs")
    func malformed() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "bad/malformed.http"], cwd: samples)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("shallot: bad/malformed.http:8:1: transfer-encoding: both Transfer-Encoding and Content-Length are present"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(labels(run.stdout) == [
            "### A header with a space before its colon (RFC 9112 §5.1) is refused under --strict only — GET /polls/  (bad/malformed.http:13)",
        ])
        #expect(run.stdout.contains("\nHTTP/1.1 200 OK\n"))
        #expect(run.stdout.contains("\nPATH_INFO = /polls/\n"))
        #expect(run.stdout.contains("\nHTTP_HOST = localhost:8000\n"))
    }

    @Test("a parse error in the middle block: the blocks before and after still answer")
    func middleBlockError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("mid.http", """
            ### first
            GET /first

            ### broken
            POST /mid HTTP/1.1
            Host: x
            Content-Length: abc

            body

            ### last
            GET /last

            """)
        let run = try shallot(["run", "--echo", "--color", "never", "mid.http"], cwd: dir.url)
        #expect(run.status == 2)
        #expect(run.stderr == "shallot: mid.http:7:1: content-length: Content-Length \"abc\" is not a number of bytes (RFC 9112 §6.3)\n")
        #expect(labels(run.stdout) == ["### first — GET /first  (mid.http:2)", "### last — GET /last  (mid.http:12)"])
        #expect(run.stdout.contains("PATH_INFO = /first\n"))
        #expect(run.stdout.contains("PATH_INFO = /last\n"))
        #expect(!run.stdout.contains("/mid"))
    }

    @Test("an undefined variable: exit 2 at its line")
    func undefinedVariable() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("vars.http", "@host = example.com\n\n###\nGET http://{{host}}/{{x}}\n")
        let run = try shallot(["run", "--echo", "--color", "never", "vars.http"], cwd: dir.url)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "shallot: vars.http:4: variable: undefined variable {{x}}; define it with '@x = value' or --var x=value\n")
        let defined = try shallot(["run", "--echo", "--color", "never", "--var", "x=y", "vars.http"], cwd: dir.url)
        #expect(defined.status == 0)
        #expect(defined.stdout.contains("\nRAW_URI = http://example.com/y\n"))
    }

    @Test("a missing body file: exit 2, body-file")
    func missingBodyFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("body.http", "POST /upload\nContent-Type: application/json\n\n< ./nope.json\n")
        let run = try shallot(["run", "--echo", "--color", "never", "body.http"], cwd: dir.url)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("shallot: body.http:4: body-file: cannot read body file \"./nope.json\""))
    }
}

@Suite("shallot run: limits, failures in JSON, cookie scope")
struct MoreRunTests {
    @Test("--limit-request-line and --limit-request-fields: parse errors naming the limit", arguments: [
        (["--limit-request-line", "10"], "shallot: <stdin>:1:1: request-line-too-long: "),
        (["--limit-request-fields", "1"], "shallot: <stdin>:3:1: too-many-fields: "),
    ])
    func limits(options: [String], message: String) throws {
        let run = try shallot(["run", "--echo", "--color", "never"] + options, stdin: "GET /a-long-target\nA: 1\nB: 2\n")
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix(message), "\(run)")
    }

    @Test("--format json: the application's failure is in the object")
    func jsonFailure() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--format", "json"], stdin: "GET /error\n")
        #expect(run.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 500)
        #expect(object["failure"] as? String == "the application raised: the demo application was asked to fail (GET /error)")
    }

    @Test("the cookie jar sends a cookie only to the host that set it")
    func cookieScope() throws {
        let run = try shallot(["run", "--echo", "--color", "never"],
                              stdin: "###\nGET /login\n\n###\nGET /p\nHost: other.example\n\n###\nGET http://localhost/p\n")
        #expect(run.status == 0)
        let responses = run.stdout.components(separatedBy: "\n### ")
        try #require(responses.count == 3)
        #expect(!responses[1].contains("HTTP_COOKIE ="))
        #expect(responses[2].contains("\nHTTP_COOKIE = sessionid=demo-session\n"))
    }
}
