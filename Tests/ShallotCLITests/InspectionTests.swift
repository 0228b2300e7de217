import Foundation
import Testing

@Suite("shallot parse")
struct ParseCommandTests {
    let lenientFile = "POST /submit\nX-Custom-Header: One\ncontent-type: text/plain\nACCEPT: */*\n\nhi\n"

    @Test("method, target, version, headers in wire order with their case, body, and what was assumed")
    func text() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("p.http", lenientFile)
        let run = try shallot(["parse", "--color", "never", "p.http"], cwd: dir.url)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        #expect(run.stdout == """
            ### (p.http:1)
            method   POST
            target   /submit
            version  HTTP/1.1
            framing  Content-Length: 2
            headers  5, in wire order
              X-Custom-Header: One
              content-type: text/plain
              ACCEPT: */*
              Content-Length: 2
              Host: localhost
            body     2 bytes
              hi
            assumed
              - no HTTP version: assumed HTTP/1.1
              - no Content-Length: computed 2 from the body
              - no Host header: assumed localhost

            """)
    }

    @Test("--default-host names the assumed Host")
    func defaultHost() throws {
        let run = try shallot(["parse", "--color", "never", "--default-host", "example.org"], stdin: "GET /\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("\n  Host: example.org\n"))
        #expect(run.stdout.contains("\n  - no Host header: assumed example.org\n"))
    }

    @Test("--json: one valid object per request, with notes")
    func json() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("p.http", lenientFile)
        let run = try shallot(["parse", "--json", "--color", "never", "p.http"], cwd: dir.url)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        try #require(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["method"] as? String == "POST")
        #expect(object["target"] as? String == "/submit")
        #expect(object["version"] as? String == "HTTP/1.1")
        #expect(object["file"] as? String == "p.http")
        #expect(object["line"] as? Int == 1)
        #expect(object["body"] as? String == "hi")
        #expect(object["headers"] as? [[String]] == [
            ["X-Custom-Header", "One"], ["content-type", "text/plain"], ["ACCEPT", "*/*"], ["Content-Length", "2"], ["Host", "localhost"],
        ])
        #expect(object["notes"] as? [String] == [
            "no HTTP version: assumed HTTP/1.1", "no Content-Length: computed 2 from the body", "no Host header: assumed localhost",
        ])
    }

    @Test("--strict refuses LF-only lines")
    func strictLineEnding() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("lf.http", "GET / HTTP/1.1\nHost: x\n\n")
        let run = try shallot(["parse", "--strict", "--color", "never", "lf.http"], cwd: dir.url)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("shallot: lf.http:1:15: line-ending: "))
    }

    @Test("--strict reads pipelined.http (CRLF raw) as three requests")
    func strictPipelined() throws {
        let run = try shallot(["parse", "--strict", "--color", "never", "requests/wire/pipelined.http"],
                              cwd: packageRoot.appendingPathComponent("samples"))
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("method ") } == ["method   GET", "method   GET", "method   POST"])
        #expect(lines.filter { $0.hasPrefix("target ") } == ["target   /a", "target   /b?x=1", "target   /c"])
        #expect(lines.filter { $0.hasPrefix("### ") } == [
            "### (requests/wire/pipelined.http:1)", "### (requests/wire/pipelined.http:5)", "### (requests/wire/pipelined.http:8)",
        ])
        // Nothing to assume under the strict profile.
        #expect(!run.stdout.contains("assumed"))
    }

    @Test("--strict refuses what the lenient profile repairs (whitespace before a colon)")
    func strictVersusLenient() throws {
        let request = "GET / HTTP/1.1\r\nHost : x\r\n\r\n"
        let lenient = try shallot(["parse", "--color", "never"], stdin: request)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("  - removed whitespace before the colon in \"Host\"\n"))
        let strict = try shallot(["parse", "--strict", "--color", "never"], stdin: request)
        #expect(strict.status == 2)
        // file:line:column, and in a raw stream the byte offset too.
        #expect(strict.stderr.hasPrefix("shallot: <stdin>:2:5: whitespace-before-colon: "))
        #expect(strict.stderr.contains("; byte 20)"))
    }
}

@Suite("shallot environ")
struct EnvironCommandTests {
    func environLines(_ stdout: String) -> [String] { stdout.split(separator: "\n").map(String.init) }

    @Test("the environ: CGI keys, wsgi.url_scheme, and no HTTP_CONTENT_TYPE")
    func basics() throws {
        let run = try shallot(["environ", "--color", "never"], stdin: "POST /x?y=1\nContent-Type: text/plain\n\nhi\n")
        #expect(run.status == 0, "\(run)")
        let lines = environLines(run.stdout)
        #expect(lines.contains("REQUEST_METHOD = POST"))
        #expect(lines.contains("PATH_INFO = /x"))
        #expect(lines.contains("QUERY_STRING = y=1"))
        #expect(lines.contains("CONTENT_TYPE = text/plain"))
        #expect(lines.contains("CONTENT_LENGTH = 2"))
        #expect(lines.contains("wsgi.url_scheme = http"))
        #expect(lines.contains("SERVER_PORT = 80"))
        #expect(!run.stdout.contains("HTTP_CONTENT_TYPE"))
        #expect(!run.stdout.contains("HTTP_CONTENT_LENGTH"))
    }

    @Test("--script-name splits the path")
    func scriptName() throws {
        let run = try shallot(["environ", "--color", "never", "--script-name", "/app"], stdin: "GET /app/x\n")
        #expect(run.status == 0)
        let lines = environLines(run.stdout)
        #expect(lines.contains("SCRIPT_NAME = /app"))
        #expect(lines.contains("PATH_INFO = /x"))
        #expect(lines.contains("RAW_URI = /app/x"))
    }

    @Test("--scheme https: port 443 for a Host without one")
    func https() throws {
        let run = try shallot(["environ", "--color", "never", "--scheme", "https"], stdin: "GET /\nHost: example.com\n")
        #expect(run.status == 0)
        let lines = environLines(run.stdout)
        #expect(lines.contains("wsgi.url_scheme = https"))
        #expect(lines.contains("SERVER_NAME = example.com"))
        #expect(lines.contains("SERVER_PORT = 443"))
    }

    @Test("a header with an underscore is dropped, as gunicorn does")
    func underscoreHeader() throws {
        let run = try shallot(["environ", "--color", "never"], stdin: "GET /\nX_Forwarded: 1\nX-Kept: 2\n")
        #expect(run.status == 0)
        #expect(!run.stdout.contains("HTTP_X_FORWARDED"))
        #expect(environLines(run.stdout).contains("HTTP_X_KEPT = 2"))
    }

    @Test("several requests are labelled with their place; --json is one object each")
    func several() throws {
        let text = try shallot(["environ", "--color", "never", "requests/wire/pipelined.http"], cwd: packageRoot.appendingPathComponent("samples"))
        #expect(text.status == 0)
        #expect(labels(text.stdout) == ["### requests/wire/pipelined.http:1", "### requests/wire/pipelined.http:5", "### requests/wire/pipelined.http:8"])
        let json = try shallot(["environ", "--json", "--color", "never", sample("pipelined.http")])
        #expect(json.status == 0)
        let paths = try json.stdout.split(separator: "\n").map { line -> String? in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (object["environ"] as? [String: String])?["PATH_INFO"]
        }
        #expect(paths == ["/a", "/b", "/c"])
    }
}
