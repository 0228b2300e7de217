import Console
import Testing

@Suite("REPL: lines into requests, commands and variables")
struct ReplInputTests {
    func feed(_ lines: [String]) -> [ReplInput.Event] {
        var input = ReplInput()
        return lines.map { input.feed($0) }
    }

    @Test("a request line and an empty line send at once")
    func requestLineAlone() {
        #expect(feed(["GET /polls/", ""]) == [.pending, .request("GET /polls/\n", line: 1)])
    }

    @Test("header lines belong to the head until the empty line")
    func headers() {
        let events = feed(["GET /polls/ HTTP/1.1", "Accept: text/html", "X-Test: 1", ""])
        #expect(events.last == .request("GET /polls/ HTTP/1.1\nAccept: text/html\nX-Test: 1\n", line: 1))
    }

    @Test("a POST body ends with a line holding a single dot")
    func postBodyEndsWithDot() {
        var input = ReplInput()
        #expect(input.feed("POST /polls/1/vote/") == .pending)
        #expect(input.feed("") == .pending)
        #expect(input.stage == .body(expected: nil))
        #expect(input.feed("choice=1") == .pending)
        #expect(input.feed("and=more") == .pending)
        #expect(input.feed(".") == .request("POST /polls/1/vote/\n\nchoice=1\nand=more", line: 1))
        #expect(input.stage == .idle)
    }

    @Test("a body of Content-Length bytes ends by itself")
    func contentLengthBody() {
        var input = ReplInput()
        _ = input.feed("PUT /item/")
        _ = input.feed("Content-Length: 9")
        _ = input.feed("")
        #expect(input.stage == .body(expected: 9))
        #expect(input.feed("name=john") == .request("PUT /item/\nContent-Length: 9\n\nname=john", line: 1))
    }

    @Test("a GET with Content-Length: 0 sends at the empty line")
    func zeroLength() {
        #expect(feed(["DELETE /x/", "Content-Length: 0", ""]).last == .request("DELETE /x/\nContent-Length: 0\n", line: 1))
    }

    @Test("pasted CRLF lines lose their CR")
    func crlf() {
        #expect(feed(["GET / HTTP/1.1\r", "Host: example.com\r", "\r"]).last == .request("GET / HTTP/1.1\nHost: example.com\n", line: 1))
    }

    @Test("commands, variables, comments and blank lines at the prompt")
    func idleLines() {
        #expect(feed([":help", "@host = example.com", "# note", "", "   "])
                == [.command(":help"), .variable(name: "host", value: "example.com"), .pending, .pending, .pending])
    }

    @Test("reset abandons the request being typed (Ctrl-C)")
    func reset() {
        var input = ReplInput()
        _ = input.feed("POST /x/")
        _ = input.feed("Accept: */*")
        input.reset()
        #expect(input.stage == .idle)
        #expect(input.feed("GET /y/") == .pending)
        #expect(input.feed("") == .request("GET /y/\n", line: 3))
    }

    @Test("the end of a piped transcript sends the head typed so far")
    func endOfInput() {
        var input = ReplInput()
        _ = input.feed("GET /last/")
        #expect(input.finishAtEnd() == .request("GET /last/\n", line: 1))
        #expect(input.finishAtEnd() == .pending)
    }
}

@Suite("REPL: :commands")
struct ReplCommandTests {
    @Test("every command parses", arguments: [
        (":help", ReplCommand.help), (":environ", .environ), (":parse", .parse), (":trace on", .trace(true)),
        (":trace off", .trace(false)), (":trace", .trace(nil)), (":routes", .routes),
        (":set Accept: application/json", .set(name: "Accept", value: "application/json")),
        (":unset Accept", .unset("Accept")), (":cookies", .cookies(clear: false)), (":cookies clear", .cookies(clear: true)),
        (":vars", .vars), (":load a b.http", .load("a b.http")), (":save out.http", .save("out.http")),
        (":last", .last(.all)), (":last --headers", .last(.headers)), (":last --body", .last(.body)),
        (":history", .history), (":quit", .quit), (":q", .quit),
    ])
    func parses(_ text: String, _ expected: ReplCommand) throws {
        #expect(try ReplCommand(parsing: text) == expected)
    }

    @Test("mistakes are one clear line", arguments: [
        (":bogus", "unknown command :bogus; :help lists them"),
        (":trace maybe", ":trace takes on or off (got \"maybe\")"),
        (":set Accept", ":set takes a header line, e.g. :set Accept: application/json"),
        (":set Bad Name: x", ":set: \"Bad Name\" is not a header name (RFC 9110 §5.1: a token)"),
        (":load", ":load needs a file name, e.g. :load requests.http"),
        (":help me", ":help takes no argument (got \"me\")"),
        (":last --all", ":last takes --headers or --body (got \"--all\")"),
    ])
    func errors(_ text: String, _ message: String) {
        #expect(throws: ReplCommand.ParseError(message: message)) { try ReplCommand(parsing: text) }
    }
}

@Suite("REPL: tab completion")
struct CompleterTests {
    let completer = Completer(routes: ["", "polls/", "polls/<int:question_id>/", "polls/<int:question_id>/vote/", "about/"])

    @Test("methods and commands at the start of a line")
    func start() {
        #expect(completer.candidates(for: "P", prefix: "", inHead: false) == ["POST", "PUT", "PATCH"])
        #expect(completer.candidates(for: "g", prefix: "", inHead: false) == ["GET"])
        #expect(completer.candidates(for: ":c", prefix: "", inHead: false) == [":cookies"])
    }

    @Test("URL paths from the resolver after a method")
    func paths() {
        #expect(completer.candidates(for: "/po", prefix: "GET ", inHead: false)
                == ["/polls/", "/polls/<int:question_id>/", "/polls/<int:question_id>/vote/"])
        #expect(completer.candidates(for: "/a", prefix: "post ", inHead: false) == ["/about/"])
    }

    @Test("header names on a head line")
    func headers() {
        #expect(completer.candidates(for: "content-t", prefix: "", inHead: true) == ["Content-Type:"])
    }
}
