import Foundation

/// Python's semantics for the filters: `str()` conversions, string methods (`center`,
/// `split`, `title`), ordering for `sorted`, slicing, percent-quoting and HTML unescaping,
/// all working on Unicode code points as Python's str does.
enum Py {
    /// `str(value)`: what a `@stringfilter` receives.
    static func str(_ value: Any?) -> String { Value.string(value) }

    /// Whether the value is SafeData.
    static func isSafe(_ value: Any?) -> Bool { Value.unwrap(value) is SafeString }

    /// The text of the value, keeping safe input safe (what a filter returns unchanged).
    static func same(_ value: Any?, _ text: String) -> Any { isSafe(value) ? SafeString(text) : text }

    /// `int(x)`: ints, floats (truncated), bools and strings that read as ints.
    static func int(_ value: Any?) -> Int? {
        guard let value = Value.unwrap(value) else { return nil }
        if case .other = ValueKind(value), let decimal = value as? Decimal {
            var truncated = Decimal()
            var source = decimal
            NSDecimalRound(&truncated, &source, 0, decimal < 0 ? .up : .down)
            return Int(exactly: NSDecimalNumber(decimal: truncated).doubleValue)
        }
        return Value.integer(value)
    }

    /// `float(x)`: numbers and strings that read as floats ("inf", "nan" and "1e5" included).
    static func float(_ value: Any?) -> Double? {
        switch Value.unwrap(value) {
        case let decimal as Decimal: return NSDecimalNumber(decimal: decimal).doubleValue
        case let text as String: return parseFloat(text)
        case let safe as SafeString: return parseFloat(safe.value)
        default: return Value.number(value)
        }
    }

    private static func parseFloat(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.lowercased().contains("x") { return nil }  // Swift reads hex floats, Python does not
        return Double(trimmed.replacingOccurrences(of: "_", with: ""))
    }

    /// `len(x)`, or nil for values without a length (TypeError).
    static func len(_ value: Any?) -> Int? {
        switch Value.unwrap(value) {
        case let text as String: return text.unicodeScalars.count
        case let safe as SafeString: return safe.value.unicodeScalars.count
        case let array as [Any]: return array.count
        case let dict as [String: Any]: return dict.count
        case let dict as TemplateDictionary: return dict.count
        default: return nil
        }
    }

    /// Iterating the value (`for x in value`): list items, dict keys, string characters.
    static func iterate(_ value: Any?) -> [Any]? {
        if let text = Value.text(value) { return text.unicodeScalars.map { String($0) } }
        return Value.list(value)
    }

    /// Python whitespace, as `str.split()` and `str.strip()` see it.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// `str.split()`: runs of whitespace separate, none empty.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !current.isEmpty { words.append(String(current)); current = .init() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    static func padding(_ count: Int) -> String { String(repeating: " ", count: max(0, count)) }

    static func ljust(_ text: String, _ width: Int) -> String { text + padding(width - text.unicodeScalars.count) }
    static func rjust(_ text: String, _ width: Int) -> String { padding(width - text.unicodeScalars.count) + text }

    /// `str.center(width)`: the extra space goes left when both the margin and width are odd.
    /// `f"{text:^{width}}"` (Django 6's center): an odd margin leaves the extra space on the
    /// right.
    static func formatCenter(_ text: String, _ width: Int) -> String {
        let margin = width - text.unicodeScalars.count
        guard margin > 0 else { return text }
        return padding(margin / 2) + text + padding(margin - margin / 2)
    }

