import Gateway
import Testing
import Wire

@Suite("Lenient parser")
struct LenientParserTests {
    @Test func lfLineEndings() throws {
        let input = wire("GET /polls/ HTTP/1.1\nHost: example.com\nAccept: */*\n\n")
        let (message, end) = try request(input, .lenient)
        #expect(message.method == "GET")
        #expect(message.target == "/polls/")
        #expect(message.version == .http11)
        #expect(fieldLines(message.headers) == ["Host: example.com", "Accept: */*"])
        #expect(end == input.count)
    }

    @Test func crlfStillWorks() throws {
        let (message, _) = try request(wire("GET /p HTTP/1.1\r\nHost: x\r\n\r\n"), .lenient)
        #expect(message.target == "/p")
        #expect(message.notes.isEmpty)
    }

    @Test func leadingBlankLinesAreSkipped() throws {
        let input = wire("\n\n  \n\r\nGET / HTTP/1.1\nHost: x\n\n")
        let (message, _) = try request(input, .lenient)
        #expect(message.offset == 7)
        #expect(message.line == 5)
    }

    @Test func noVersion() throws {
        let (message, _) = try request(wire("GET /polls/\nHost: x\n\n"), .lenient)
        #expect(message.method == "GET")
        #expect(message.target == "/polls/")
        #expect(message.version == .http11)
        #expect(message.notes.contains { $0.contains("HTTP/1.1") })
    }

    @Test(arguments: ["GET /polls/", "GET /polls/\n", "GET /polls/\r\nAccept: */*", "GET /polls/\nAccept: */*\n"])
    func inputMayEndWithoutTheEmptyLine(_ text: String) throws {
        let (message, end) = try request(wire(text), .lenient)
        #expect(message.target == "/polls/")
        #expect(message.body.isEmpty)
        #expect(end == text.utf8.count)
    }

    @Test func threePartsWithoutAVersionIsASpaceInTheURL() throws {
        let error = try #require(rejection(wire("GET /a b\n\n"), .lenient))
        #expect(error.rule == .requestTarget)
        #expect(error.offset == 7)
    }

    @Test func noMethod() throws {
        let (message, _) = try request(wire("/polls/\nHost: x\n\n"), .lenient)
        #expect(message.method == "GET")
        #expect(message.target == "/polls/")
        #expect(message.notes.contains { $0.contains("assumed GET") })
        let (withVersion, _) = try request(wire("/polls/ HTTP/1.0\n\n"), .lenient)
        #expect(withVersion.method == "GET")
        #expect(withVersion.version == .http10)
    }

    @Test func pathWithoutLeadingSlash() throws {
        let (message, _) = try request(wire("GET polls/?page=2\nHost: x\n\n"), .lenient)
        #expect(message.target == "/polls/?page=2")
        #expect(message.notes.contains { $0.contains("/polls/?page=2") })
    }

    @Test func hostWithoutScheme() throws {
        let (message, _) = try request(wire("example.com:8000/p\n\n"), .lenient)
        #expect(message.method == "GET")
        #expect(message.target == "http://example.com:8000/p")
        #expect(message.headers.values(of: "Host") == ["example.com:8000"])
        #expect(message.notes.contains { $0.contains("http://example.com:8000/p") })
        #expect(message.notes.contains { $0.contains("Host") && $0.contains("example.com:8000") })
        let (local, _) = try request(wire("GET localhost/p\n\n"), .lenient)
        #expect(local.target == "http://localhost/p")
    }

    @Test func absoluteFormSuppliesHost() throws {
        let (message, _) = try request(wire("GET http://host:8000/p HTTP/1.1\n\n"), .lenient)
        #expect(message.target == "http://host:8000/p")
        #expect(message.headers.values(of: "Host") == ["host:8000"])
    }

    @Test func absoluteFormReplacesADifferentHost() throws {
        let (message, _) = try request(wire("GET http://host:8000/p HTTP/1.1\nHost: other\nAccept: */*\n\n"), .lenient)
        #expect(message.headers.values(of: "Host") == ["host:8000"])
        #expect(message.headers.first("Accept") == "*/*")
        #expect(message.notes.contains { $0.contains("\"other\"") && $0.contains("\"host:8000\"") })
        let (same, _) = try request(wire("GET http://host:8000/p HTTP/1.1\nHost: host:8000\n\n"), .lenient)
        #expect(same.headers.values(of: "Host") == ["host:8000"])
        #expect(same.notes.isEmpty)
    }

