import Foundation
import Testing

/// The sample files and how many requests each holds.
let sampleRequestCounts: [(file: String, requests: Int)] = [
    ("chunked.http", 1), ("form.http", 1), ("get.http", 2), ("json.http", 2), ("pipelined.http", 3), ("session.http", 3),
]

/// Lines of pretty output that label a response (`### …`).
func labels(_ stdout: String) -> [String] {
    stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("### ") }.map(String.init)
}

@Suite("shallot run: the samples")
struct SampleRunTests {
    @Test("the table of samples covers every .http file in samples/requests")
    func everySampleIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter { $0.hasSuffix(".http") }.sorted()
        #expect(files == sampleRequestCounts.map(\.file).sorted())
    }

    @Test("each sample runs cleanly, one labelled response per request when there are several", arguments: sampleRequestCounts)
    func sampleRuns(file: String, requests: Int) throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample(file)])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        #expect(labels(run.stdout).count == (requests > 1 ? requests : 0), "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP/1.1 200 OK\n") == requests)
        // The parser agrees on the count.
        let parsed = try shallot(["parse", "--json", "--color", "never", sample(file)])
        #expect(parsed.status == 0)
        #expect(parsed.stdout.split(separator: "\n").count == requests)
    }

    @Test("all samples in one run: labels name each file and line")
    func allSamplesAtOnce() throws {
        let files = sampleRequestCounts.map { "requests/wire/" + $0.file }
        let run = try shallot(["run", "--echo", "--color", "never"] + files, cwd: packageRoot.appendingPathComponent("samples"))
        #expect(run.status == 0, "\(run)")
        let labelled = labels(run.stdout)
        #expect(labelled.count == sampleRequestCounts.map(\.requests).reduce(0, +))
        #expect(labelled.first == "### POST /upload  (requests/wire/chunked.http:1)")
        #expect(labelled.last == "### A HEAD request: headers only, as a server would answer — HEAD /profile  (requests/wire/session.http:13)")
    }

    @Test("`shallot FILE` is `shallot run FILE`")
    func defaultSubcommand() throws {
        let implicit = try shallot(["--echo", "--color", "never", sample("get.http")])
        let explicit = try shallot(["run", "--echo", "--color", "never", sample("get.http")])
        #expect(implicit.status == 0)
        #expect(implicit.stdout == explicit.stdout)
        #expect(implicit.stderr == explicit.stderr)
        #expect(implicit.stdout.contains("QUERY_STRING = q=shallot&page=2\n"))
    }

    @Test("session.http: the cookie set by /login goes back with the next request")
    func sessionCookie() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("session.http")])
        #expect(run.status == 0)
        let responses = run.stdout.components(separatedBy: "\n### ")
        try #require(responses.count == 3, "\(run)")
        #expect(responses[0].contains("Set-Cookie: sessionid=demo-session; HttpOnly; Path=/; SameSite=Lax\n"))
        #expect(!responses[0].contains("HTTP_COOKIE ="))
        #expect(responses[1].contains("\nHTTP_COOKIE = sessionid=demo-session\n"))
    }

    @Test("--no-cookies: nothing is sent back")
    func noCookies() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--no-cookies", sample("session.http")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Set-Cookie: sessionid=demo-session"))
        #expect(!run.stdout.contains("HTTP_COOKIE ="))
    }

    @Test("form.http: Content-Length is computed and the body reaches the application")
    func form() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("form.http")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\nCONTENT_LENGTH = 26\nCONTENT_TYPE = application/x-www-form-urlencoded\n"))
        #expect(run.stdout.hasSuffix("\n26 bytes of body\nchoice=2&comment=caf%C3%A9\n"))
    }

    @Test("json.http: {{token}} is substituted from the file")
    func jsonVariables() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("json.http")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\nHTTP_AUTHORIZATION = Bearer s3cr3t\n"))
        #expect(run.stdout.contains("PATH_INFO = /api/v1/questions/\n"))
        #expect(run.stdout.contains("\n73 bytes of body\n{\n  \"question_text\": \"What's up?\",\n  \"choices\": [\"Not much\", \"The sky\"]\n}\n"))
    }

    @Test("--var overrides the file's variable")
    func varOverride() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "--var", "token=other", "--var", "api=/v2", sample("json.http")])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\nHTTP_AUTHORIZATION = Bearer other\n"))
        #expect(!run.stdout.contains("s3cr3t"))
        #expect(run.stdout.contains("PATH_INFO = /v2/questions/1/\n"))
    }

    @Test("the `< ./question.json` body is read next to the request file, whatever the working directory")
    func bodyFileRelativeToRequestFile() throws {
        let elsewhere = try TemporaryDirectory()
        defer { elsewhere.remove() }
        let expected = "\n56 bytes of body\n{\"question_text\": \"What's new?\", \"choices\": [\"Shallot\"]}\n"
        // An absolute path, run from an unrelated directory.
        let absolute = try shallot(["run", "--echo", "--color", "never", sample("json.http")], cwd: elsewhere.url)
        #expect(absolute.status == 0, "\(absolute)")
        #expect(absolute.stdout.hasSuffix(expected))
        // A relative path with a directory part, run from the package root's parent folder of samples.
        let relative = try shallot(["run", "--echo", "--color", "never", "requests/wire/json.http"], cwd: packageRoot.appendingPathComponent("samples"))
        #expect(relative.status == 0, "\(relative)")
        #expect(relative.stdout.hasSuffix(expected))
    }

    @Test("chunked.http: the body reaches the application de-chunked")
    func chunked() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("chunked.http")])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\n23 bytes of body\nMozillaDeveloperNetwork\n"))
        #expect(run.stdout.contains("PATH_INFO = /upload\n"))
    }

    @Test("pipelined.http: three responses, for /a, /b?x=1 and /c")
    func pipelined() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "requests/wire/pipelined.http"], cwd: packageRoot.appendingPathComponent("samples"))
        #expect(run.status == 0)
        #expect(labels(run.stdout) == [
            "### GET /a  (requests/wire/pipelined.http:1)",
            "### GET /b?x=1  (requests/wire/pipelined.http:5)",
            "### POST /c  (requests/wire/pipelined.http:8)",
        ])
        let responses = run.stdout.components(separatedBy: "\n### ")
        try #require(responses.count == 3)
        #expect(responses[0].contains("PATH_INFO = /a\n") && responses[0].contains("HTTP_ACCEPT = */*\n"))
        #expect(responses[1].contains("PATH_INFO = /b\n") && responses[1].contains("QUERY_STRING = x=1\n"))
        #expect(responses[2].contains("PATH_INFO = /c\n") && responses[2].hasSuffix("5 bytes of body\nhello\n"))
    }
}

