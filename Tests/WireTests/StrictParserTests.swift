import Gateway
import Testing
import Wire

/// "GET / HTTP/1.1\r\nHost: x\r\n": 25 bytes, so a line appended after it starts at offset 25 on line 3.
private let head = "GET / HTTP/1.1\r\nHost: x\r\n"

@Suite("Strict parser: accepted requests")
struct StrictAcceptTests {
    @Test func simpleGet() throws {
        let input = wire("GET /polls/?page=2 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        let (message, end) = try request(input)
        #expect(message.method == "GET")
        #expect(message.target == "/polls/?page=2")
        #expect(message.version == .http11)
        #expect(fieldLines(message.headers) == ["Host: example.com"])
        #expect(message.body.isEmpty)
        #expect(message.trailers.isEmpty)
        #expect(message.framing == .none)
        #expect(message.notes.isEmpty)
        #expect(message.offset == 0)
        #expect(message.line == 1)
        #expect(end == input.count)
    }

    @Test func headersKeepWireOrderAndCase() throws {
        let input = wire("""
            GET / HTTP/1.1\r
            user-agent: curl/8.5\r
            Host: example.com\r
            ACCEPT: */*\r
            X-Spaced:   a  b \t\r
            X-Empty:\r
            X-Tab:\tv\r
            accept: text/html\r
            \r\n
            """)
        let (message, _) = try request(input)
        #expect(fieldLines(message.headers) == [
            "user-agent: curl/8.5", "Host: example.com", "ACCEPT: */*", "X-Spaced: a  b",
            "X-Empty: ", "X-Tab: v", "accept: text/html",
        ])
        #expect(message.headers.count == 7)
        #expect(message.headers.name(at: 2) == "ACCEPT")
        #expect(message.headers.first("User-Agent") == "curl/8.5")
        #expect(message.headers.values(of: "Accept") == ["*/*", "text/html"])
        #expect(message.headers.contains("x-empty"))
        #expect(!message.headers.contains("X-Missing"))
    }

    @Test func obsTextInValueIsKeptAsLatin1() throws {
        let input = wire(head) + wire("X-Name: caf") + [0xE9] + wire("\r\n\r\n")
        let (message, _) = try request(input)
        #expect(message.headers.first("X-Name") == "caf\u{E9}")
    }

    @Test func postWithContentLength() throws {
        let input = wire("""
            POST /polls/1/vote/ HTTP/1.1\r
            Host: x\r
            Content-Type: application/x-www-form-urlencoded\r
            Content-Length: 8\r
            \r
            choice=1
            """)
        let (message, end) = try request(input)
        #expect(message.method == "POST")
        #expect(message.framing == .contentLength(8))
        #expect(message.body == wire("choice=1"))
        #expect(end == input.count)
    }

    @Test func bodyStopsAtContentLength() throws {
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcdef")
        let (message, end) = try request(input)
        #expect(message.body == wire("abc"))
        #expect(end == input.count - 3)
    }

    @Test func contentLengthWithLeadingZeros() throws {
        let (message, _) = try request(wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 005\r\n\r\nhello"))
        #expect(message.framing == .contentLength(5))
        #expect(message.body == wire("hello"))
    }

    @Test func zeroContentLength() throws {
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        let (message, end) = try request(input, isComplete: false)
        #expect(message.framing == .contentLength(0))
        #expect(message.body.isEmpty)
        #expect(end == input.count)
    }

    @Test func absoluteFormTarget() throws {
        let (message, _) = try request(wire("GET http://example.com:8000/p?q=1 HTTP/1.1\r\nHost: example.com:8000\r\n\r\n"))
        #expect(message.target == "http://example.com:8000/p?q=1")
        #expect(message.headers.first("Host") == "example.com:8000")
    }

    @Test func optionsAsterisk() throws {
        let (message, _) = try request(wire("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(message.method == "OPTIONS")
        #expect(message.target == "*")
    }

    @Test func connectAuthorityForm() throws {
        let (message, _) = try request(wire("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
        #expect(message.method == "CONNECT")
        #expect(message.target == "example.com:443")
    }

    @Test func extensionMethodIsAToken() throws {
        let (message, _) = try request(wire("PURGE /cache HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(message.method == "PURGE")
    }

    @Test func oneLeadingCRLFIsTolerated() throws {
        let input = wire("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let (message, end) = try request(input)
        #expect(message.offset == 2)
        #expect(message.line == 2)
        #expect(end == input.count)
    }

    @Test func emptyHostIsAccepted() throws {
        let (message, _) = try request(wire("GET / HTTP/1.1\r\nHost:\r\n\r\n"))
        #expect(message.headers.first("Host") == "")
    }

    @Test func http10WithoutHost() throws {
        let (message, _) = try request(wire("GET / HTTP/1.0\r\n\r\n"))
        #expect(message.version == .http10)
        #expect(!message.headers.contains("Host"))
        #expect(message.version.description == "HTTP/1.0")
    }

    @Test func identicalContentLengthsAreAccepted() throws {
        for fields in ["Content-Length: 5, 5\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n"] {
            let (message, _) = try request(wire("POST / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\nhello"))
            #expect(message.framing == .contentLength(5), "\(fields)")
            #expect(message.body == wire("hello"), "\(fields)")
        }
    }

    @Test func blankInputNeedsMore() throws {
        #expect(isNeedMore(try RequestParser.strict.parse([], isComplete: true)))
        #expect(isNeedMore(try RequestParser.strict.parse(wire("\r\n"), isComplete: true)))
        #expect(isNeedMore(try RequestParser.strict.parse(wire("\r"), isComplete: false)))
    }

    struct KeepAliveCase: Sendable, CustomTestStringConvertible {
        var version: String
        var connection: String?
        var keepAlive: Bool
        var testDescription: String { "\(version) Connection: \(connection ?? "-") → \(keepAlive)" }
    }

    @Test(arguments: [
        KeepAliveCase(version: "HTTP/1.1", connection: nil, keepAlive: true),
        KeepAliveCase(version: "HTTP/1.1", connection: "close", keepAlive: false),
        KeepAliveCase(version: "HTTP/1.1", connection: "Upgrade, Close", keepAlive: false),
        KeepAliveCase(version: "HTTP/1.1", connection: "keep-alive", keepAlive: true),
        KeepAliveCase(version: "HTTP/1.0", connection: nil, keepAlive: false),
        KeepAliveCase(version: "HTTP/1.0", connection: "keep-alive", keepAlive: true),
        KeepAliveCase(version: "HTTP/1.0", connection: "Upgrade ,\tKeep-Alive", keepAlive: true),
        KeepAliveCase(version: "HTTP/1.0", connection: "close", keepAlive: false),
    ])
    func keepAlive(_ c: KeepAliveCase) throws {
        var text = "GET / \(c.version)\r\nHost: x\r\n"
        if let connection = c.connection { text += "Connection: \(connection)\r\n" }
        let (message, _) = try request(wire(text + "\r\n"))
        #expect(message.keepAlive == c.keepAlive)
    }
}

@Suite("Strict parser: pipelining and partial input")
struct StrictStreamingTests {
    static let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
    static let second = "GET /b HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
    static let third = "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"

    @Test func parseAllPipelined() throws {
        let input = wire(Self.first + Self.second + Self.third)
        let messages = try RequestParser.strict.parseAll(input)
        #expect(messages.map(\.target) == ["/a", "/b", "/c"])
        #expect(messages.map(\.method) == ["GET", "GET", "POST"])
        #expect(messages.map(\.offset) == [0, Self.first.utf8.count, Self.first.utf8.count + Self.second.utf8.count])
        #expect(messages.map(\.line) == [1, 4, 8])
        #expect(messages[0].body.isEmpty && messages[1].body.isEmpty)
        #expect(messages[2].body == wire("hello"))
    }

    @Test func endOffsetsChainThroughPipeline() throws {
        let input = wire(Self.first + Self.second + Self.third)
        let (a, endA) = try request(input)
        #expect(a.target == "/a")
        #expect(endA == Self.first.utf8.count)
        let (b, endB) = try request(input, from: endA)
        #expect(b.target == "/b")
        #expect(endB == endA + Self.second.utf8.count)
        let (c, endC) = try request(input, from: endB)
        #expect(c.target == "/c")
        #expect(endC == input.count)
        #expect(isNeedMore(try RequestParser.strict.parse(input, from: endC, isComplete: true)))
    }

    @Test func pipelinedRequestSeparatedByOneCRLF() throws {
        let messages = try RequestParser.strict.parseAll(wire(Self.first + "\r\n" + Self.second))
        #expect(messages.map(\.target) == ["/a", "/b"])
        #expect(messages[1].offset == Self.first.utf8.count + 2)
    }

    @Test func parseAllOfNothing() throws {
        #expect(try RequestParser.strict.parseAll([]).isEmpty)
    }

    @Test(arguments: [first, second, third, "\r\n" + first, "GET http://h/ HTTP/1.0\r\n\r\n"])
    func everyProperPrefixNeedsMore(_ text: String) throws {
        let input = wire(text)
        for length in 0..<input.count {
            let outcome = try RequestParser.strict.parse(Array(input[..<length]), isComplete: false)
            #expect(isNeedMore(outcome), "prefix of \(length) bytes: \(describe(outcome))")
        }
        let (_, end) = try request(input, isComplete: false)
        #expect(end == input.count)
    }

    @Test(arguments: [first, third])
    func everyTruncationIsIncompleteWhenInputIsComplete(_ text: String) {
        let input = wire(text)
        for length in 1..<input.count {
            guard let error = rejection(Array(input[..<length]), isComplete: true) else { continue }
            #expect(error.rule == .incomplete, "prefix of \(length) bytes: \(error)")
            #expect(error.status == 400)
            #expect(error.offset == length, "prefix of \(length) bytes")
        }
    }

    @Test func truncatedBodyIsIncomplete() throws {
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        #expect(isNeedMore(try RequestParser.strict.parse(input, isComplete: false)))
        let error = try #require(rejection(input, isComplete: true))
        #expect(error.rule == .incomplete)
        #expect(error.offset == input.count)
        #expect(error.line == 5)
    }

    @Test func errorInSecondPipelinedRequestCountsLinesFromInputStart() throws {
        let input = wire(Self.first + "GET /b HTTP/1.1\r\nHost: x\r\nX-Bad: a\u{01}\r\n\r\n")
        let (_, end) = try request(input)
        let error = try #require(rejection(input, from: end))
        #expect(error.rule == .fieldValue)
        #expect(error.line == 6)
        #expect(error.offset == end + 17 + 9 + 8)
        let all = try #require(rejectionOfParseAll(input))
        #expect(all == error)
    }

    private func rejectionOfParseAll(_ input: [UInt8]) -> ParseError? {
        do {
            _ = try RequestParser.strict.parseAll(input)
            Issue.record("parseAll accepted a bad pipeline")
        } catch let error as ParseError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }
}

@Suite("Strict parser: rejections")
struct StrictRejectTests {
    static let requestLineAndFields: [Rejection] = [
        Rejection("bare LF ends the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", .lineEnding, offset: 14, line: 1),
        Rejection("bare LF ends a header line", "GET / HTTP/1.1\r\nHost: x\n\r\n", .lineEnding, offset: 23, line: 2),
        Rejection("bare LF ends the head", head + "\n", .lineEnding, offset: 25, line: 3),
        Rejection("bare LF before the request line", "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", .lineEnding, offset: 0, line: 1),
        Rejection("bare CR inside a header value", head + "X-A: a\rb\r\n\r\n", .lineEnding, offset: 31, line: 3),
        Rejection("two leading CRLFs", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", .requestLine, offset: 2, line: 2),
        Rejection("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", .whitespaceBeforeColon, offset: 20, line: 2),
        Rejection("tab before colon", head + "X-A\t: 1\r\n\r\n", .whitespaceBeforeColon, offset: 28, line: 3),
        Rejection("obs-fold", head + "X-A: a\r\n b\r\n\r\n", .obsFold, offset: 33, line: 4),
        Rejection("obs-fold with a tab", head + "X-A: a\r\n\tb\r\n\r\n", .obsFold, offset: 33, line: 4),
        Rejection("whitespace before the first header", "GET / HTTP/1.1\r\n Host: x\r\n\r\n", .fieldLine, offset: 16, line: 2),
        Rejection("invalid char in method", "G@T / HTTP/1.1\r\nHost: x\r\n\r\n", .method, offset: 1, line: 1),
        Rejection("method starting with a non-token", "@GET / HTTP/1.1\r\nHost: x\r\n\r\n", .method, offset: 0, line: 1),
        Rejection("space inside a field name", head + "Na me: v\r\n\r\n", .fieldName, offset: 27, line: 3),
        Rejection("quote inside a field name", head + "X-Fo\"o: v\r\n\r\n", .fieldName, offset: 29, line: 3),
        Rejection("empty field name", head + ": v\r\n\r\n", .fieldName, offset: 25, line: 3),
        Rejection("field line without colon", head + "X-A\r\n\r\n", .fieldLine, offset: 25, line: 3),
        Rejection("0x01 in a value", head + "X-A: a\u{01}b\r\n\r\n", .fieldValue, offset: 31, line: 3),
        Rejection("DEL in a value", head + "X-A: a\u{7F}b\r\n\r\n", .fieldValue, offset: 31, line: 3),
        Rejection("NUL in a value", head + "X-A: a\u{00}b\r\n\r\n", .fieldValue, offset: 31, line: 3),
        Rejection("double space after the method", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 4, line: 1),
        Rejection("double space before the version", "GET /  HTTP/1.1\r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("tab after the method", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", .requestLine, offset: 3, line: 1),
        Rejection("tab before the version", "GET /\tHTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 5, line: 1),
        Rejection("method only", "GET\r\nHost: x\r\n\r\n", .requestLine, offset: 3, line: 1),
        Rejection("missing version", "GET /\r\nHost: x\r\n\r\n", .httpVersion, offset: 5, line: 1),
        Rejection("empty version after a space", "GET / \r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("HTTP/1.1x", "GET / HTTP/1.1x\r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("trailing space after the version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("HTTP/1 without minor", "GET / HTTP/1\r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("lowercase http/1.1", "GET / http/1.1\r\nHost: x\r\n\r\n", .httpVersion, offset: 6, line: 1),
        Rejection("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", .versionNotSupported, 505, offset: 6, line: 1),
        Rejection("HTTP/0.9 written out", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", .versionNotSupported, 505, offset: 6, line: 1),
        Rejection("non-ASCII byte in the target", "GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 8, line: 1),
        Rejection("control byte in the target", "GET /a\u{01}b HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 6, line: 1),
        Rejection("relative target", "GET foo HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 4, line: 1),
        Rejection("asterisk with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 4, line: 1),
        Rejection("authority form without CONNECT", "GET example.com:80 HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 4, line: 1),
        Rejection("empty request line after a CRLF", "\r\n\r\n", .requestLine, offset: 2, line: 2),
    ]

    @Test(arguments: requestLineAndFields)
    func requestLineAndFieldRules(_ c: Rejection) { c.check(.strict) }

    static let hostAndFraming: [Rejection] = [
        Rejection("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", .host, offset: 0, line: 1),
        Rejection("two Host headers", head + "Host: y\r\n\r\n", .host),
        Rejection("two identical Host headers", head + "Host: x\r\n\r\n", .host),
        Rejection("space in Host", "GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n", .host),
        Rejection("slash in Host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .host),
        Rejection("userinfo in Host", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", .host),
        Rejection("CL then TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncoding),
        Rejection("TE then CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", .transferEncoding),
        Rejection("chunked not last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .transferEncoding),
        Rejection("gzip then chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unknownTransferCoding, 501),
        Rejection("gzip then chunked over two fields", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", .unknownTransferCoding, 501),
        Rejection("xchunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", .unknownTransferCoding, 501),
        Rejection("chunked2", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked2\r\n\r\n", .unknownTransferCoding, 501),
        Rejection("gzip alone", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", .transferEncoding),
        Rejection("chunked twice in one field", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .transferEncoding),
        Rejection("chunked twice in two fields", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncoding),
        Rejection("empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n\r\n", .transferEncoding),
        Rejection("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncoding),
        Rejection("CL +5", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", .contentLength),
        Rejection("CL -1", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", .contentLength),
        Rejection("CL 0x10", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", .contentLength),
        Rejection("CL 5 5", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5 5\r\n\r\nhello", .contentLength),
        Rejection("CL 1e3", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n", .contentLength),
        Rejection("CL empty", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", .contentLength),
        Rejection("CL with trailing comma", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5,\r\n\r\nhello", .contentLength),
        Rejection("two differing CL fields", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", .contentLength),
        Rejection("differing CL list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!", .contentLength),
    ]

    @Test(arguments: hostAndFraming)
    func hostAndFramingRules(_ c: Rejection) { c.check(.strict) }

    @Test func errorOnThirdLineReportsLineThree() throws {
        let error = try #require(rejection(wire(head + "Bad\u{01}: v\r\n\r\n")))
        #expect(error.rule == .fieldName)
        #expect(error.line == 3)
        #expect(error.offset == 28)
        #expect(error.description.hasPrefix("field-name: "))
        #expect(error.description.hasSuffix("(RFC 9112 §5)"))
    }

    @Test func errorsOnLaterLines() throws {
        let input = wire("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD : 4\r\n\r\n")
        let error = try #require(rejection(input))
        #expect(error.rule == .whitespaceBeforeColon)
        #expect(error.line == 6)
    }
}

@Suite("Strict parser: limits")
struct StrictLimitTests {
    @Test func requestLineAtTheLimitIsAccepted() throws {
        // "GET / HTTP/1.1" is 14 bytes.
        let parser = RequestParser.limited { $0.requestLine = 14 }
        let (message, _) = try request(wire("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), parser)
        #expect(message.target == "/")
    }

    @Test func requestLineOverTheLimitIs414() throws {
        let parser = RequestParser.limited { $0.requestLine = 13 }
        let error = try #require(rejection(wire("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), parser))
        #expect(error.rule == .requestLineTooLong)
        #expect(error.status == 414)
        #expect(error.offset == 0)
    }

    @Test func partialRequestLineAlreadyTooLongIs414() throws {
        let parser = RequestParser.limited { $0.requestLine = 16 }
        // 17 bytes could still be 16 and a CR: wait for more.
        #expect(isNeedMore(try parser.parse(wire("GET /abcdefghijkl"), isComplete: false)))
        let error = try #require(rejection(wire("GET /abcdefghijklm"), parser, isComplete: false))
        #expect(error.rule == .requestLineTooLong)
        #expect(error.status == 414)
        let longer = try #require(rejection(wire("GET /" + String(repeating: "a", count: 100)), parser, isComplete: false))
        #expect(longer.status == 414)
    }

    @Test func defaultRequestLineLimitIsGunicorns() throws {
        #expect(ParserLimits().requestLine == 4094)
        let target = "/" + String(repeating: "a", count: 4094)
        let error = try #require(rejection(wire("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")))
        #expect(error.status == 414)
    }

    @Test func tooManyHeadersIs431() throws {
        let parser = RequestParser.limited { $0.headerCount = 2 }
        let (ok, _) = try request(wire("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n\r\n"), parser)
        #expect(ok.headers.count == 2)
        let error = try #require(rejection(wire("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n"), parser))
        #expect(error.rule == .tooManyFields)
        #expect(error.status == 431)
        #expect(error.offset == 31)
        #expect(error.line == 4)
    }

    @Test func headerLineOverFieldSizeIs431() throws {
        let parser = RequestParser.limited { $0.fieldSize = 10 }
        let (ok, _) = try request(wire("GET / HTTP/1.1\r\nHost: x\r\nX-A: 12345\r\n\r\n"), parser)
        #expect(ok.headers.first("X-A") == "12345")
        let error = try #require(rejection(wire("GET / HTTP/1.1\r\nHost: x\r\nX-A: 123456\r\n\r\n"), parser))
        #expect(error.rule == .fieldTooLarge)
        #expect(error.status == 431)
        #expect(error.offset == 25)
        #expect(error.line == 3)
        let partial = try #require(rejection(wire("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1234567890"), parser, isComplete: false))
        #expect(partial.rule == .fieldTooLarge)
    }

    @Test func contentLengthOverBodySizeIs413() throws {
        let parser = RequestParser.limited { $0.bodySize = 4 }
        let (ok, _) = try request(wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"), parser)
        #expect(ok.body == wire("abcd"))
        // Refused from the head alone, before the body arrives.
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        let error = try #require(rejection(input, parser, isComplete: false))
        #expect(error.rule == .bodyTooLarge)
        #expect(error.status == 413)
        #expect(error.offset == input.count)
    }

    @Test func hugeContentLengthIsRefusedWithoutOverflow() throws {
        let error = try #require(rejection(wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999\r\n\r\n")))
        #expect(error.rule == .bodyTooLarge)
        #expect(error.status == 413)
        let tooManyDigits = try #require(rejection(wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")))
        #expect(tooManyDigits.status >= 400)
    }

    @Test func everyRuleHasItsStatus() {
        for rule in ParseRule.allCases {
            let expected: Int = switch rule {
            case .requestLineTooLong: 414
            case .tooManyFields, .fieldTooLarge: 431
            case .bodyTooLarge: 413
            case .versionNotSupported: 505
            case .unknownTransferCoding: 501
            default: 400
            }
            #expect(rule.status == expected, "\(rule)")
            #expect(!rule.reference.isEmpty)
        }
    }
}

@Suite("Strict parser: field names")
struct StrictFieldNameTests {
    @Test(arguments: [
        Rejection("name and trailing space, no colon", head + "X-A \r\n\r\n", .fieldLine, offset: 25, line: 3),
        Rejection("two words, no colon", head + "X A\r\n\r\n", .fieldName, offset: 26, line: 3),
        Rejection("two words then a colon", head + "X A: 1\r\n\r\n", .fieldName, offset: 26, line: 3),
        Rejection("colon only", head + ":\r\n\r\n", .fieldName, offset: 25, line: 3),
    ])
    func strictNames(_ c: Rejection) { c.check(.strict) }

    @Test func lenientStillRejectsTheseNames() {
        Rejection("two words", "GET /\nX A: 1\n\n", .fieldName, offset: 7, line: 2).check(.lenient)
        Rejection("empty name", "GET /\n: 1\n\n", .fieldName, offset: 6, line: 2).check(.lenient)
        Rejection("no colon", "GET /\nX-A  \n\n", .fieldLine, offset: 6, line: 2).check(.lenient)
    }
}
