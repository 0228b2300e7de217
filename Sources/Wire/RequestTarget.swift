import Gateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request-target split the way the environ needs it: PATH_INFO percent-decoded into a latin-1
/// native string, QUERY_STRING as sent, and the authority of an absolute-form target.
/// Works on the target's bytes, since this runs for every request.
struct RequestTarget {
    var pathInfo = ""
    var queryString = ""
    var authority: String?

    init(_ raw: String, method: String) {
        var raw = raw
        self = raw.withUTF8 { bytes in RequestTarget(bytes, method: method) }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, method: String) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int {
            guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return to }
            return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
        }
        let end = find(UInt8(ascii: "#"), 0, bytes.count)
        var start = 0
        if bytes[0] != UInt8(ascii: "/") {
            let text = Latin1.string(buffer: UnsafeBufferPointer(rebasing: bytes[0..<end]))
            guard TargetURL.isAbsolute(text) else { return }  // "*" or CONNECT's authority-form: no path
            let authorityStart = find(UInt8(ascii: ":"), 0, end) + 3
            var authorityEnd = authorityStart
            while authorityEnd < end, bytes[authorityEnd] != UInt8(ascii: "/"), bytes[authorityEnd] != UInt8(ascii: "?") {
                authorityEnd += 1
            }
            authority = Latin1.string(buffer: UnsafeBufferPointer(rebasing: bytes[authorityStart..<authorityEnd]))
            start = authorityEnd
        }
        let query = find(UInt8(ascii: "?"), start, end)
        pathInfo = start == query ? "/" : Self.percentDecoded(UnsafeBufferPointer(rebasing: bytes[start..<query]))
        if query < end {
            queryString = Latin1.string(buffer: UnsafeBufferPointer(rebasing: bytes[(query + 1)..<end]))
        }
    }

    /// `%XX` decoded to bytes, which become scalars U+0000–U+00FF; a stray `%` stays as it is.
    static func percentDecoded(_ path: UnsafeBufferPointer<UInt8>) -> String {
        guard path.contains(UInt8(ascii: "%")) else { return Latin1.string(buffer: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.count)
        var i = 0
        while i < path.count {
            if path[i] == UInt8(ascii: "%"), i + 2 < path.count, let high = hexValue(path[i + 1]), let low = hexValue(path[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(path[i])
                i += 1
            }
        }
        return Latin1.string(bytes)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
