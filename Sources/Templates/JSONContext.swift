/// A template context read from JSON, as Python's `json.loads` would give it to Django: objects
/// become TemplateDictionary (keeping their key order), arrays `[Any]`, integers Int, numbers
/// with a fraction or an exponent Double (so `1` and `1.0` print differently), true/false Bool,
/// null nil.
public enum JSONContext {
    /// A JSON text that does not parse, with where (1-based line and column).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int

        public init(_ message: String, line: Int, column: Int) {
            self.message = message
            self.line = line
            self.column = column
        }

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// The top-level object of `data` (UTF-8 JSON).
    public static func parse(_ data: [UInt8]) throws -> TemplateDictionary {
        var reader = Reader(bytes: data)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        guard reader.peek == UInt8(ascii: "{") else {
            throw reader.error(reader.atEnd ? "expected a JSON object, found the end of the input" : "the context must be a JSON object")
        }
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.error("extra data after the JSON object") }
        return value as! TemplateDictionary
    }

    /// The value of any JSON text (an object, array, string, number, true, false or null).
    public static func parseValue(_ data: [UInt8]) throws -> Any? {
        var reader = Reader(bytes: data)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.error("extra data after the JSON value") }
        return Value.unwrap(value)
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lineStart = 0
        static let maximumDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        /// An error at the current position (columns count characters, not bytes).
        func error(_ message: String, at position: Int? = nil) -> ParseError {
            let position = position ?? index
            let column = String(decoding: bytes[lineStart..<min(position, bytes.count)], as: UTF8.self).count + 1
            return ParseError(message, line: line, column: column)
        }

        mutating func skipByteOrderMark() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    index += 1
                case UInt8(ascii: "\n"):
                    index += 1
                    line += 1
                    lineStart = index
                default:
                    return
                }
            }
        }

        func describe(_ byte: UInt8?) -> String {
            guard let byte else { return "the end of the input" }
            if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x" + String(byte, radix: 16, uppercase: true)
        }

        mutating func value(depth: Int) throws -> Any {
            guard depth < Self.maximumDepth else { throw error("nested too deeply") }
            skipWhitespace()
            guard let byte = peek else { throw error("expected a value, found the end of the input") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            case UInt8(ascii: "t"): try literal("true"); return true
            case UInt8(ascii: "f"): try literal("false"); return false
            case UInt8(ascii: "n"): try literal("null"); return Optional<Any>.none as Any
            default: throw error("expected a value, found \(describe(byte))")
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw error("expected a value, found \(describe(peek))")
            }
            index += expected.count
        }

        mutating func object(depth: Int) throws -> TemplateDictionary {
            index += 1  // {
            var dictionary = TemplateDictionary()
            skipWhitespace()
            if peek == UInt8(ascii: "}") { index += 1; return dictionary }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else {
                    throw error("expected a property name in double quotes, found \(describe(peek))")
                }
                let key = try string()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected ':' after a property name, found \(describe(peek))") }
                index += 1
                let item = try value(depth: depth + 1)
                // Python keeps the first position of a repeated key and the last value.
                dictionary[key] = item
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return dictionary
                default: throw error("expected ',' or '}' in an object, found \(describe(peek))")
                }
            }
        }

        mutating func array(depth: Int) throws -> [Any] {
            index += 1  // [
            var items: [Any] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") { index += 1; return items }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return items
                default: throw error("expected ',' or ']' in an array, found \(describe(peek))")
                }
            }
        }

        mutating func hexQuad() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape", at: index + offset)
                }
                value = value * 16 + digit
            }
            index += 4
            return value
        }

        mutating func string() throws -> String {
            let start = index
            index += 1  // "
            var out: [UInt8] = []
            while true {
                guard index < bytes.count else { throw error("unterminated string", at: start) }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw error("the string is not valid UTF-8", at: start)
                    }
                    return text
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw error("unterminated string", at: start) }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hexQuad()
                        if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count,
                           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let saved = index
                            index += 2
                            let low = try hexQuad()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = saved
                            }
                        }
                        // A lone surrogate (Python keeps it) becomes U+FFFD here.
                        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        out += Array(String(character).utf8)
                    default:
                        throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: index - 2)
                    }
                case 0x00..<0x20:
                    throw error("control character in a string (escape it)")
                default:
                    out.append(byte)
                    index += 1
                }
            }
        }

        mutating func number() throws -> Any {
            let start = index
            var isInteger = true
            if peek == UInt8(ascii: "-") { index += 1 }
            func digits(_ reader: inout Reader) -> Int {
                let from = reader.index
                while let byte = reader.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { reader.index += 1 }
                return reader.index - from
            }
            let leading = index
            guard digits(&self) > 0 else { throw error("expected a digit, found \(describe(peek))") }
            if bytes[leading] == UInt8(ascii: "0"), index - leading > 1 {
                throw error("a number may not start with 0", at: leading)
            }
            if peek == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard digits(&self) > 0 else { throw error("expected a digit after '.', found \(describe(peek))") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { throw error("expected a digit in the exponent, found \(describe(peek))") }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if isInteger, let integer = Int(text) { return integer }
            guard let double = Double(text) else { throw error("invalid number", at: start) }
            return double
        }
    }
}