    static func isCased(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || scalar.properties.isLowercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// `str.title()`: the first cased character after an uncased one is title-cased, the rest
    /// lower-cased.
    static func title(_ text: String) -> String {
        var out = ""
        var previousCased = false
        for scalar in text.unicodeScalars {
            if isCased(scalar) {
                out += previousCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping
                previousCased = true
            } else {
                out.unicodeScalars.append(scalar)
                previousCased = false
            }
        }
        return out
    }

    /// Python's ordering for `sorted`: numbers with numbers, strings by code point, lists
    /// item by item, dates; nil (TypeError) for anything else.
    static func compare(_ a: Any?, _ b: Any?) -> ComparisonResult? {
        let a = Value.unwrap(a), b = Value.unwrap(b)
        if a is String || a is SafeString || b is String || b is SafeString {
            guard let x = Value.text(a), let y = Value.text(b) else { return nil }
            for (p, q) in zip(x.unicodeScalars, y.unicodeScalars) where p != q {
                return p.value < q.value ? .orderedAscending : .orderedDescending
            }
            return order(x.unicodeScalars.count, y.unicodeScalars.count)
        }
        if let x = a as? Date, let y = b as? Date { return order(x, y) }
        if let x = a as? [Any], let y = b as? [Any] {
            for (p, q) in zip(x, y) where !Value.equal(p, q) { return compare(p, q) }
            return order(x.count, y.count)
        }
        guard a is Int || a is Double || a is Bool || a is Decimal, b is Int || b is Double || b is Bool || b is Decimal,
              let x = float(a), let y = float(b) else { return nil }
        return order(x, y)
    }

    static func order<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult {
        x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
    }

    /// The indices `sequence[start:stop:step]` takes from a sequence of `count` items.
    static func sliceIndices(count: Int, start: Int?, stop: Int?, step: Int?) -> [Int]? {
        let step = step ?? 1
        guard step != 0 else { return nil }  // ValueError
        func clamp(_ index: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard var i = index else { return fallback }
            if i < 0 { i += count }
            return min(max(i, low), high)
        }
        if step > 0 {
            let from = clamp(start, 0, low: 0, high: count), to = clamp(stop, count, low: 0, high: count)
            return from < to ? Array(stride(from: from, to: to, by: step)) : []
        }
        let from = clamp(start, count - 1, low: -1, high: count - 1), to = clamp(stop, -1, low: -1, high: count - 1)
        return from > to ? Array(stride(from: from, to: to, by: step)) : []
    }

    /// `urllib.parse.quote(text, safe)`: UTF-8 bytes percent-encoded, except letters, digits,
    /// `_.-~` and the characters of `safe`.
    static func quote(_ text: String, safe: String = "/", plus: Bool = false) -> String {
        let safeBytes = Set(safe.utf8)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where plus: out += "+"
            default:
                if safeBytes.contains(byte) && byte < 128 {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += String(format: "%%%02X", byte)
                }
            }
        }
        return out
    }

    /// `urllib.parse.unquote`: `%XX` sequences decoded as UTF-8 (invalid bytes replaced).
    static func unquote(_ text: String, plus: Bool = false) -> String {
        guard text.contains("%") || (plus && text.contains("+")) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
               let byte = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                i += 3
            } else {
                bytes.append(plus && utf8[i] == UInt8(ascii: "+") ? UInt8(ascii: " ") : utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The HTML 4 Latin-1 entity names, for U+00A0 to U+00FF in order.
    static let latin1Entities = """
        nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 \
        acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde \
        Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc \
        Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml \
        aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc \
        otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
        """.split(separator: " ")

    static let entities: [String: String] = {
        var table = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "hellip": "\u{2026}", "mdash": "\u{2014}",
            "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
            "euro": "\u{20AC}", "trade": "\u{2122}", "bull": "\u{2022}",
            "AMP": "&", "LT": "<", "GT": ">", "QUOT": "\"", "COPY": "\u{A9}", "REG": "\u{AE}",
        ]
        for (offset, name) in latin1Entities.enumerated() {
            table[String(name)] = String(Unicode.Scalar(UInt8(0xA0 + offset)))
        }
        return table
    }()

    /// The entities HTML5 also reads without their ";" (`&amp`, `&copy`), which Python's
    /// html.unescape takes as the longest such prefix of a name.
    static let legacyEntities: Set<String> = Set(latin1Entities.map(String.init) + ["amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT", "COPY", "REG"])

    /// `html.unescape` for numeric references and the common named entities, with or without
    /// their ";" as Python reads them.
    static func htmlUnescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            if rest.first == "#" {
                // &#39; &#x27; (the ";" may be missing).
                let hex = rest.dropFirst().first.map { $0 == "x" || $0 == "X" } ?? false
                let digits = rest.dropFirst(hex ? 2 : 1).prefix { hex ? $0.isHexDigit : ("0"..."9").contains($0) }
                if !digits.isEmpty, let code = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                    rest = rest.dropFirst((hex ? 2 : 1) + digits.count)
                    if rest.first == ";" { rest = rest.dropFirst() }
                    continue
                }
                out += "&"
                continue
            }
            // A name: up to 32 characters other than whitespace, "<", "&", "#" and ";".
            let name = rest.prefix(32).prefix { !"\t\n\u{0C} <&#;".contains($0) }
            let semicolon = rest.dropFirst(name.count).first == ";"
            if semicolon, let replacement = entities[String(name)] {
                out += replacement
                rest = rest.dropFirst(name.count + 1)
                continue
            }
            var length = name.count
            while length >= 2, !legacyEntities.contains(String(name.prefix(length))) { length -= 1 }
            if length >= 2, let replacement = entities[String(name.prefix(length))] {
                out += replacement
                rest = rest.dropFirst(length)
                continue
            }
            out += "&"
        }
        return out + rest
    }

    /// `normalize_newlines`: \r\n and \r become \n.
    static func normalizeNewlines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// `avoid_wrapping`: spaces become non-breaking spaces.
    static func avoidWrapping(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "\u{a0}") }
}