@Suite("shallot run: standard input")
struct StdinTests {
    @Test("`-` reads standard input")
    func dash() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "-"], stdin: "GET /hello?x=1\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("HTTP/1.1 200 OK\n"))
        #expect(run.stdout.contains("\nPATH_INFO = /hello\n"))
        #expect(run.stdout.contains("\nQUERY_STRING = x=1\n"))
    }

    @Test("no file and piped input reads standard input")
    func implicitStdin() throws {
        let run = try shallot(["--echo", "--color", "never"], stdin: "GET /hello?x=1\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\nPATH_INFO = /hello\n"))
        #expect(run.stdout.contains("\nQUERY_STRING = x=1\n"))
    }

    @Test("errors on standard input are located as <stdin>:line")
    func stdinLocation() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "# a comment\n\nGET /error\n")
        #expect(run.status == 3)
        #expect(run.stderr == "shallot: <stdin>:3: the application raised: the demo application was asked to fail (GET /error)\n")
    }

    @Test("input with no request at all: nothing runs, and stderr says so")
    func noRequests() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "# only a comment\n@host = x\n\n")
        #expect(run.status == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "shallot: no requests in <stdin>\n")
    }

    @Test("a last line without a line break still ends the request head")
    func noFinalNewline() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "GET /bare")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\nPATH_INFO = /bare\n"))
        let withHeader = try shallot(["run", "--echo", "--color", "never"], stdin: "GET /bare\nAccept: text/plain")
        #expect(withHeader.status == 0, "\(withHeader)")
        #expect(withHeader.stdout.contains("\nHTTP_ACCEPT = text/plain\n"))
    }

    @Test("with no file and a terminal for stdin, it is a usage error")
    func terminalStdin() throws {
        try #require(PseudoTerminal.isAvailable)
        let run = try shallot(["run", "--echo", "--color", "never"], stdinTerminal: true)
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("no input: name request files, or - for standard input"))
    }
}

@Suite("shallot run: what a server sends")
struct ResponseShapeTests {
    @Test("HEAD: the headers, no body")
    func head() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "HEAD /profile\n")
        #expect(run.status == 0)
        #expect(run.stdout == "HTTP/1.1 200 OK\nContent-Type: text/plain; charset=utf-8\n\n")
    }

    @Test("204: no body")
    func noContent() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "GET /status/204\n")
        #expect(run.status == 0)
        #expect(run.stdout == "HTTP/1.1 204 No Content\n\n")
    }

    @Test("a streamed body arrives whole")
    func stream() throws {
        let run = try shallot(["run", "--echo", "--color", "never"], stdin: "GET /stream\n")
        #expect(run.status == 0)
        #expect(run.stdout == "HTTP/1.1 200 OK\nContent-Type: text/plain; charset=utf-8\n\nchunk 1 of 3\nchunk 2 of 3\nchunk 3 of 3\n")
    }
}