    @Test func missingHostGetsTheDefault() throws {
        let parser = RequestParser(profile: .lenient, defaultHost: "testserver")
        let (message, _) = try request(wire("GET / HTTP/1.1\n\n"), parser)
        #expect(message.headers.values(of: "Host") == ["testserver"])
        #expect(message.notes.contains { $0.contains("testserver") })
        let (standard, _) = try request(wire("GET / HTTP/1.1\n\n"), .lenient)
        #expect(standard.headers.first("Host") == "localhost")
        let (given, _) = try request(wire("GET / HTTP/1.1\nHost: mine\n\n"), parser)
        #expect(given.headers.values(of: "Host") == ["mine"])
        #expect(given.notes.isEmpty)
    }

    @Test func bodyWithoutContentLength() throws {
        let input = wire("POST /polls/1/vote/\nContent-Type: application/x-www-form-urlencoded\n\nchoice=1\n\n")
        let (message, end) = try request(input, .lenient)
        #expect(message.body == wire("choice=1"))
        #expect(message.framing == .contentLength(8))
        #expect(message.headers.values(of: "Content-Length") == ["8"])
        #expect(message.notes.contains { $0.contains("Content-Length") && $0.contains("8") })
        #expect(end == input.count)
    }

    @Test func bodyWithoutContentLengthKeepsInnerNewlines() throws {
        let (message, _) = try request(wire("POST / HTTP/1.1\nHost: x\n\n{\n  \"a\": 1\n}\r\n\r\n"), .lenient)
        #expect(message.body == wire("{\n  \"a\": 1\n}"))
        #expect(message.headers.first("Content-Length") == "12")
    }

    @Test func requestWithoutBodyGetsNoContentLength() throws {
        let (message, _) = try request(wire("GET /\n\n\n\n"), .lenient)
        #expect(message.body.isEmpty)
        #expect(message.framing == .none)
        #expect(!message.headers.contains("Content-Length"))
    }

    @Test func explicitContentLengthAndJunkAfterIsTrailingData() throws {
        let input = wire("POST /p HTTP/1.1\nHost: x\nContent-Length: 3\n\nhello world\n")
        let error = try #require(rejection(input, .lenient))
        #expect(error.rule == .trailingData)
        #expect(error.status == 400)
        #expect(error.offset == 47)
        #expect(error.line == 5)
    }

    @Test func explicitContentLengthFollowedByBlankLines() throws {
        let input = wire("POST /p HTTP/1.1\nHost: x\nContent-Length: 5\n\nhello\n\n")
        let (message, end) = try request(input, .lenient)
        #expect(message.body == wire("hello"))
        #expect(end == input.count)
    }

