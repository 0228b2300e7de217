import Framework
import Testing

@Suite("GZipMiddleware")
struct GZipMiddlewareTests {
    typealias F = MiddlewareFixture

    static let compressible = [UInt8](repeating: UInt8(ascii: "a"), count: 500)
    static let shortString = Array("This string is too short to be worth compressing.".utf8)
    static let sequence = [String(repeating: "a", count: 500), String(repeating: "b", count: 200), String(repeating: "a", count: 300)]
    static let acceptGzip = ["HTTP_ACCEPT_ENCODING": "gzip, deflate"]

    func run(
        request headers: [String: String] = acceptGzip, maxRandomBytes: Int? = nil, randomBelow: ((Int) -> Int)? = nil,
        response make: @escaping () -> HTTPResponseBase = { HTTPResponse(compressible, contentType: "text/html; charset=UTF-8") }
    ) throws -> HTTPResponseBase {
        let middleware = GZipMiddleware(settings: F.settings(), getResponse: F.answering(make))
        if let maxRandomBytes { middleware.maxRandomBytes = maxRandomBytes }
        if let randomBelow { middleware.randomBelow = randomBelow }
        return try middleware(F.request("GET", "/", headers: headers))
    }

    func content(_ response: HTTPResponseBase) -> [UInt8] { (response as? HTTPResponse)?.content ?? [] }

    @Test func compressesResponse() throws {
        let response = try run()
        #expect(F.gunzip(content(response)) == Self.compressible)
        #expect(response["Content-Encoding"] == "gzip")
        #expect(response["Content-Length"] == String(content(response).count))
        #expect(response["Vary"] == "Accept-Encoding")
    }

    @Test func compressesNon200Response() throws {
        let response = try run(response: { HTTPResponse(Self.compressible, status: 404) })
        #expect(response["Content-Encoding"] == "gzip")
        #expect(F.gunzip(content(response)) == Self.compressible)
    }

    @Test func deterministicOutputMatchesPython() throws {
        // Python: gzip.GzipFile header (mtime 0, OS 255) + zlib level 6 raw deflate + CRC-32 and size.
        let first = try run(maxRandomBytes: 0)
        let second = try run(maxRandomBytes: 0)
        #expect(content(first) == content(second))
        #expect(F.hex(content(first)) == "1f8b08000000000000ff4b4c1c05230d000011419205f4010000")
    }

    @Test func randomBytesInHeader() throws {
        var bounds: [Int] = []
        let response = try run(randomBelow: { bound in
            bounds.append(bound)
            return 3
        })
        let body = content(response)
        #expect(bounds == [100])
        #expect(body[3] == GZip.fileNameFlag)
        #expect(Array(body[10..<14]) == Array("aaa\0".utf8))
        #expect(F.gunzip(body) == Self.compressible)
    }

    @Test func randomBytesVaryTheLength() throws {
        let lengths = try Set((0..<30).map { _ in try content(run()).count })
        #expect(lengths.count > 1)
    }

    @Test func shortResponseUntouched() throws {
        let response = try run(response: { HTTPResponse(Self.shortString) })
        #expect(content(response) == Self.shortString)
        #expect(response["Content-Encoding"] == nil)
        // Django returns before patching Vary for short responses.
        #expect(response["Vary"] == nil)
    }

    @Test func alreadyEncodedResponseUntouched() throws {
        let response = try run(response: { HTTPResponse(Self.compressible, headers: [("Content-Encoding", "deflate")]) })
        #expect(content(response) == Self.compressible)
        #expect(response["Content-Encoding"] == "deflate")
        #expect(response["Vary"] == nil)
    }

    @Test func noCompressionWithoutAcceptEncoding() throws {
        let response = try run(request: [:])
        #expect(content(response) == Self.compressible)
        #expect(response["Content-Encoding"] == nil)
        #expect(response["Vary"] == "Accept-Encoding")
    }

    @Test(arguments: [
        ("gzip", true), ("deflate, gzip;q=1.0, *;q=0.5", true), ("br,gzip", true),
        ("deflate", false), ("xgzip", false), ("gzipped", false), ("GZIP", false), ("x_gzip", false),
    ])
    func acceptEncodingIsMatchedAsAWord(acceptEncoding: String, compressed: Bool) throws {
        let response = try run(request: ["HTTP_ACCEPT_ENCODING": acceptEncoding])
        #expect((response["Content-Encoding"] == "gzip") == compressed)
        #expect(response["Vary"] == "Accept-Encoding")
    }

    @Test func incompressibleResponseUntouched() throws {
        let data = F.incompressible(500)
        let response = try run(response: { HTTPResponse(data) })
        #expect(content(response) == data)
        #expect(response["Content-Encoding"] == nil)
        #expect(response["Vary"] == "Accept-Encoding")
    }

    @Test func varyIsPatchedNotReplaced() throws {
        let response = try run(response: { HTTPResponse(Self.compressible, headers: [("Vary", "Cookie")]) })
        #expect(response["Vary"] == "Cookie, Accept-Encoding")
    }

