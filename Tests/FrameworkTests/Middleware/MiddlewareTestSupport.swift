import CZlib
import Framework
import Gateway

/// Requests, canned responses and gzip decoding for the middleware tests (Django's RequestFactory
/// and the `get_response` functions of tests/middleware/tests.py).
enum MiddlewareFixture {
    /// Settings as Django's test runner has them: "testserver" in ALLOWED_HOSTS.
    static func settings(_ configure: (inout Settings) -> Void = { _ in }) -> Settings {
        var settings = Settings()
        settings.allowedHosts = ["testserver", "www.testserver"]
        configure(&settings)
        return settings
    }

    /// A request as a server would build it: `headers` are CGI names (`HTTP_USER_AGENT`).
    static func request(
        _ method: String = "GET", _ path: String = "/", query: String = "", headers: [String: String] = [:],
        secure: Bool = false, settings: Settings = settings()
    ) -> HTTPRequest {
        var environ = Environ(input: BytesInput([]))
        environ["REQUEST_METHOD"] = method
        environ["SCRIPT_NAME"] = ""
        environ["PATH_INFO"] = path
        environ["QUERY_STRING"] = query
        environ["SERVER_NAME"] = "testserver"
        environ["SERVER_PORT"] = secure ? "443" : "80"
        environ["SERVER_PROTOCOL"] = "HTTP/1.1"
        environ["HTTP_HOST"] = "testserver"
        for (key, value) in headers.sorted(by: { $0.key < $1.key }) { environ[key] = value }
        environ.urlScheme = secure ? "https" : "http"
        return HTTPRequest(environ: environ, settings: settings)
    }

    /// A `get_response` answering `make()` for every request.
    static func answering(_ make: @escaping () -> HTTPResponseBase) -> GetResponse {
        { _ in make() }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Every chunk of a streaming response.
    static func chunks(_ response: HTTPResponseBase) throws -> [[UInt8]] {
        guard let streaming = response as? StreamingHTTPResponse else { return [] }
        var chunks: [[UInt8]] = []
        while let chunk = try streaming.streamingContent() { chunks.append(chunk) }
        return chunks
    }

    /// gzip decoding through zlib (window bits 31: a gzip header and trailer are required).
    /// With `complete`, the data must end the stream; otherwise what it decodes so far.
    static func gunzip(_ data: [UInt8], complete: Bool = true) -> [UInt8]? {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard shallot_inflateInit2(stream, 31) == Z_OK else { return nil }
        var input = data
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.pointee.next_in = inputBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inputBuffer.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    status = inflate(stream, Z_SYNC_FLUSH)
                    output.append(contentsOf: out.prefix(out.count - Int(stream.pointee.avail_out)))
                }
            } while status == Z_OK && (stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0)
        }
        if complete { return status == Z_STREAM_END && stream.pointee.avail_in == 0 ? output : nil }
        return status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR ? output : nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Bytes that do not compress, the same on every run (a linear congruential generator).
    static func incompressible(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }
}
