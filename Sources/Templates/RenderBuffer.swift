/// A page being rendered, as UTF-8 bytes: nodes append to it with a byte copy, without the
/// bookkeeping each append to a String (or to an Array) costs, and escape straight into it.
///
/// The bytes live in memory of the buffer's own, written through a pointer; a copy of a
/// buffer shares that memory until either copy appends, which first moves to memory of its
/// own (as an Array copies on write).
public struct RenderBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    /// How many bytes have been rendered.
    public private(set) var count = 0
    private var capacity = 0
    /// Frees the memory once no buffer uses it.
    private var owner: Owner?

    private final class Owner {
        let base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }

    public init() {}

    /// The bytes rendered so far.
    public var bytes: [UInt8] { Array(buffer) }

    private var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The text rendered so far.
    public var string: String { count == 0 ? "" : String(decoding: buffer, as: UTF8.self) }

    /// Room for `extra` more bytes: where they go. The caller writes them and adds to `count`.
    @inline(__always) private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(count + extra > capacity || !isKnownUniquelyReferenced(&owner)) { grow(extra) }
        return base.unsafelyUnwrapped + count
    }

    @inline(never) private mutating func grow(_ extra: Int) {
        // (A page is seldom under 1 KB: one allocation of that size serves most pages whole.)
        let newCapacity = Swift.max(count + extra, capacity * 2, 1024)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let base, count > 0 { newBase.initialize(from: base, count: count) }
        base = newBase
        capacity = newCapacity
        owner = Owner(newBase)
    }

    /// Appends bytes known to be valid UTF-8 (a TextNode's text).
    @inline(__always) mutating func append(bytes utf8: UnsafeBufferPointer<UInt8>) {
        guard let source = utf8.baseAddress, utf8.count > 0 else { return }
        reserve(utf8.count).initialize(from: source, count: utf8.count)
        count += utf8.count
    }

    /// Appends one byte.
    @inline(__always) mutating func append(byte: UInt8) {
        reserve(1).initialize(to: byte)
        count += 1
    }

    public mutating func append(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: $0) }
        if copied == nil { for byte in text.utf8 { append(byte: byte) } }
    }

    /// An Int in decimal, as `str()` writes it.
    mutating func append(decimal value: Int) {
        append(fixed: value, places: 0)
    }

    /// `integer / 10^places` with `places` decimals ("-" only when it is not zero), as
    /// `floatformat` writes a float it has scaled; `places` 0 is an Int in decimal.
    mutating func append(fixed integer: Int, places: Int) {
        var rest = integer.magnitude
        var digits = 1
        var probe = rest / 10
        while probe > 0 { digits += 1; probe /= 10 }
        let total = Swift.max(digits, places + 1)
        let length = total + (places > 0 ? 1 : 0) + (integer < 0 ? 1 : 0)
        let start = reserve(length)
        if integer < 0 { start.initialize(to: 0x2D) }
        var position = start + length - 1
        for index in 0..<total {
            if index == places && places > 0 { position.initialize(to: 0x2E); position -= 1 }
            position.initialize(to: UInt8(truncatingIfNeeded: 0x30 + rest % 10))
            rest /= 10
            position -= 1
        }
        count += length
    }

    /// Django's `escape` of `text` (&, <, >, " and ' as entities) onto the end: runs of
    /// ordinary text are copied whole.
    public mutating func appendEscaped(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped(bytes: $0[...]) }
        guard done == nil else { return }
        for byte in text.utf8 {
            if Self.isSpecial(byte) { appendEntity(byte) } else { append(byte: byte) }
        }
    }

    /// Valid UTF-8 onto the end, escaped (as `appendEscaped`) when `escaping`.
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>, escaping: Bool) {
        escaping ? appendEscaped(bytes: bytes[...]) : append(bytes: bytes)
    }

    /// `appendEscaped` of UTF-8 bytes: room for the worst case is made once, then the bytes
    /// are written straight into it.
    mutating func appendEscaped(bytes source: Slice<UnsafeBufferPointer<UInt8>>) {
        guard !source.isEmpty else { return }
        let start = reserve(source.count * 6)
        var out = start
        var index = source.startIndex
        var run = index
        let bytes = source.base.baseAddress.unsafelyUnwrapped
        while index < source.endIndex {
            // Eight bytes at a time while none of them is special.
            if source.endIndex - index >= 8, !Self.hasSpecial(UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if Self.isSpecial(byte) {
                if run < index {
                    out.initialize(from: source.base.baseAddress.unsafelyUnwrapped + run, count: index - run)
                    out += index - run
                }
                out = Self.writeEntity(byte, at: out)
                run = index + 1
            }
            index += 1
        }
        if run < index {
            out.initialize(from: source.base.baseAddress.unsafelyUnwrapped + run, count: index - run)
            out += index - run
        }
        count += out - start
    }

    /// `truncatechars` of ASCII text onto the end (escaped when `escaping`): false, having
    /// appended nothing, when the text is not ASCII or `length` is not positive.
    mutating func appendTruncatedASCII(_ text: String, _ length: Int, escaping: Bool) -> Bool {
        guard length > 0 else { return false }
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { source in
            guard Self.isASCII(source) else { return false }
            let cut = source.count > length
            let kept = source[..<(cut ? length - 1 : source.count)]
            if escaping { appendEscaped(bytes: kept) } else { append(bytes: UnsafeBufferPointer(rebasing: kept)) }
            if cut { appendEllipsis() }
            return true
        }
        return done ?? false
    }

    /// "…" (U+2026), as `truncatechars` ends a cut text.
    private mutating func appendEllipsis() {
        let out = reserve(3)
        out[0] = 0xE2
        out[1] = 0x80
        out[2] = 0xA6
        count += 3
    }

    /// `upper` of ASCII text onto the end (escaped when `escaping`): false, having appended
    /// nothing, when the text is not ASCII.
    mutating func appendUppercasedASCII(_ text: String, escaping: Bool) -> Bool {
        let done: Bool? = text.utf8.withContiguousStorageIfAvailable { source in
            guard Self.isASCII(source) else { return false }
            guard !source.isEmpty else { return true }
            let start = reserve(source.count * (escaping ? 6 : 1))
            var out = start
            for byte in source {
                if escaping && Self.isSpecial(byte) {
                    out = Self.writeEntity(byte, at: out)
                } else {
                    out.initialize(to: byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
                    out += 1
                }
            }
            count += out - start
            return true
        }
        return done ?? false
    }

    private mutating func appendEntity(_ byte: UInt8) {
        let start = reserve(6)
        count += Self.writeEntity(byte, at: start) - start
    }

    /// Writes the entity of a special byte at `out` (which has room for six bytes) and
    /// returns where it ends.
    @inline(__always) private static func writeEntity(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out[0] = 0x26  // &
        switch byte {
        case 0x26: out[1] = 0x61; out[2] = 0x6D; out[3] = 0x70; out[4] = 0x3B; return out + 5  // amp;
        case 0x3C: out[1] = 0x6C; out[2] = 0x74; out[3] = 0x3B; return out + 4  // lt;
        case 0x3E: out[1] = 0x67; out[2] = 0x74; out[3] = 0x3B; return out + 4  // gt;
        case 0x22: out[1] = 0x71; out[2] = 0x75; out[3] = 0x6F; out[4] = 0x74; out[5] = 0x3B; return out + 6  // quot;
        default: out[1] = 0x23; out[2] = 0x78; out[3] = 0x32; out[4] = 0x37; out[5] = 0x3B; return out + 6  // #x27;
        }
    }

    /// Whether all bytes are below 0x80, eight at a time.
    @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var any: UInt64 = 0
        while index + 8 <= bytes.count {
            any |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            any |= UInt64(base[index])
            index += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }

    /// &, <, >, " and ': bits 0x26, 0x3C, 0x3E, 0x22 and 0x27 of one mask.
    /// Whether any of a word's eight bytes is one `isSpecial` accepts (each tested for being
    /// zero after an exclusive or with the special byte: exact for "any", whichever byte it is).
    @inline(__always) static func hasSpecial(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func anyZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & 0x8080_8080_8080_8080 }
        return (anyZero(word ^ (ones &* 0x26)) | anyZero(word ^ (ones &* 0x3C)) | anyZero(word ^ (ones &* 0x3E))
            | anyZero(word ^ (ones &* 0x22)) | anyZero(word ^ (ones &* 0x27))) != 0
    }

    @inline(__always) static func isSpecial(_ byte: UInt8) -> Bool {
        let mask: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x22 | 1 << 0x27
        return byte < 64 && mask & (1 << UInt64(byte)) != 0
    }
}