    @Test func rawPipelinedRequestsAreTwoRequests() throws {
        let input = wire("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        let messages = try RequestParser.lenient.parseAll(input)
        #expect(messages.map(\.target) == ["/a", "/b"])
        #expect(messages.allSatisfy { $0.body.isEmpty && $0.framing == .none })
        #expect(messages.allSatisfy { !$0.headers.contains("Content-Length") })
        #expect(messages[1].offset == 28)
        let (_, end) = try request(input, .lenient)
        #expect(end == 28)
    }

    @Test func lenientFileOfSeveralRequests() throws {
        let input = wire(
            "GET /polls/\n\n"
            + "POST /polls/1/vote/ HTTP/1.1\nContent-Length: 8\n\nchoice=1\n\n"
            + "GET /polls/1/results/ HTTP/1.1\n\n")
        let messages = try RequestParser.lenient.parseAll(input)
        #expect(messages.map(\.target) == ["/polls/", "/polls/1/vote/", "/polls/1/results/"])
        #expect(messages.map(\.line) == [1, 3, 8])
        #expect(messages[1].body == wire("choice=1"))
    }

    @Test func obsFoldIsJoinedWithOneSpace() throws {
        let (message, _) = try request(wire("GET / HTTP/1.1\nHost: x\nX-Long: a\n   b  \n\tc\nX-Next: d\n\n"), .lenient)
        #expect(fieldLines(message.headers) == ["Host: x", "X-Long: a b c", "X-Next: d"])
        #expect(message.notes.contains { $0.contains("obs-fold") })
    }

    @Test func whitespaceBeforeColonIsRepaired() throws {
        let (message, _) = try request(wire("GET / HTTP/1.1\nHost : x\nX-A\t: 1\n\n"), .lenient)
        #expect(fieldLines(message.headers) == ["Host: x", "X-A: 1"])
        #expect(message.notes.contains { $0.contains("colon") && $0.contains("\"Host\"") })
        #expect(message.notes.contains { $0.contains("\"X-A\"") })
    }

    @Test func spaceInsideAFieldNameIsStillRejected() throws {
        let error = try #require(rejection(wire("GET / HTTP/1.1\nHost: x\nNa me: v\n\n"), .lenient))
        #expect(error.rule == .fieldName)
        #expect(error.line == 3)
    }

    @Test func lowercaseKnownMethodIsUppercased() throws {
        let (message, _) = try request(wire("get /\n\n"), .lenient)
        #expect(message.method == "GET")
        #expect(message.notes.contains { $0.contains("get") && $0.contains("GET") })
        let (post, _) = try request(wire("Post / HTTP/1.1\nContent-Length: 0\n\n"), .lenient)
        #expect(post.method == "POST")
        let (custom, _) = try request(wire("purge /cache\n\n"), .lenient)
        #expect(custom.method == "purge")
    }

    @Test func nonASCIIPathIsPercentEncoded() throws {
        let (message, _) = try request(wire("GET /café/ HTTP/1.1\nHost: x\n\n"), .lenient)
        #expect(message.target == "/caf%C3%A9/")
        #expect(message.notes.contains { $0.contains("percent-encoded") })
        let (latin1, _) = try request(wire("GET /caf") + [0xE9] + wire(" HTTP/1.1\nHost: x\n\n"), .lenient)
        #expect(latin1.target == "/caf%E9")
    }

    @Test(arguments: ["HTTP/2", "HTTP/2.0", "http/2", "HTTP/3"])
    func newerVersionsAreReplayedAs11(_ version: String) throws {
        let (message, _) = try request(wire("GET / \(version)\nHost: x\n\n"), .lenient)
        #expect(message.version == .http11)
        #expect(message.notes.contains { $0.contains("replayed as HTTP/1.1") })
    }

    @Test func http10IsKept() throws {
        let (message, _) = try request(wire("GET / HTTP/1.0\n\n"), .lenient)
        #expect(message.version == .http10)
    }

    static let stillRejected: [Rejection] = [
        Rejection("CL and TE", "POST / HTTP/1.1\nContent-Length: 5\nTransfer-Encoding: chunked\n\n0\n\n", .transferEncoding),
        Rejection("TE and CL", "POST / HTTP/1.1\nTransfer-Encoding: chunked\nContent-Length: 5\n\n0\n\n", .transferEncoding),
        Rejection("space inside the URL", "GET /a b HTTP/1.1\nHost: x\n\n", .requestTarget, offset: 0, line: 1),
        Rejection("control byte in a value", "GET /\nX-A: \u{01}\n\n", .fieldValue, offset: 11, line: 2),
        Rejection("bad method", "G@T /\n\n", .method),
        Rejection("malformed version", "GET / HTTP/1.1x\n\n", .httpVersion),
        Rejection("HTTP/0.9 written out", "GET / HTTP/0.9\n\n", .versionNotSupported, 505),
        Rejection("differing Content-Lengths", "POST /\nContent-Length: 1\nContent-Length: 2\n\nab", .contentLength),
        Rejection("body shorter than Content-Length", "POST /\nContent-Length: 10\n\nhello", .incomplete),
        Rejection("whitespace before the first header", "GET /\n Host: x\n\n", .fieldLine, line: 2),
    ]

    @Test(arguments: stillRejected)
    func rejections(_ c: Rejection) { c.check(.lenient) }

    struct Repair: Sendable, CustomTestStringConvertible {
        var input: String
        var mentions: String
        var testDescription: String { input.debugDescription }
    }

    @Test(arguments: [
        Repair(input: "GET /p\nHost: x\n\n", mentions: "HTTP/1.1"),
        Repair(input: "/p HTTP/1.1\nHost: x\n\n", mentions: "GET"),
        Repair(input: "GET p HTTP/1.1\nHost: x\n\n", mentions: "/p"),
        Repair(input: "GET example.com/p HTTP/1.1\n\n", mentions: "http://example.com/p"),
        Repair(input: "GET / HTTP/1.1\n\n", mentions: "localhost"),
        Repair(input: "GET http://h/p HTTP/1.1\n\n", mentions: "from the URL: h"),
        Repair(input: "GET http://h/p HTTP/1.1\nHost: g\n\n", mentions: "\"g\""),
        Repair(input: "POST / HTTP/1.1\nHost: x\n\nbody", mentions: "Content-Length"),
        Repair(input: "GET / HTTP/1.1\nHost: x\nX-A: 1\n 2\n\n", mentions: "obs-fold"),
        Repair(input: "GET / HTTP/1.1\nHost : x\n\n", mentions: "colon"),
        Repair(input: "delete /p HTTP/1.1\nHost: x\n\n", mentions: "DELETE"),
        Repair(input: "GET /é HTTP/1.1\nHost: x\n\n", mentions: "percent-encoded"),
        Repair(input: "GET / HTTP/2\nHost: x\n\n", mentions: "HTTP/2"),
    ])
    func everyRepairLeavesANote(_ repair: Repair) throws {
        let (message, _) = try request(wire(repair.input), .lenient)
        #expect(!message.notes.isEmpty)
        #expect(message.notes.contains { $0.contains(repair.mentions) }, "\(message.notes)")
    }
}