    @Test func strongETagMadeWeak() throws {
        let response = try run(response: { HTTPResponse(Self.compressible, headers: [("ETag", "\"eggs\"")]) })
        #expect(response["ETag"] == "W/\"eggs\"")
    }

    @Test func weakETagUnchanged() throws {
        let response = try run(response: { HTTPResponse(Self.compressible, headers: [("ETag", "W/\"eggs\"")]) })
        #expect(response["ETag"] == "W/\"eggs\"")
    }

    @Test func etagMatchThroughConditionalGet() throws {
        let settings = F.settings()
        let view: GetResponse = { _ in HTTPResponse(Self.compressible) }
        let conditional = ConditionalGetMiddleware(settings: settings, getResponse: view)
        let gzip = GZipMiddleware(settings: settings) { request in (try? conditional(request)) ?? HTTPResponse.serverError() }
        let first = try gzip(F.request("GET", "/", headers: Self.acceptGzip, settings: settings))
        let etag = try #require(first["ETag"])
        #expect(etag.hasPrefix("W/\""))
        let second = try conditional(F.request("GET", "/", headers: ["HTTP_ACCEPT_ENCODING": "gzip, deflate", "HTTP_IF_NONE_MATCH": etag], settings: settings))
        #expect(second.statusCode == 304)
    }

    @Test func compressesStreamingResponse() throws {
        let response = try run(response: {
            let response = StreamingHTTPResponse(Self.sequence)
            response["Content-Type"] = "text/html; charset=UTF-8"
            response["Content-Length"] = "1000"
            return response
        })
        #expect(response["Content-Encoding"] == "gzip")
        #expect(response["Content-Length"] == nil)
        #expect(response["Vary"] == "Accept-Encoding")
        let chunks = try F.chunks(response)
        // The header comes first, alone.
        #expect(chunks.first?.count == 10 || chunks.first?[3] == GZip.fileNameFlag)
        #expect(F.gunzip(chunks.flatMap { $0 }) == Array(Self.sequence.joined().utf8))
    }

    @Test func compressesStreamingUnicode() throws {
        let sequence = [String(repeating: "a", count: 500), String(repeating: "é", count: 200), String(repeating: "a", count: 300)]
        let response = try run(response: { StreamingHTTPResponse(sequence) })
        #expect(F.gunzip(try F.chunks(response).flatMap { $0 }) == Array(sequence.joined().utf8))
    }

    @Test func shortStreamingResponseIsCompressed() throws {
        // Only responses in memory are measured.
        let response = try run(response: { StreamingHTTPResponse(["tiny"]) })
        #expect(response["Content-Encoding"] == "gzip")
        #expect(F.gunzip(try F.chunks(response).flatMap { $0 }) == Array("tiny".utf8))
    }

    @Test func streamingWithoutAcceptEncodingUntouched() throws {
        let response = try run(request: [:], response: { StreamingHTTPResponse(Self.sequence) })
        #expect(response["Content-Encoding"] == nil)
        #expect(response["Vary"] == "Accept-Encoding")
        #expect(try F.chunks(response).flatMap { $0 } == Array(Self.sequence.joined().utf8))
    }

    @Test func randomBytesInStreamingHeader() throws {
        let response = try run(randomBelow: { _ in 3 }, response: { StreamingHTTPResponse(Self.sequence) })
        let body = try F.chunks(response).flatMap { $0 }
        #expect(body[3] == GZip.fileNameFlag)
        #expect(Array(body[10..<14]) == Array("aaa\0".utf8))
        #expect(F.gunzip(body) == Array(Self.sequence.joined().utf8))
    }

    @Test func streamingHeaderWithoutRandomBytes() throws {
        let response = try run(maxRandomBytes: 0, response: { StreamingHTTPResponse(Self.sequence) })
        let chunks = try F.chunks(response)
        #expect(chunks.first == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])
    }

    @Test func eventStreamChunksAreFlushed() throws {
        let response = try run(maxRandomBytes: 0, response: {
            StreamingHTTPResponse(["data: 1\n\n", "data: 2\n\n"], contentType: "text/event-stream")
        })
        let streaming = try #require(response as? StreamingHTTPResponse)
        let header = try #require(try streaming.streamingContent())
        let first = try #require(try streaming.streamingContent())
        // Decodable at once, before the stream ends.
        #expect(F.gunzip(header + first, complete: false) == Array("data: 1\n\n".utf8))
    }

    @Test func compressStringHeaderWithZeroRandomBytes() {
        // compress_string sets FNAME whenever max_random_bytes is given, even for an empty name.
        let data = GZip.compressString(Self.compressible, maxRandomBytes: 100, randomBelow: { _ in 0 })
        #expect(Array(data[0..<11]) == [0x1f, 0x8b, 8, GZip.fileNameFlag, 0, 0, 0, 0, 0, 255, 0])
        #expect(F.gunzip(data) == Self.compressible)
    }

    @Test func compressorRoundTripsLargeInput() {
        let data = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        #expect(F.gunzip(GZip.compressString(data)) == data)
        #expect(F.gunzip(GZip.compressString([])) == [])
    }
}
