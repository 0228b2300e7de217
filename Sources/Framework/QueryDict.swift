import Foundation

/// QueryDict: Django's multi-value dictionary for query strings and form bodies. Keys keep the
/// order they first appeared in; `self[key]` is the last value, as in Django; `list(key)` all.
public struct QueryDict: Sendable, Equatable, CustomStringConvertible {
    public private(set) var lists: [(key: String, values: [String])] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (key, value) in pairs { append(key, value) }
    }

    /// Parses `a=1&b=2&b=3` as Python's `parse_qsl(keep_blank_values=True)` does: `+` is a space,
    /// percent escapes are UTF-8 (invalid bytes become U+FFFD), a field without `=` has an empty
    /// value. More fields than `maxFields` throws TooManyFieldsSent; as in Python, empty fields
    /// count too (`1 + number of "&"`).
    public init(parsing query: String, maxFields: Int? = nil) throws {
        if let maxFields, !query.isEmpty, 1 + query.utf8.count(where: { $0 == UInt8(ascii: "&") }) > maxFields {
            throw TooManyFieldsSent()
        }
        let fields = query.split(separator: "&", omittingEmptySubsequences: true)
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            append(Self.unquotePlus(parts[0]), parts.count > 1 ? Self.unquotePlus(parts[1]) : "")
        }
    }

    public static func == (lhs: QueryDict, rhs: QueryDict) -> Bool {
        lhs.lists.map(\.key) == rhs.lists.map(\.key) && lhs.lists.map(\.values) == rhs.lists.map(\.values)
    }

    public mutating func append(_ key: String, _ value: String) {
        if let index = lists.firstIndex(where: { $0.key == key }) {
            lists[index].values.append(value)
        } else {
            lists.append((key, [value]))
        }
    }

    /// The last value for `key` (Django's `__getitem__` / `get`); setting replaces every value.
    public subscript(key: String) -> String? {
        get { lists.first { $0.key == key }?.values.last }
        set {
            guard let newValue else { return lists.removeAll { $0.key == key } }
            if let index = lists.firstIndex(where: { $0.key == key }) {
                lists[index].values = [newValue]
            } else {
                lists.append((key, [newValue]))
            }
        }
    }

    /// Every value for `key` (Django's `getlist`).
    public func list(_ key: String) -> [String] { lists.first { $0.key == key }?.values ?? [] }

    public var keys: [String] { lists.map(\.key) }
    public var isEmpty: Bool { lists.isEmpty }
    public var count: Int { lists.count }
    public func contains(_ key: String) -> Bool { lists.contains { $0.key == key } }

    /// `urlencode()`: every value, in order, percent-encoded as Python's `urlencode` does; with
    /// `safe` characters, as Django's `quote(…, safe)` does (a space is then `%20`).
    public func urlencode(safe: String = "") -> String {
        let encode = { (text: String) in Self.percentEncoded(text, safe: safe, spaceAsPlus: safe.isEmpty) }
        return lists.flatMap { key, values in values.map { "\(encode(key))=\(encode($0))" } }
            .joined(separator: "&")
    }

    public var description: String {
        "<QueryDict: {" + lists.map { "'\($0.key)': [" + $0.values.map { "'\($0)'" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "}>"
    }

    /// `unquote_plus`: `+` → space, `%XX` → byte, bytes decoded as UTF-8 with replacement.
    public static func unquotePlus<S: StringProtocol>(_ text: S) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      iterator.prefix(2).allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                      let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `quote_plus`: letters, digits and `_.-~` stay, space becomes `+`, the rest `%XX` of UTF-8.
    public static func quotePlus(_ text: String, safe: String = "") -> String {
        percentEncoded(text, safe: safe, spaceAsPlus: true)
    }

    static func percentEncoded(_ text: String, safe: String, spaceAsPlus: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus: out += "+"
            case _ where byte < 0x80 && safe.utf8.contains(byte): out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

/// `django.http.cookie.parse_cookie`: a Cookie header into a dictionary, as browsers send it.
public func parseCookie(_ header: String) -> [String: String] {
    var cookies: [String: String] = [:]
    for chunk in header.split(separator: ";", omittingEmptySubsequences: false) {
        let parts = chunk.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let (key, value) = parts.count == 2
            ? (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            : ("", chunk.trimmingCharacters(in: .whitespaces))
        if !key.isEmpty || !value.isEmpty { cookies[key] = unquoteCookie(value) }
    }
    return cookies
}

/// `http.cookies._unquote`: a quoted value loses its quotes and its backslash escapes.
func unquoteCookie(_ value: String) -> String {
    guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
    var out: [UInt8] = []
    var bytes = Array(value.utf8.dropFirst().dropLast())[...]
    while let byte = bytes.popFirst() {
        guard byte == UInt8(ascii: "\\"), let next = bytes.first else { out.append(byte); continue }
        if (0x30...0x33).contains(next), bytes.count >= 3, let octal = UInt8(String(decoding: bytes.prefix(3), as: UTF8.self), radix: 8) {
            out.append(octal)
            bytes = bytes.dropFirst(3)
        } else {
            out.append(next)
            bytes = bytes.dropFirst()
        }
    }
    return String(decoding: out, as: UTF8.self)
}
