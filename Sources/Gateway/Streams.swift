import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `wsgi.input`: the request body as a readable stream (PEP 3333's read, readline, readlines, iteration).
/// A server hands it only the body, so reading past the end yields nothing rather than blocking.
public protocol InputStream: Sendable {
    /// Up to `size` bytes, or everything left when `size` is nil or negative.
    func read(_ size: Int?) -> [UInt8]
    /// One line including its `\n`, at most `size` bytes when given; empty at the end.
    func readline(_ size: Int?) -> [UInt8]
    /// How `shallot environ` shows it.
    var displayDescription: String { get }
}

extension InputStream {
    public func read() -> [UInt8] { read(nil) }
    public func readline() -> [UInt8] { readline(nil) }
    /// Every remaining line.
    public func readlines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        while true {
            let line = readline(nil)
            if line.isEmpty { return lines }
            lines.append(line)
        }
    }
}

/// A `wsgi.input` over bytes already in memory, as a buffering server provides it.
public final class BytesInput: InputStream {
    private let bytes: [UInt8]
    private let position = Mutex(0)

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var count: Int { bytes.count }

    public func read(_ size: Int?) -> [UInt8] {
        position.withLock { position in
            let available = bytes.count - position
            let n = size.map { $0 < 0 ? available : min($0, available) } ?? available
            defer { position += n }
            return Array(bytes[position..<position + n])
        }
    }

    public func readline(_ size: Int?) -> [UInt8] {
        position.withLock { position in
            var end = position
            let limit = size.map { $0 < 0 ? bytes.count : min(bytes.count, position + $0) } ?? bytes.count
            while end < limit {
                end += 1
                if bytes[end - 1] == UInt8(ascii: "\n") { break }
            }
            defer { position = end }
            return Array(bytes[position..<end])
        }
    }

    public var displayDescription: String { "<wsgi.input: \(bytes.count) bytes>" }
}

/// `wsgi.errors`: a text stream for the application's error output.
public protocol ErrorStream: Sendable {
    func write(_ text: String)
    func flush()
    var displayDescription: String { get }
}

extension ErrorStream {
    public func writelines(_ lines: [String]) { lines.forEach(write) }
}

/// `wsgi.errors` writing straight to the process's standard error.
public struct StandardErrorStream: ErrorStream {
    public init() {}
    public func write(_ text: String) { writeToStandardError(text) }
    public func flush() {}
    public var displayDescription: String { "<stderr>" }
}

/// `wsgi.errors` that keeps what was written, for tools that report it beside the response.
public final class CapturedErrorStream: ErrorStream {
    private let buffer = Mutex("")
    public init() {}
    public func write(_ text: String) { buffer.withLock { $0 += text } }
    public func flush() {}
    public var text: String { buffer.withLock { $0 } }
    public var displayDescription: String { "<captured>" }
}

/// Writes straight to file descriptor 2, unbuffered, so error output interleaves correctly with stdout.
public func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}
