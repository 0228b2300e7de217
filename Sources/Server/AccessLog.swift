import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// gunicorn's access-log format: `%(atom)s` placeholders.
///
/// Atoms: `h` remote address, `l` "-", `u` user ("-"), `t` time `[10/Oct/2000:13:55:36 +0000]`,
/// `r` request line, `m` method, `U` path, `q` query, `H` protocol, `s` status, `B` body bytes,
/// `b` body bytes or "-", `f` referer, `a` user agent, `T` seconds, `D` microseconds,
/// `M` milliseconds, `L` decimal seconds, `p` process id, `{name}i` a request header,
/// `{name}o` a response header, `{NAME}e` an environ variable.
public struct AccessLogFormat: Sendable, Equatable {
    public var format: String
    public init(_ format: String) { self.format = format }
    /// gunicorn's `access_log_format` default.
    public static let gunicornDefault = AccessLogFormat(#"%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s""#)
}

/// What one answered request leaves for the access log.
public struct AccessRecord: Sendable {
    public var remoteAddress: String
    public var method: String
    public var target: String
    public var path: String
    public var query: String
    public var proto: String
    public var status: Int
    public var bodyBytes: Int
    public var requestHeaders: [(name: String, value: String)]
    public var responseHeaders: [(name: String, value: String)]
    public var environ: [String: String]
    public var startSeconds: Int
    /// Microseconds from the complete request to the last byte written.
    public var durationMicros: Int
}

/// Where log lines go: standard output or error, or a file appended to; one `write` per line,
/// under a lock, so lines from several threads never interleave.
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    /// "-" is `standardStream` (1 or 2); anything else is a file path opened for appending.
    public init(path: String, standardStream: Int32) throws(LogSinkError) {
        if path == "-" {
            descriptor = standardStream
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LogSinkError(path: path, reason: String(cString: strerror(errno))) }
            descriptor = fd
        }
    }

    public func write(_ line: String) {
        var line = line
        if !line.hasSuffix("\n") { line += "\n" }
        lock.withLock { _ in
            line.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = writeDescriptor(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }
}

/// A log file that cannot be opened.
public struct LogSinkError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot open log file \(path.debugDescription): \(reason)" }
}

/// The access log: formats a record with the atoms and writes it.
public struct AccessLog: Sendable {
    public let format: AccessLogFormat
    public let sink: LogSink

    public init(format: AccessLogFormat, sink: LogSink) {
        self.format = format
        self.sink = sink
    }

    public func log(_ record: AccessRecord) { sink.write(Self.render(format, record)) }

    /// The line for a record.
    public static func render(_ format: AccessLogFormat, _ r: AccessRecord) -> String {
        var out = ""
        let chars = Array(format.format)
        var i = 0
        while i < chars.count {
            if chars[i] == "%", i + 1 < chars.count, chars[i + 1] == "(" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == ")" && chars[j + 1] == "s") { j += 1 }
                if j + 1 < chars.count {
                    out += value(of: String(chars[(i + 2)..<j]), r)
                    i = j + 2
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    static func header(_ headers: [(name: String, value: String)], _ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    static func value(of atom: String, _ r: AccessRecord) -> String {
        if atom.hasPrefix("{") , let close = atom.firstIndex(of: "}") {
            let name = String(atom[atom.index(after: atom.startIndex)..<close])
            switch atom[atom.index(after: close)...] {
            case "i": return header(r.requestHeaders, name) ?? "-"
            case "o": return header(r.responseHeaders, name) ?? "-"
            case "e": return r.environ[name] ?? "-"
            default: return "-"
            }
        }
        switch atom {
        case "h": return r.remoteAddress
        case "l", "u": return "-"
        case "t": return HTTPDate.logTime(r.startSeconds)
        case "r": return "\(r.method) \(r.target) \(r.proto)"
        case "m": return r.method
        case "U": return r.path
        case "q": return r.query
        case "H": return r.proto
        case "s": return String(r.status)
        case "B": return String(r.bodyBytes)
        case "b": return r.bodyBytes == 0 ? "-" : String(r.bodyBytes)
        case "f": return header(r.requestHeaders, "Referer") ?? "-"
        case "a": return header(r.requestHeaders, "User-Agent") ?? "-"
        case "T": return String(r.durationMicros / 1_000_000)
        case "D": return String(r.durationMicros)
        case "M": return String(r.durationMicros / 1000)
        case "L":
            let micros = r.durationMicros % 1_000_000
            let fraction = String(micros)
            return "\(r.durationMicros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
        case "p": return "<\(getpid())>"
        default: return "-"
        }
    }
}

private func writeDescriptor(_ fd: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(fd, bytes, count)
}
