/// A page being rendered, as UTF-8 bytes: nodes append to it with a byte copy, without the
/// bookkeeping each append to a String costs, and escape straight into it.
public struct RenderBuffer {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The text rendered so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func append(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: text.utf8) }
    }

    /// Appends UTF-8 that is known to be valid (a TextNode's text).
    mutating func append(bytes utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

    /// Django's `escape` of `text` (&, <, >, " and ' as entities) onto the end: runs of
    /// ordinary text are copied whole.
    public mutating func appendEscaped(_ text: String) {
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { source in
            var start = 0
            var index = 0
            while index < source.count {
                let byte = source[index]
                if Self.isSpecial(byte) {
                    if start < index { bytes.append(contentsOf: source[start..<index]) }
                    appendEntity(byte)
                    start = index + 1
                }
                index += 1
            }
            if start < source.count { bytes.append(contentsOf: source[start...]) }
            return true
        }
        guard done == nil else { return }
        for byte in text.utf8 {
            if Self.isSpecial(byte) { appendEntity(byte) } else { bytes.append(byte) }
        }
    }

    private mutating func appendEntity(_ byte: UInt8) {
        switch byte {
        case 0x26: bytes.append(contentsOf: "&amp;".utf8)
        case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
        case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
        case 0x22: bytes.append(contentsOf: "&quot;".utf8)
        default: bytes.append(contentsOf: "&#x27;".utf8)
        }
    }

    @inline(__always) static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
}
