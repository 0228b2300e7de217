/// Finding a key in a small `[String: Any]` (a row of a table) by comparing it with each key
/// instead of hashing it: hashing a String costs several times more than walking a handful of
/// entries. Two small strings (up to 15 bytes of UTF-8, held in the String value itself) are
/// equal exactly when their bits are; anything else is looked up the usual way.
struct SmallKey: Sendable, Equatable {
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

    /// The key again as a String (a small one owns no memory, so its bits are all of it).
    var string: String { unsafeBitCast((low, high), to: String.self) }

    /// Dictionaries up to this many entries are scanned.
    static let scanLimit = 8

    /// The value of this key in `dict`, or nil.
    @inline(__always) func value(in dict: [String: Any]) -> Any? {
        withUnsafePointer(to: DictionaryRow(dict)) { value(in: $0) }
    }

    /// The value of this key in `row`, or nil. (Read through the pointer at each step, so
    /// nothing of the row is copied.)
    @inline(__always) func value(in row: UnsafePointer<DictionaryRow>) -> Any? {
        guard row.pointee.dict.count <= Self.scanLimit else { return row.pointee.dict[string] }
        var index = row.pointee.keys.startIndex
        let end = row.pointee.keys.endIndex
        while index != end {
            let (low, high) = Self.bits(row.pointee.keys[index])
            if low == self.low && high == self.high { return row.pointee.values[index] }
            // A large key may still hold the same text: hash after all.
            if high & Self.smallFlag == 0 { return row.pointee.dict[string] }
            row.pointee.keys.formIndex(after: &index)
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

/// A dictionary with its keys and values views, made once: making a view copies the
/// dictionary (a retain and a release), which a loop's item would otherwise pay per field.
struct DictionaryRow {
    var dict: [String: Any]
    var keys: Dictionary<String, Any>.Keys
    var values: Dictionary<String, Any>.Values

    init(_ dict: [String: Any]) {
        self.dict = dict
        keys = dict.keys
        values = dict.values
    }
}

/// A two-part lookup (`row.name`, `forloop.counter`) whose parts are small strings, as bits:
/// what a loop's body asks of the loop's item or `forloop` without touching a String.
struct LookupPair: Sendable {
    let head: SmallKey
    let field: SmallKey
    let isForloop: Bool
    let loopKey: ForLoop.Key?

    init?(_ bits: [String]) {
        guard bits.count == 2, let head = SmallKey(bits[0]), let field = SmallKey(bits[1]) else { return nil }
        self.head = head
        self.field = field
        isForloop = bits[0] == "forloop"
        loopKey = ForLoop.Key(rawValue: bits[1])
    }
}
