/// `django.middleware.gzip.GZipMiddleware`: gzip for clients that accept it.
///
/// Left alone: responses in memory under 200 bytes, and responses with a Content-Encoding.
/// Every other response gets `Accept-Encoding` in Vary, whether compressed or not. Then, when the
/// request's Accept-Encoding names gzip (`\bgzip\b`): a response in memory is compressed if that
/// makes it shorter (Content-Length updated); a streaming one is compressed chunk by chunk
/// (Content-Length removed; each chunk flushed for `text/event-stream`). A compressed response
/// has its strong ETag made weak (`W/"…"`) and Content-Encoding: gzip.
///
/// As in Django, the gzip header carries a random-length file name (`maxRandomBytes`, 100) to
/// mitigate BREACH; set `maxRandomBytes` to 0 for byte-for-byte repeatable output.
public final class GZipMiddleware: MiddlewareMixin {
    public let getResponse: GetResponse
    /// `max_random_bytes`: the random name in the gzip header is 0 to maxRandomBytes − 1 bytes.
    public var maxRandomBytes = 100
    /// `secrets.randbelow`, replaceable for tests.
    public var randomBelow: (Int) -> Int = GZip.secureRandomBelow

    public init(settings: Settings, getResponse: @escaping GetResponse) {
        self.getResponse = getResponse
    }

    public static let factory: MiddlewareFactory = { settings, getResponse in
        GZipMiddleware(settings: settings, getResponse: getResponse)
    }

    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        let inMemory = response as? HTTPResponse
        // Not worth compressing really short responses.
        if !response.isStreaming && (inMemory?.content.count ?? 0) < 200 { return response }
        // Already encoded.
        if response.headers.contains("Content-Encoding") { return response }

        patchVaryHeaders(response, ["Accept-Encoding"])
        guard Self.acceptsGzip(request.environ["HTTP_ACCEPT_ENCODING"] ?? "") else { return response }

        if response.isStreaming {
            guard let streaming = response as? StreamingHTTPResponse else { return response }
            let flushEach = (response.headers["Content-Type"] ?? "").hasPrefix("text/event-stream")
            streaming.streamingContent = GZip.compressSequence(
                streaming.streamingContent, maxRandomBytes: maxRandomBytes, flushEach: flushEach, randomBelow: randomBelow
            )
            // The compressed length is not known until the stream ends.
            response.headers["Content-Length"] = nil
        } else {
            guard let inMemory else { return response }
            let compressed = GZip.compressString(inMemory.content, maxRandomBytes: maxRandomBytes, randomBelow: randomBelow)
            // Only if it is actually shorter.
            if compressed.count >= inMemory.content.count { return response }
            inMemory.content = compressed
            response.headers["Content-Length"] = String(compressed.count)
        }

        // A strong ETag becomes weak (RFC 9110 8.8.1): the bytes changed, the meaning did not,
        // and conditional requests can still match it.
        if let etag = response.headers["ETag"], etag.hasPrefix("\"") {
            response.headers["ETag"] = "W/" + etag
        }
        response.headers["Content-Encoding"] = "gzip"
        return response
    }

    /// `re_accepts_gzip.search(accept_encoding)` with `\bgzip\b`: "gzip" as a whole word.
    static func acceptsGzip(_ acceptEncoding: String) -> Bool {
        let scalars = Array(acceptEncoding.unicodeScalars)
        let word = Array("gzip".unicodeScalars)
        guard scalars.count >= word.count else { return false }
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        for start in 0...(scalars.count - word.count) where Array(scalars[start..<start + word.count]) == word {
            let before = start == 0 || !isWordCharacter(scalars[start - 1])
            let after = start + word.count == scalars.count || !isWordCharacter(scalars[start + word.count])
            if before && after { return true }
        }
        return false
    }
}
