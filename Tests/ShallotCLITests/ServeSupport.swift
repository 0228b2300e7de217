import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// End-to-end support for `shallot serve`: a raw socket client with a timeout on every read,
// and a server process started on an ephemeral port and always stopped.

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

    /// Sends give up after `seconds` when the peer stops reading.
    func setSendTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
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


extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw ClientError(description: message) }
        return value
    }
}


/// A `shallot serve` process on 127.0.0.1 with an ephemeral port; `stop()` sends SIGTERM and
/// waits (SIGKILL after a deadline), so no test leaves one behind.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = LockedText()
    private let output = LockedText()
    private(set) var port = 0

    init(_ arguments: [String], cwd: URL? = nil) throws {
        process.executableURL = shallotBinary
        process.arguments = ["serve", "--bind", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = cwd ?? packageRoot
        process.standardInput = FileHandle.nullDevice
        let errPipe = Pipe(), outPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = outPipe
        for (pipe, sink) in [(errPipe, errors), (outPipe, output)] {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { return }
                    sink.append(String(decoding: buffer[0..<count], as: UTF8.self))
                }
            }
        }
        try process.run()
        guard let line = waitForLine(containing: "Listening at: http://127.0.0.1:", seconds: 20) else {
            stop()
            throw ClientError(description: "the server did not start:\n\(stderr)")
        }
        let tail = line.components(separatedBy: "Listening at: http://127.0.0.1:")[1]
        port = Int(tail.prefix { $0.isNumber }) ?? 0
    }

    var stderr: String { errors.text }
    var stdout: String { output.text }

    /// The first stderr line containing `needle` (after `skipping` such lines), waiting up to `seconds`.
    func waitForLine(containing needle: String, skipping: Int = 0, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let lines = errors.text.split(separator: "\n").filter { $0.contains(needle) }
            if lines.count > skipping { return String(lines[skipping]) }
            if !process.isRunning { break }
            usleep(20_000)
        }
        let lines = errors.text.split(separator: "\n").filter { $0.contains(needle) }
        return lines.count > skipping ? String(lines[skipping]) : nil
    }

    func connect() throws -> RawClient { try RawClient(port: port) }

    /// SIGTERM, then waits up to `seconds` for the exit (SIGKILL after that); returns the exit status.
    @discardableResult
    func stop(seconds: Double = 10) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Text appended from a reader thread.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    func append(_ text: String) { lock.withLock { value += text } }
    var text: String { lock.withLock { value } }
}
