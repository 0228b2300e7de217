/// Finding a key in a small `[String: Any]` (a row of a table) by comparing it with each key
/// instead of hashing it: hashing a String costs several times more than walking a handful of
/// entries. Two small strings (up to 15 bytes of UTF-8, held in the String value itself) are
/// equal exactly when their bits are; anything else is looked up the usual way.
import Foundation
import Synchronization

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
    /// Set with `smallFlag` when a small string is all ASCII.
    private static let asciiFlag: UInt64 = 1 << 62

    /// `a == b`, answered from the strings' bits when that is certain: the same bits are the
    /// same string, and two ASCII strings differ when their counts do or when both are small
    /// (ASCII text is canonically equivalent only to itself). Anything else is compared by `==`.
    /// `layout` is `SmallKey.layout`, asked once by the caller before it reads any string (so
    /// no string is retained around the first, out-of-line, check of it).
    @inline(__always) static func same(_ a: String, _ b: String, layout: Bool) -> Bool {
        let x = bits(a), y = bits(b)
        if x == y { return true }
        let (xCount, yCount) = (asciiCount(x), asciiCount(y))
        if xCount >= 0 && yCount >= 0 && layout {
            if xCount != yCount { return false }
            if x.1 & y.1 & smallFlag != 0 { return false }
            // Two ASCII strings of one length: equal exactly when their bytes are.
            if let equal = a.utf8.withContiguousStorageIfAvailable({ first in
                b.utf8.withContiguousStorageIfAvailable { second in
                    memcmp(first.baseAddress.unsafelyUnwrapped, second.baseAddress.unsafelyUnwrapped, xCount) == 0
                }
            }), let equal { return equal }
        }
        return a == b
    }

    /// The UTF-8 count of a small or native ASCII string, from its bits; -1 for any other.
    /// (A large string's low word holds its count and flags, the top bit saying ASCII, when
    /// its high word's top four bits are clear (native) or only the top one is set (immortal).)
    @inline(__always) private static func asciiCount(_ bits: (UInt64, UInt64)) -> Int {
        if bits.1 & (smallFlag | asciiFlag) == smallFlag | asciiFlag { return Int(truncatingIfNeeded: (bits.1 >> 56) & 0xF) }
        if bits.1 & (0x7 << 60) == 0 && bits.0 & (1 << 63) != 0 { return Int(truncatingIfNeeded: bits.0 & 0xFFFF_FFFF_FFFF) }
        return -1
    }

    @inline(__always) private static func bits(_ text: String) -> (UInt64, UInt64) {
        unsafeBitCast(text, to: (UInt64, UInt64).self)
    }

    /// Whether this platform's Strings are laid out as above, checked once on known values
    /// (read with one load: a lazily made `static let` would cost a call to the runtime's
    /// once-check, around which the compiler retains the strings being compared).
    @inline(__always) static var layout: Bool { layoutHolds }

    @inline(__always) private static var layoutHolds: Bool { LayoutAssumption.holds(layoutState) { layoutCheck } }

    /// `LayoutAssumption`'s state for `layoutCheck`.
    private static let layoutState = Atomic<UInt8>(0)

    private static var layoutCheck: Bool {
        guard MemoryLayout<String>.size == 16 else { return false }
        let short = bits("name"), built = bits(String("nam".reversed()).reversed() + "e")
        let long = bits(String(repeating: "a longer key ", count: 4))
        return short == built && short.1 & smallFlag != 0 && long.1 & smallFlag == 0 && bits("namf") != short
            && short.1 & asciiFlag != 0 && bits("é").1 & (smallFlag | asciiFlag) == smallFlag
            && asciiCount(short) == 4 && asciiCount(long) == 52 && asciiCount(bits(String(repeating: "é", count: 10))) == -1
            && asciiCount(bits("an immortal literal key")) == 23
    }
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
