import Gateway
import NIOCore
import Wire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The head of one response as it goes on the wire: the application's status and headers less
/// the hop-by-hop ones the server decides on, then the framing, `Server`, `Date` and `Connection`
/// fields the server adds.
///
/// It is written in one pass into the outbound buffer, straight from the application's strings;
/// the list of fields sent is rebuilt only when the access log asks for it.
struct ResponseHead {
    enum Framing {
        case none
        case contentLength(Int)
        case chunked
    }

    enum ConnectionField {
        case none, close, keepAlive
    }

    var version: HTTPVersion
    var status: String
    /// As the application gave them, hop-by-hop fields included (they are skipped when written).
    var applicationHeaders: [ResponseHeader]
    var framing = Framing.none
    var server: String?
    var date: String?
    var connection = ConnectionField.none

    init(version: HTTPVersion, status: String, applicationHeaders: [ResponseHeader]) {
        self.version = version
        self.status = status
        self.applicationHeaders = applicationHeaders
    }

    /// Whether an application header is passed on (Connection and Keep-Alive are the server's).
    static func passes(_ kind: HopHeader) -> Bool {
        kind != .connection && kind != .keepAlive
    }

    /// The fields as sent, in order (for the access log's `%({name}o)s`).
    var fields: [ResponseHeader] {
        var fields = applicationHeaders.filter { Self.passes(HopHeader($0.name)) }
        switch framing {
        case .none: break
        case .contentLength(let length): fields.append(("Content-Length", String(length)))
        case .chunked: fields.append(("Transfer-Encoding", "chunked"))
        }
        if let server { fields.append(("Server", server)) }
        if let date { fields.append(("Date", date)) }
        switch connection {
        case .none: break
        case .close: fields.append(("Connection", "close"))
        case .keepAlive: fields.append(("Connection", "keep-alive"))
        }
        return fields
    }

    /// An upper bound of the bytes ``write(to:)`` appends.
    var size: Int {
        var size = 9 + status.utf8.count + 2 + 2
        for index in applicationHeaders.indices {
            size += applicationHeaders[index].name.utf8.count + applicationHeaders[index].value.utf8.count + 4
        }
        switch framing {
        case .none: break
        case .contentLength: size += 16 + 20 + 2
        case .chunked: size += 28
        }
        if let server { size += 8 + server.utf8.count + 2 }
        if let date { size += 6 + date.utf8.count + 2 }
        size += 24
        return size
    }

    /// Appends the status line and the header lines. Native strings are latin-1 on the wire: in
    /// the common all-ASCII case the UTF-8 bytes are copied as they are, in one reserved region.
    func write(to buffer: inout ByteBuffer) {
        let written = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
            var writer = RawWriter(base: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            writeFields(&writer)
            return writer.isASCII ? writer.count : 0
        }
        if written == 0 {
            // A character above U+007F: converted to latin-1 field by field (rare).
            var writer = ArrayWriter()
            writeFields(&writer)
            buffer.writeBytes(writer.bytes)
        }
    }

    private func writeFields<W: HeadWriter>(_ out: inout W) {
        out.put(version == .http10 ? "HTTP/1.0 " : "HTTP/1.1 ")
        out.put(status)
        out.put("\r\n")
        for index in applicationHeaders.indices where Self.passes(HopHeader(applicationHeaders[index].name)) {
            out.put(applicationHeaders[index].name)
            out.put(": ")
            out.put(applicationHeaders[index].value)
            out.put("\r\n")
        }
        switch framing {
        case .none: break
        case .contentLength(let length):
            out.put("Content-Length: ")
            out.putDecimal(length)
            out.put("\r\n")
        case .chunked: out.put("Transfer-Encoding: chunked\r\n")
        }
        if let server {
            out.put("Server: ")
            out.put(server)
            out.put("\r\n")
        }
        if let date {
            out.put("Date: ")
            out.put(date)
            out.put("\r\n")
        }
        switch connection {
        case .none: break
        case .close: out.put("Connection: close\r\n")
        case .keepAlive: out.put("Connection: keep-alive\r\n")
        }
        out.put("\r\n")
    }
}

/// Where a head is written: raw reserved memory (the fast path) or an array (latin-1 conversion).
protocol HeadWriter {
    mutating func put(_ text: StaticString)
    mutating func put(_ text: String)
    mutating func putDecimal(_ value: Int)
}

/// Writes into memory reserved for the whole head.
struct RawWriter: HeadWriter {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func put(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        (base + count).update(from: text.utf8Start, count: length)
        count += length
    }

    @inline(__always)
    mutating func put(_ text: String) {
        let start = count
        let copied: Int? = text.utf8.withContiguousStorageIfAvailable { source in
            guard let from = source.baseAddress else { return 0 }
            (base + start).update(from: from, count: source.count)
            return source.count
        }
        if let copied {
            count += copied
        } else {
            for byte in text.utf8 {
                base[count] = byte
                count += 1
            }
        }
    }

    /// Whether every byte written is below 0x80, eight at a time.
    var isASCII: Bool {
        var index = 0
        var mask: UInt64 = 0
        while index + 8 <= count {
            mask |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < count {
            mask |= UInt64(base[index])
            index += 1
        }
        return mask & 0x8080_8080_8080_8080 == 0
    }

    mutating func putDecimal(_ value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var rest = value.magnitude
        var used = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[19 - used] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                used += 1
            } while rest > 0
            (base + count).update(from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + 20 - used, count: used)
        }
        count += used
    }
}

/// Collects a head converted to latin-1, for values holding characters above U+007F.
struct ArrayWriter: HeadWriter {
    var bytes: [UInt8] = []

    mutating func put(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func put(_ text: String) {
        bytes.append(contentsOf: Latin1.bytes(text) ?? Array(text.utf8))
    }

    mutating func putDecimal(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }
}

/// The response headers the server itself decides on, recognised without allocating.
enum HopHeader {
    case connection, keepAlive, framing, date, server, other

    init(_ name: String) {
        self = name.utf8.withContiguousStorageIfAvailable(Self.classify) ?? Array(name.utf8).withUnsafeBufferPointer(Self.classify)
    }

    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> HopHeader {
        func equals(_ expected: StaticString) -> Bool {
            guard bytes.count == expected.utf8CodeUnitCount else { return false }
            let other = expected.utf8Start
            for i in 0..<bytes.count where bytes[i] | 0x20 != other[i] | 0x20 { return false }
            return true
        }
        switch bytes.count {
        case 4: return equals("date") ? .date : .other
        case 6: return equals("server") ? .server : .other
        case 10: return equals("connection") ? .connection : equals("keep-alive") ? .keepAlive : .other
        case 14: return equals("content-length") ? .framing : .other
        case 17: return equals("transfer-encoding") ? .framing : .other
        default: return .other
        }
    }
}
