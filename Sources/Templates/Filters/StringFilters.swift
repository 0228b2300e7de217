import Foundation

/// Django's string filters (`@stringfilter`: the value is converted with `str()` first):
/// case, padding, cutting, slugs, word counts, wrapping and truncation, and the quoting
/// filters for JavaScript and URLs.
enum StringFilters {
    static let all: [Filter] = [
        Filter("addslashes", isSafe: true) { value, _, _ in
            Py.str(value).replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "'", with: "\\'")
        },
        Filter("capfirst", isSafe: true) { value, _, _ in
            let text = Py.str(value)
            guard let first = text.unicodeScalars.first else { return text }
            return String(first).uppercased() + String(text.unicodeScalars.dropFirst())
        },
        Filter("center", argument: .required, isSafe: true) { value, argument, _ in
            guard let width = Py.int(argument) else { return value }
            return width <= 0 ? value : Py.formatCenter(Py.str(value), width)
        },
        Filter("ljust", argument: .required, isSafe: true) { value, argument, _ in
            guard let width = Py.int(argument) else { return value }
            return Py.ljust(Py.str(value), width)
        },
        Filter("rjust", argument: .required, isSafe: true) { value, argument, _ in
            guard let width = Py.int(argument) else { return value }
            return Py.rjust(Py.str(value), width)
        },
        Filter("cut", argument: .required) { value, argument, _ in
            let cutOff = Py.str(argument)
            let text = cutOff.isEmpty ? Py.str(value) : Py.str(value).replacingOccurrences(of: cutOff, with: "")
            // Removing ';' could break an entity, so the result is no longer safe.
            return Py.isSafe(value) && cutOff != ";" ? SafeString(text) : text
        },
        Filter("lower", isSafe: true) { value, _, _ in Py.str(value).lowercased() },
        Filter("upper") { value, _, _ in
            if let text = value as? String { return text.uppercased() }
            return Py.str(value).uppercased()
        },
        Filter("title", isSafe: true) { value, _, _ in title(Py.str(value)) },
        Filter("make_list") { value, _, _ in Py.str(value).unicodeScalars.map { String($0) } as [Any] },
        Filter("phone2numeric", isSafe: true) { value, _, _ in phone2numeric(Py.str(value)) },
        Filter("slugify", isSafe: true) { value, _, _ in slugify(Py.str(value)) },
        Filter("wordcount") { value, _, _ in Py.split(Py.str(value)).count },
        Filter("wordwrap", argument: .required, isSafe: true) { value, argument, _ in
            guard let width = Py.int(argument) else { return value }
            return TextWrap.wrap(Py.str(value), width: width)
        },
        Filter("truncatechars", argument: .required, isSafe: true) { value, argument, _ in
            if let text = value as? String, let length = argument as? Int { return Truncator.chars(text, length) }
            guard let length = Py.int(argument) else { return Py.same(value, Py.str(value)) }
            return Truncator.chars(Py.str(value), length)
        },
        Filter("truncatewords", argument: .required, isSafe: true) { value, argument, _ in
            guard let length = Py.int(argument) else { return Py.same(value, Py.str(value)) }
            return Truncator.words(Py.str(value), length)
        },
        Filter("escapejs") { value, _, _ in SafeString(escapeJS(Py.str(value))) },
        Filter("iriencode", isSafe: true) { value, _, _ in Py.quote(Py.str(value), safe: "/#%[]=:;$&()+,!?*@'~") },
        Filter("urlencode", argument: .optional) { value, argument, _ in
            Py.quote(Py.str(value), safe: argument.map { Py.str($0) } ?? "/")
        },
    ]

    /// `title`: str.title(), then "Joe'S" back to "Joe's" and "53Rd" to "53rd".
    static func title(_ text: String) -> String {
        var scalars = Array(Py.title(text).unicodeScalars)
        func isASCIILower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
        func isASCIIUpper(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        var i = 0
        while i < scalars.count {
            if i + 2 < scalars.count, isASCIILower(scalars[i]), scalars[i + 1] == "'", isASCIIUpper(scalars[i + 2]) {
                scalars[i + 2] = Unicode.Scalar(scalars[i + 2].value + 32)!
                i += 3
            } else if i + 1 < scalars.count, scalars[i].properties.numericType == .decimal, isASCIIUpper(scalars[i + 1]) {
                scalars[i + 1] = Unicode.Scalar(scalars[i + 1].value + 32)!
                i += 2
            } else {
                i += 1
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static let phoneKeys: [Character: Character] = {
        var keys: [Character: Character] = [:]
        for (digit, letters) in [("2", "abc"), ("3", "def"), ("4", "ghi"), ("5", "jkl"), ("6", "mno"),
                                 ("7", "pqrs"), ("8", "tuv"), ("9", "wxyz")] {
            for letter in letters { keys[letter] = Character(digit) }
        }
        return keys
    }()

    /// `phone2numeric`: letters to the digits of a phone keypad ("1-800-COLLECT" → "1-800-2655328").
    static func phone2numeric(_ text: String) -> String {
        String(text.lowercased().map { phoneKeys[$0] ?? $0 })
    }

    /// `slugify`: NFKD to ASCII, lower case, only word characters, spaces and hyphens kept,
    /// runs of spaces and hyphens as one hyphen, hyphens and underscores stripped at the ends.
    static func slugify(_ text: String) -> String {
        let ascii = text.decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII)
        var kept = ""
        for scalar in String(String.UnicodeScalarView(ascii)).lowercased().unicodeScalars {
            let isWord = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            if isWord || scalar == "-" || Py.isSpace(scalar) { kept.unicodeScalars.append(scalar) }
        }
        var out = ""
        var inRun = false
        for scalar in kept.unicodeScalars {
            if scalar == "-" || Py.isSpace(scalar) {
                if !inRun { out += "-" }
                inRun = true
            } else {
                out.unicodeScalars.append(scalar)
                inRun = false
            }
        }
        return String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-_")))
    }

    static let jsEscapes: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [
            "\\": "\\u005C", "'": "\\u0027", "\"": "\\u0022", ">": "\\u003E", "<": "\\u003C", "&": "\\u0026",
            "=": "\\u003D", "-": "\\u002D", ";": "\\u003B", "`": "\\u0060", "\u{2028}": "\\u2028", "\u{2029}": "\\u2029",
        ]
        for code in 0..<32 { table[Unicode.Scalar(UInt8(code))] = String(format: "\\u%04X", code) }
        return table
    }()

    /// `escapejs`: characters that could end a JavaScript string or script as `\uXXXX`.
    static func escapeJS(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let escaped = jsEscapes[scalar] { out += escaped } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

/// Django's `Truncator` for plain text: characters (combining marks do not count) and words,
/// ending in "…".
enum Truncator {
    static let ellipsis = "…"

    static func chars(_ text: String, _ length: Int) -> String {
        guard length > 0 else { return "" }
        // ASCII, the common case: every byte is a character and NFC changes nothing.
        // ASCII in contiguous storage: the cut is a byte count, made in one buffer.
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            guard bytes.count > length else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(length + 2)
            out.append(contentsOf: bytes[..<(length - 1)])
            out.append(contentsOf: ellipsis.utf8)
            return String(decoding: out, as: UTF8.self)
        }
        if case .some(.some(let result)) = ascii { return result }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            guard text.utf8.count > length else { return text }
            return String(decoding: text.utf8.prefix(length - 1), as: UTF8.self) + ellipsis
        }
        let normalized = text.precomposedStringWithCanonicalMapping
        let scalars = Array(normalized.unicodeScalars)
        let truncateLength = length - 1
        var counted = 0
        var endIndex: Int?
        for (i, scalar) in scalars.enumerated() where scalar.properties.canonicalCombiningClass.rawValue == 0 {
            counted += 1
            if endIndex == nil && counted > truncateLength { endIndex = i }
            if counted > length {
                return String(String.UnicodeScalarView(scalars[..<(endIndex ?? 0)])) + ellipsis
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    static func words(_ text: String, _ length: Int) -> String {
        guard length > 0 else { return "" }
        let words = Py.split(text)
        if words.count > length { return words.prefix(length).joined(separator: " ") + " " + ellipsis }
        return words.joined(separator: " ")
    }
}

/// `django.utils.text.wrap`: Python's TextWrapper without breaking long words or hyphens,
/// keeping existing line breaks and the whitespace inside lines.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> String {
        var result: [String] = []
        for line in splitLines(text) {
            let wrapped = wrapLine(line, width: width)
            if wrapped.isEmpty { result.append(line) } else { result += wrapped }
        }
        if text.hasSuffix("\n") { result.append("") }
        return result.joined(separator: "\n")
    }

    static func splitLines(_ text: String) -> [String] {
        var lines = Py.normalizeNewlines(text).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func isBlank(_ chunk: String) -> Bool { chunk.unicodeScalars.allSatisfy(Py.isSpace) }

    static func wrapLine(_ line: String, width: Int) -> [String] {
        // Tabs expand to the next multiple of 8 (TextWrapper's expand_tabs).
        var expanded = ""
        var column = 0
        for scalar in line.unicodeScalars {
            if scalar == "\t" {
                let spaces = 8 - column % 8
                expanded += Py.padding(spaces)
                column += spaces
            } else {
                expanded.unicodeScalars.append(scalar)
                column += 1
            }
        }
        // Chunks: runs of whitespace and runs of the rest.
        var chunks: [String] = []
        var current = ""
        var currentBlank: Bool?
        for scalar in expanded.unicodeScalars {
            let blank = Py.isSpace(scalar)
            if currentBlank != blank, !current.isEmpty { chunks.append(current); current = "" }
            current.unicodeScalars.append(scalar)
            currentBlank = blank
        }
        if !current.isEmpty { chunks.append(current) }
        chunks.reverse()
        var lines: [String] = []
        while !chunks.isEmpty {
            var currentLine: [String] = []
            var currentLength = 0
            if let last = chunks.last, isBlank(last), !lines.isEmpty { chunks.removeLast() }
            while let last = chunks.last, currentLength + last.unicodeScalars.count <= width {
                currentLine.append(chunks.removeLast())
                currentLength += last.unicodeScalars.count
            }
            if let last = chunks.last, last.unicodeScalars.count > width, currentLine.isEmpty {
                currentLine.append(chunks.removeLast())
            }
            if let last = currentLine.last, isBlank(last) { currentLine.removeLast() }
            if !currentLine.isEmpty { lines.append(currentLine.joined()) }
        }
        return lines
    }
}
