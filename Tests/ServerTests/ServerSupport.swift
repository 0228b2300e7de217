import Gateway
import Server
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server on 127.0.0.1 with an ephemeral port, stopped by `stop()`.
struct RunningServer {
    let server: HTTPServer
    let port: Int

    init(_ application: @escaping Application, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.binds = [BindAddress(host: "127.0.0.1", port: 0)]
        configuration.errorLog = "/dev/null"
        configuration.gracefulTimeout = 5
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, application: application)
        port = try #require(try server.start().first?.port)
    }

    func stop() {
        server.beginShutdown()
        server.waitUntilStopped()
    }

    func connect() throws -> RawClient { try RawClient(port: port) }
}

/// One parsed response as a client reads it off the socket.
struct ClientResponse: CustomStringConvertible {
    var statusLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var code: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var description: String { "\(statusLine) \(headers) \(text.prefix(200))" }
}

struct ClientError: Error, CustomStringConvertible {
    var description: String
}

/// A blocking TCP client with a receive timeout on every read, so no test can hang.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError(description: "connect failed: errno \(errno)")
        }
        setTimeout(timeout)
    }

    deinit { close(fd) }

    func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads more bytes; false at EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer += chunk[0..<n]
        return true
    }

    private func line() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                let line = buffer[..<lf].last == 13 ? buffer[..<(lf - 1)] : buffer[..<lf]
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return text
            }
            guard fill() else { throw ClientError(description: "connection ended or timed out inside a line; have \(String(decoding: buffer, as: UTF8.self).debugDescription)") }
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard fill() else { throw ClientError(description: "connection ended or timed out with \(buffer.count) of \(count) bytes") }
        }
        let out = Array(buffer[..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Reads one response: head, then the body by Content-Length, chunked, or until the close.
    func response(method: String = "GET") throws -> ClientResponse {
        let status = try line()
        var headers: [(name: String, value: String)] = []
        while true {
            let field = try line()
            if field.isEmpty { break }
            let colon = try #require(field.firstIndex(of: ":"))
            headers.append((String(field[..<colon]), String(field[field.index(after: colon)...]).trimmingCharacters()))
        }
        var response = ClientResponse(statusLine: status, headers: headers, body: [])
        let code = response.code
        if method == "HEAD" || (100..<200).contains(code) || code == 204 || code == 304 { return response }
        if let length = response.header("Content-Length") {
            response.body = try take(Int(length)!)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let size = try #require(Int(try line(), radix: 16))
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                response.body += try take(size)
                _ = try take(2)
            }
        } else {
            while fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Whether the server closes the connection within `seconds` (a read sees EOF).
    func closedByServer(within seconds: Double) -> Bool {
        setTimeout(seconds)
        defer { setTimeout(5) }
        while true {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
            buffer += chunk[0..<n]
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

/// A counter the applications under test bump, to prove what reached them.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func bump() { value.wrappingAdd(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}

/// Test applications.
enum Apps {
    /// Echoes method, path, the body read from wsgi.input, REMOTE_ADDR and the scheme.
    static func echo(_ calls: Counter = Counter()) -> Application {
        { environ, startResponse in
            calls.bump()
            let body = environ.input.read()
            if environ.pathInfo.hasPrefix("/sleep/") {
                usleep(UInt32(Int(environ.pathInfo.dropFirst(7)) ?? 0) * 1000)
            }
            let text = "\(environ.requestMethod) \(environ.pathInfo) body=\(String(decoding: body, as: UTF8.self)) remote=\(environ["REMOTE_ADDR"] ?? "") scheme=\(environ.urlScheme) port=\(environ["REMOTE_PORT"] ?? "")"
            try startResponse("200 OK", [("Content-Type", "text/plain")])
            return ChunkedBody(text)
        }
    }
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
