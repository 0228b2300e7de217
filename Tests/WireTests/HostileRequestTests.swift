import Gateway
import Testing
import Wire

/// Request-smuggling shapes, injection attempts and malformed bytes: every one is refused with a
/// precise rule, and nothing a client sends makes the parser crash or read past a body.
@Suite("Hostile requests")
struct HostileRequestTests {
    static let smuggling: [Rejection] = [
        Rejection("TE with space before colon, plus CL",
                  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                  .whitespaceBeforeColon, offset: 43, line: 3),
        Rejection("TE folded onto the next line",
                  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\n",
                  .obsFold, offset: 46, line: 4),
        Rejection("vertical tab before chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \u{0B}chunked\r\n\r\n",
                  .fieldValue, offset: 45, line: 3),
        Rejection("form feed in Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \u{0C}5\r\n\r\nhello",
                  .fieldValue, offset: 42, line: 3),
        Rejection("TE identity after chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n",
                  .unknownTransferCoding, 501),
        Rejection("TE chunked with a quoted value", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \"chunked\"\r\n\r\n",
                  .unknownTransferCoding, 501),
        Rejection("CL and a larger CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello",
                  .contentLength),
        Rejection("Host and host", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", .host),
        Rejection("NUL in a field name", "GET / HTTP/1.1\r\nHost: x\r\nX\u{0}A: 1\r\n\r\n", .fieldName, offset: 26, line: 3),
        Rejection("CR in a field name", "GET / HTTP/1.1\r\nHost: x\r\nX\rA: 1\r\n\r\n", .fieldName, offset: 26, line: 3),
        Rejection("NUL in the target", "GET /\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", .requestTarget, offset: 5, line: 1),
        Rejection("request line of spaces", "   \r\nHost: x\r\n\r\n", .method, offset: 0, line: 1),
        Rejection("bare CR line ending", "GET / HTTP/1.1\rHost: x\r\n\r\n", .httpVersion, offset: 6),
        Rejection("header injected through a bare CR", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\rTransfer-Encoding: chunked\r\n\r\n",
                  .lineEnding, offset: 31, line: 3),
    ]

    @Test(arguments: smuggling)
    func strictRefusesSmugglingShapes(_ c: Rejection) { c.check(.strict) }

    static let lenientSmuggling: [Rejection] = [
        Rejection("CL then TE", "POST / HTTP/1.1\nContent-Length: 5\nTransfer-Encoding: chunked\n\n0\n\n", .transferEncoding),
        Rejection("TE with space before colon, plus CL",
                  "POST / HTTP/1.1\nTransfer-Encoding : chunked\nContent-Length: 5\n\n0\n\n", .transferEncoding),
        Rejection("TE folded, plus CL",
                  "POST / HTTP/1.1\nTransfer-Encoding: gzip,\n chunked\nContent-Length: 5\n\n0\n\n", .transferEncoding),
        Rejection("chunked not last", "POST / HTTP/1.1\nTransfer-Encoding: chunked, gzip\n\n0\n\n", .transferEncoding),
        Rejection("differing CLs", "POST / HTTP/1.1\nContent-Length: 5\nContent-Length: 6\n\nhello!", .contentLength),
        Rejection("NUL in a value", "GET / HTTP/1.1\nX-A: \u{0}\n\n", .fieldValue, offset: 20, line: 2),
    ]

    @Test(arguments: lenientSmuggling)
    func lenientRefusesSmugglingShapesToo(_ c: Rejection) { c.check(.lenient) }

    @Test func requestHiddenAfterAZeroLengthBodyIsItsOwnRequest() throws {
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n")
        let messages = try RequestParser.strict.parseAll(input)
        #expect(messages.map(\.target) == ["/", "/admin"])
        #expect(messages[0].body.isEmpty)
    }

    @Test func bodyThatLooksLikeARequestStaysBody() throws {
        let smuggled = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n" + smuggled)
        let messages = try RequestParser.strict.parseAll(input)
        #expect(messages.count == 1)
        #expect(messages[0].body == wire(smuggled))
    }

    @Test func requestAfterChunkedBodyStartsAfterTheLastChunk() throws {
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n")
        let (first, end) = try request(input)
        #expect(first.body == wire("hello"))
        #expect(Array(input[end...]) == wire("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"))
    }

    @Test func manyLeadingZerosInChunkSize() throws {
        let zeros = String(repeating: "0", count: 64)
        let (message, _) = try request(wire("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(zeros)5\r\nhello\r\n\(zeros)\r\n\r\n"))
        #expect(message.body == wire("hello"))
    }

    @Test func lowercaseMethodIsKeptInStrict() throws {
        let (message, _) = try request(wire("get / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(message.method == "get")
        #expect(message.notes.isEmpty)
    }

    @Test func defaultHeaderCountLimit() throws {
        let fields = (1...99).map { "X-\($0): v\r\n" }.joined()
        let (ok, _) = try request(wire("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n"))
        #expect(ok.headers.count == 100)
        let error = try #require(rejection(wire("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "X-100: v\r\n\r\n")))
        #expect(error.rule == .tooManyFields)
        #expect(error.status == 431)
        #expect(error.line == 102)
    }

    @Test func longChunkExtensionIsRefused() throws {
        let parser = RequestParser.limited { $0.fieldSize = 32 }
        let ext = ";" + String(repeating: "a", count: 100)
        let input = wire("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\(ext)\r\nhello\r\n0\r\n\r\n")
        let error = try #require(rejection(input, parser))
        #expect(error.rule == .chunkSize)
        #expect(error.status == 400)
        let partial = try #require(rejection(Array(input[..<(input.count - 14)]), parser, isComplete: false))
        #expect(partial.rule == .chunkSize)
    }

    @Test func endlessHeaderIsRefusedBeforeItEnds() throws {
        let input = wire("GET / HTTP/1.1\r\nHost: x\r\nX-A: " + String(repeating: "a", count: 9000))
        let error = try #require(rejection(input, isComplete: false))
        #expect(error.rule == .fieldTooLarge)
        #expect(error.status == 431)
    }

    // MARK: - No input crashes the parser

    static let seeds = [
        "POST /p?q=1 HTTP/1.1\r\nHost: x:80\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello",
        "POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\"\r\nhello\r\n0\r\nT: 1\r\n\r\n",
    ]

    static let replacements: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x3A, 0x3B, 0x7F, 0x80, 0xFF, 0x30, 0x66, 0x2C]

    @Test(arguments: seeds, [ParserProfile.strict, .lenient])
    func everySingleByteMutationIsHandled(_ seed: String, _ profile: ParserProfile) {
        let parser = RequestParser.limited(profile) { $0.bodySize = 1 << 16 }
        let original = wire(seed)
        var outcomes = 0
        for position in original.indices {
            for byte in Self.replacements where byte != original[position] {
                var input = original
                input[position] = byte
                for isComplete in [true, false] {
                    outcomes += 1
                    expectHandled(input, parser, isComplete: isComplete, "byte \(position) → 0x\(String(byte, radix: 16))")
                }
            }
            // Truncation and deletion at every position too.
            expectHandled(Array(original[..<position]), parser, isComplete: true, "truncated at \(position)")
            var deleted = original
            deleted.remove(at: position)
            expectHandled(deleted, parser, isComplete: true, "byte \(position) deleted")
        }
        #expect(outcomes > 1000)
    }

    private func expectHandled(_ input: [UInt8], _ parser: RequestParser, isComplete: Bool, _ what: String) {
        do {
            var start = 0
            while start < input.count, case .request(let message, let end) = try parser.parse(input, from: start, isComplete: isComplete) {
                #expect(end > start && end <= input.count, "\(what): end \(end)")
                #expect(message.offset >= start && message.offset < end, "\(what)")
                #expect(message.body.count <= input.count)
                guard end > start else { break }
                start = end
            }
        } catch let error as ParseError {
            #expect([400, 413, 414, 431, 501, 505].contains(error.status), "\(what): \(error)")
            #expect(error.offset >= 0 && error.offset <= input.count, "\(what): \(error)")
            #expect(error.line >= 1, "\(what): \(error)")
        } catch {
            Issue.record("\(what): \(error)")
        }
    }
}
