import Foundation

#if canImport(Glibc)
import Glibc
#endif

// A raw HTTP/1.1 client for the tests that talk to a live server (ServerTests, the `shallot
// serve` end-to-end tests): blocking sockets with a timeout on every read, so no test can hang.

/// One parsed response as a client reads it off the socket.
public struct ClientResponse: CustomStringConvertible {
    public var statusLine: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var code: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    public var description: String { "\(statusLine) \(headers) \(text.prefix(200))" }
}

public struct ClientError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// A blocking TCP client with a receive timeout on every read, so no test can hang.
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(port: Int, timeout: Double = 5) throws {
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

    public func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends give up after `seconds` when the peer stops reading.
    public func setSendTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
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
    public func response(method: String = "GET") throws -> ClientResponse {
        let status = try line()
        var headers: [(name: String, value: String)] = []
        while true {
            let field = try line()
            if field.isEmpty { break }
            let colon = try field.firstIndex(of: ":").orThrow("no colon in \(field)")
            headers.append((String(field[..<colon]), String(field[field.index(after: colon)...]).trimmingCharacters()))
        }
        var response = ClientResponse(statusLine: status, headers: headers, body: [])
        let code = response.code
        if method == "HEAD" || (100..<200).contains(code) || code == 204 || code == 304 { return response }
        if let length = response.header("Content-Length") {
            response.body = try take(Int(length)!)
        } else if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let size = try Int(try line(), radix: 16).orThrow("bad chunk size")
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
    public func closedByServer(within seconds: Double) -> Bool {
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
    public func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}


extension Optional {
    public func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw ClientError(description: message) }
        return value
    }
}
