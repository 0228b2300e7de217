/// Character classes of RFC 9110/9112 as one lookup table, so the parser tests a byte with one load.
enum ByteClass {
    static let token: UInt8 = 1        // tchar
    static let fieldValue: UInt8 = 2   // VCHAR / obs-text / SP / HTAB
    static let target: UInt8 = 4       // visible ASCII: what a request-target may hold on the wire
    static let hex: UInt8 = 8
    static let digit: UInt8 = 16
    static let whitespace: UInt8 = 32  // SP / HTAB
    static let host: UInt8 = 64        // uri-host [":" port]: unreserved, pct-encoded, sub-delims, ":", "[", "]"

    /// The table in immortal memory: the scanner reads it through a bare pointer, with no
    /// reference counting or bounds checks on the hot path. Written once, never mutated.
    nonisolated(unsafe) static let pointer: UnsafePointer<UInt8> = {
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        storage.initialize(from: table, count: 256)
        return UnsafePointer(storage)
    }()

    static let table: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        var c: UInt8 = 0
        let tcharPunctuation = Array("!#$%&'*+-.^_`|~".utf8)
        let isAlpha = (65...90).contains(b) || (97...122).contains(b)
        let isDigit = (48...57).contains(b)
        if isAlpha || isDigit || tcharPunctuation.contains(UInt8(b)) { c |= token }
        if b == 9 || (32...126).contains(b) || b >= 128 { c |= fieldValue }
        if (33...126).contains(b) { c |= target }
        if isDigit || (65...70).contains(b) || (97...102).contains(b) { c |= hex }
        if isDigit { c |= digit }
        if b == 9 || b == 32 { c |= whitespace }
        if isAlpha || isDigit || Array("-._~%!$&'()*+,;=:[]".utf8).contains(UInt8(b)) { c |= host }
        return c
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let sp = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// ASCII lowercase of a letter; other bytes unchanged.
    var asciiLowercased: UInt8 { (65...90).contains(self) ? self | 0x20 : self }
}
