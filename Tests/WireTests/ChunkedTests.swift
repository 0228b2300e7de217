import Gateway
import Testing
import Wire

/// The head of a chunked upload: 62 bytes, 4 lines, so the first chunk-size line is line 5.
private let chunkedHead = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
private let headLength = chunkedHead.utf8.count

@Suite("Chunked transfer coding")
struct ChunkedTests {
    @Test func headLengthIsWhatTheOffsetsAssume() {
        #expect(headLength == 62)
    }

    @Test func twoChunksAndLastChunk() throws {
        let input = wire(chunkedHead + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        let (message, end) = try request(input)
        #expect(message.framing == .chunked)
        #expect(message.body == wire("hello world"))
        #expect(message.trailers.isEmpty)
        #expect(end == input.count)
        #expect(fieldLines(message.headers) == ["Host: x", "Transfer-Encoding: chunked"])
    }

    @Test func transferEncodingIsCaseInsensitive() throws {
        let (message, _) = try request(wire("POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
        #expect(message.framing == .chunked)
        #expect(message.body == wire("abc"))
    }

    @Test func emptyChunkedBody() throws {
        let input = wire(chunkedHead + "0\r\n\r\n")
        let (message, end) = try request(input)
        #expect(message.body.isEmpty)
        #expect(end == input.count)
    }

    @Test func chunkExtensionsAreAcceptedAndIgnored() throws {
        let chunks = "5;name=value\r\nhello\r\n6 ; a=\"b c\"\r\n world\r\n1;a=\"q\\\"x\";flag\r\n!\r\n0;last=yes\r\n\r\n"
        let (message, _) = try request(wire(chunkedHead + chunks))
        #expect(message.body == wire("hello world!"))
    }

    @Test(arguments: [
        Rejection("extension without a name", chunkedHead + "5;\r\nhello\r\n0\r\n\r\n", .chunkExtension, offset: headLength + 2, line: 5),
        Rejection("extension with an empty value", chunkedHead + "5;a=\r\nhello\r\n0\r\n\r\n", .chunkExtension, offset: headLength + 4, line: 5),
        Rejection("unterminated quoted value", chunkedHead + "5;a=\"b\r\nhello\r\n0\r\n\r\n", .chunkExtension, line: 5),
        Rejection("control byte in a quoted value", chunkedHead + "5;a=\"\u{01}\"\r\nhello\r\n0\r\n\r\n", .chunkExtension, offset: headLength + 5, line: 5),
    ])
    func badExtensions(_ c: Rejection) { c.check(.strict) }

    @Test func trailersAreReturnedApartFromHeaders() throws {
        let input = wire(chunkedHead + "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nx-other:  1 \r\n\r\n")
        let (message, end) = try request(input)
        #expect(message.body == wire("hello"))
        #expect(fieldLines(message.trailers) == ["X-Checksum: abc", "x-other: 1"])
        #expect(message.trailers.first("X-Other") == "1")
        #expect(!message.headers.contains("X-Checksum"))
        #expect(end == input.count)
    }

    @Test func uppercaseAndLowercaseHex() throws {
        let (upper, _) = try request(wire(chunkedHead + "A\r\n0123456789\r\n0\r\n\r\n"))
        #expect(upper.body == wire("0123456789"))
        let (lower, _) = try request(wire(chunkedHead + "a\r\n0123456789\r\n0\r\n\r\n"))
        #expect(lower.body == wire("0123456789"))
        let data = String(repeating: "z", count: 0x1F)
        let (mixed, _) = try request(wire(chunkedHead + "1f\r\n\(data)\r\n0\r\n\r\n"))
        #expect(mixed.body.count == 31)
    }

    @Test func leadingZerosInChunkSize() throws {
        let (message, _) = try request(wire(chunkedHead + "000a\r\n0123456789\r\n0000\r\n\r\n"))
        #expect(message.body == wire("0123456789"))
    }

    @Test(arguments: [
        Rejection("0x prefix", chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength + 1, line: 5),
        Rejection("non-hex size", chunkedHead + "g\r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength, line: 5),
        Rejection("negative size", chunkedHead + "-5\r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength, line: 5),
        Rejection("missing size", chunkedHead + "\r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength, line: 5),
        Rejection("data longer than the size", chunkedHead + "5\r\nhelloXX\r\n0\r\n\r\n", .chunkData, offset: headLength + 8, line: 6),
        Rejection("data shorter than the size", chunkedHead + "5\r\nhel\r\n0\r\n\r\n", .chunkData, offset: headLength + 8, line: 7),
        Rejection("bare LF after the data", chunkedHead + "5\r\nhello\n0\r\n\r\n", .chunkData, offset: headLength + 8, line: 6),
        Rejection("bare LF after the size", chunkedHead + "5\nhello\r\n0\r\n\r\n", .lineEnding, offset: headLength + 1, line: 5),
        Rejection("trailing space after the size", chunkedHead + "5 \r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength + 1, line: 5),
        Rejection("trailing tab after the size", chunkedHead + "5\t\r\nhello\r\n0\r\n\r\n", .chunkSize, offset: headLength + 1, line: 5),
        Rejection("obs-fold in a trailer", chunkedHead + "0\r\nX-A: 1\r\n 2\r\n\r\n", .obsFold, offset: headLength + 11, line: 7),
        Rejection("whitespace before the first trailer", chunkedHead + "0\r\n X-A: 1\r\n\r\n", .trailerSection, offset: headLength + 3, line: 6),
        Rejection("bad trailer name", chunkedHead + "0\r\nX A: 1\r\n\r\n", .fieldName, offset: headLength + 4, line: 6),
        Rejection("huge chunk size", chunkedHead + "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", .bodyTooLarge, 413, line: 5),
    ])
    func strictChunkRejections(_ c: Rejection) { c.check(.strict) }

    @Test func trailingWhitespaceAfterSizeIsAcceptedWhenLenient() throws {
        let (message, _) = try request(wire(chunkedHead + "5 \r\nhello\r\n6\t\r\n world\r\n0  \r\n\r\n"), .lenient)
        #expect(message.body == wire("hello world"))
    }

    @Test func lfOnlyChunkedRequestIsAcceptedWhenLenient() throws {
        let text = "POST /upload HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n5\nhello\n6\n world\n0\nX-T: 1\n\n"
        let (message, _) = try request(wire(text), .lenient)
        #expect(message.framing == .chunked)
        #expect(message.body == wire("hello world"))
        #expect(fieldLines(message.trailers) == ["X-T: 1"])
        let error = try #require(rejection(wire(text), .strict))
        #expect(error.rule == .lineEnding)
    }

    @Test func lfOnlyChunkLinesInACRLFHeadWhenLenient() throws {
        let (message, _) = try request(wire(chunkedHead + "5\nhello\n0\n\n"), .lenient)
        #expect(message.body == wire("hello"))
    }

    @Test(arguments: [ParserProfile.strict, .lenient])
    func hugeChunkSizeIs413NotACrash(_ profile: ParserProfile) throws {
        for size in ["ffffffffffffffffffff", "7fffffffffffffff", "10000000000000000", "8000000"] {
            let error = try #require(rejection(wire(chunkedHead + size + "\r\nhello\r\n0\r\n\r\n"), RequestParser(profile: profile)))
            #expect(error.rule == .bodyTooLarge, "\(size)")
            #expect(error.status == 413)
        }
    }

    @Test func chunkedTotalOverBodySizeIs413() throws {
        let parser = RequestParser.limited { $0.bodySize = 8 }
        let (ok, _) = try request(wire(chunkedHead + "4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n"), parser)
        #expect(ok.body == wire("abcdefgh"))
        let over = try #require(rejection(wire(chunkedHead + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), parser))
        #expect(over.rule == .bodyTooLarge)
        #expect(over.status == 413)
        #expect(over.line == 8)
        // A single chunk over the limit is refused from its size line, before any data arrives.
        let single = try #require(rejection(wire(chunkedHead + "100\r\n"), parser, isComplete: false))
        #expect(single.rule == .bodyTooLarge)
    }

    @Test func tooManyTrailersCountWithHeaders() throws {
        let parser = RequestParser.limited { $0.headerCount = 4 }
        let (ok, _) = try request(wire(chunkedHead + "0\r\nA: 1\r\nB: 2\r\n\r\n"), parser)
        #expect(ok.trailers.count == 2)
        let error = try #require(rejection(wire(chunkedHead + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"), parser))
        #expect(error.rule == .tooManyFields)
        #expect(error.status == 431)
    }

    static let chunked = chunkedHead + "5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"

    @Test func everyProperPrefixNeedsMore() throws {
        let input = wire(Self.chunked)
        for length in 0..<input.count {
            let outcome = try RequestParser.strict.parse(Array(input[..<length]), isComplete: false)
            #expect(isNeedMore(outcome), "prefix of \(length) bytes: \(describe(outcome))")
        }
        let (message, end) = try request(input, isComplete: false)
        #expect(message.body == wire("hello world"))
        #expect(end == input.count)
    }

    @Test func everyProperPrefixNeedsMoreWhenLenient() throws {
        let input = wire(Self.chunked)
        for length in 0..<input.count {
            let outcome = try RequestParser.lenient.parse(Array(input[..<length]), isComplete: false)
            #expect(isNeedMore(outcome), "prefix of \(length) bytes: \(describe(outcome))")
        }
    }

    @Test func everyTruncationIsIncompleteWhenInputIsComplete() {
        let input = wire(Self.chunked)
        for length in headLength..<input.count {
            guard let error = rejection(Array(input[..<length]), isComplete: true) else { continue }
            #expect(error.rule == .incomplete, "prefix of \(length) bytes: \(error)")
            #expect(error.offset == length, "prefix of \(length) bytes")
        }
    }

    @Test func pipelinedAfterChunkedBody() throws {
        let input = wire(chunkedHead + "3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        let messages = try RequestParser.strict.parseAll(input)
        #expect(messages.map(\.target) == ["/upload", "/next"])
        #expect(messages[0].body == wire("abc"))
        #expect(messages[1].body.isEmpty)
    }
}
