/// A page being rendered, as UTF-8 bytes: nodes append to it with a byte copy, without the
/// bookkeeping each append to a String costs, and escape straight into it.
public struct RenderBuffer {
    public internal(set) var bytes: [UInt8] = []

    public init() {}

    /// The text rendered so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func append(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: text.utf8) }
    }

    /// An Int in decimal, as `str()` writes it.
    mutating func append(decimal value: Int) {
        if value < 0 { bytes.append(0x2D) }
        var rest = value.magnitude
        var digits = 1
        var probe = rest / 10
        while probe > 0 { digits += 1; probe /= 10 }
        bytes.append(contentsOf: repeatElement(0x30, count: digits))
        var position = bytes.count - 1
        for _ in 0..<digits {
            bytes[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
            position -= 1
        }
    }

    /// Appends UTF-8 that is known to be valid (a TextNode's text).
    mutating func append(bytes utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
    }

    /// Django's `escape` of `text` (&, <, >, " and ' as entities) onto the end: runs of
    /// ordinary text are copied whole.
    public mutating func appendEscaped(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped(bytes: $0[...]) }
        guard done == nil else { return }
        for byte in text.utf8 {
            if Self.isSpecial(byte) { appendEntity(byte) } else { bytes.append(byte) }
        }
    }

    /// `appendEscaped` of UTF-8 bytes.
    mutating func appendEscaped(bytes source: Slice<UnsafeBufferPointer<UInt8>>) {
        var start = source.startIndex
        var index = start
        while index < source.endIndex {
            let byte = source[index]
            if Self.isSpecial(byte) {
                if start < index { bytes.append(contentsOf: source[start..<index]) }
                appendEntity(byte)
                start = index + 1
            }
            index += 1
        }
        if start < source.endIndex { bytes.append(contentsOf: source[start...]) }
    }

    /// `truncatechars` of ASCII text onto the end (escaped when `escaping`): false, having
    /// appended nothing, when the text is not ASCII or `length` is not positive.
    mutating func appendTruncatedASCII(_ text: String, _ length: Int, escaping: Bool) -> Bool {
        guard length > 0 else { return false }
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { source in
            guard !source.contains(where: { $0 >= 0x80 }) else { return false }
            let cut = source.count > length
            let kept = source[..<(cut ? length - 1 : source.count)]
            if escaping { appendEscaped(bytes: kept) } else { bytes.append(contentsOf: kept) }
            if cut { bytes.append(contentsOf: Truncator.ellipsis.utf8) }
            return true
        }
        return done ?? false
    }

    /// `upper` of ASCII text onto the end (escaped when `escaping`): false, having appended
    /// nothing, when the text is not ASCII.
    mutating func appendUppercasedASCII(_ text: String, escaping: Bool) -> Bool {
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { source in
            guard !source.contains(where: { $0 >= 0x80 }) else { return false }
            for byte in source {
                if escaping && Self.isSpecial(byte) {
                    appendEntity(byte)
                } else {
                    bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
                }
            }
            return true
        }
        return done ?? false
    }

    private mutating func appendEntity(_ byte: UInt8) {
        // Byte by byte: appending a literal's UTF-8 view costs several times more.
        bytes.append(0x26)  // &
        switch byte {
        case 0x26: bytes.append(0x61); bytes.append(0x6D); bytes.append(0x70)  // amp
        case 0x3C: bytes.append(0x6C); bytes.append(0x74)  // lt
        case 0x3E: bytes.append(0x67); bytes.append(0x74)  // gt
        case 0x22: bytes.append(0x71); bytes.append(0x75); bytes.append(0x6F); bytes.append(0x74)  // quot
        default: bytes.append(0x23); bytes.append(0x78); bytes.append(0x32); bytes.append(0x37)  // #x27
        }
        bytes.append(0x3B)  // ;
    }

    /// &, <, >, " and ': bits 0x26, 0x3C, 0x3E, 0x22 and 0x27 of one mask.
    @inline(__always) static func isSpecial(_ byte: UInt8) -> Bool {
        let mask: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x22 | 1 << 0x27
        return byte < 64 && mask & (1 << UInt64(byte)) != 0
    }
}
