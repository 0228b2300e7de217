/// Finding a key in a small `[String: Any]` (a row of a table) by comparing it with each key
/// instead of hashing it: hashing a String costs several times more than walking a handful of
/// entries. Two small strings (up to 15 bytes of UTF-8, held in the String value itself) are
/// equal exactly when their bits are; anything else is looked up the usual way.
struct SmallKey: Sendable {
    private let low: UInt64
    private let high: UInt64

    /// The bits of `key` when it is a small string (and the layout below holds), else nil.
    init?(_ key: String) {
        guard Self.layoutHolds else { return nil }
        let (low, high) = Self.bits(key)
        guard high & Self.smallFlag != 0 else { return nil }
        self.low = low
        self.high = high
    }

    /// Dictionaries up to this many entries are scanned.
    static let scanLimit = 8

    /// The value of this key in `dict`, or nil.
    @inline(__always) func value(in dict: borrowing [String: Any], _ key: String) -> Any? {
        guard dict.count <= Self.scanLimit else { return dict[key] }
        var index = dict.startIndex
        let end = dict.endIndex
        while index != end {
            let (low, high) = Self.bits(dict.keys[index])
            if low == self.low && high == self.high { return dict.values[index] }
            // A large key may still hold the same text: hash after all.
            if high & Self.smallFlag == 0 { return dict[key] }
            dict.formIndex(after: &index)
        }
        return nil
    }

    // A String is two words; a small one keeps its UTF-8 in them, zero-padded, with its count
    // and flags in the top byte, where bit 61 says it is small (swift/stdlib StringObject.swift).
    private static let smallFlag: UInt64 = 1 << 61

    @inline(__always) private static func bits(_ text: String) -> (UInt64, UInt64) {
        unsafeBitCast(text, to: (UInt64, UInt64).self)
    }

    /// Whether this platform's Strings are laid out as above, checked once on known values.
    private static let layoutHolds: Bool = {
        guard MemoryLayout<String>.size == 16 else { return false }
        let short = bits("name"), built = bits(String("nam".reversed()).reversed() + "e")
        let long = bits(String(repeating: "a longer key ", count: 4))
        return short == built && short.1 & smallFlag != 0 && long.1 & smallFlag == 0 && bits("namf") != short
    }()
}
