import Foundation

/// Field values to and from Django's JSON serialization: dates as ISO 8601 (`2026-01-01T12:00:00.123Z`,
/// milliseconds as DjangoJSONEncoder writes them), decimals and UUIDs as strings, JSON fields inline.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func value(_ value: SQLValue, kind: FieldKind) -> String {
        switch (value, kind) {
        case (.null, _): return "null"
        case (.integer(let number), .boolean): return number != 0 ? "true" : "false"
        case (.integer(let number), _): return String(number)
        case (.real(let number), .decimal): return string(String(number))
        case (.real(let number), _): return String(number)
        case (.text(let text), .dateTime): return string(isoDateTime(text))
        case (.text(let text), .uuid):
            return string((try? UUID(sqlValue: .text(text)))?.uuidString.lowercased() ?? text)
        case (.text(let text), .json): return text
        case (.text(let text), _): return string(text)
        case (.blob(let bytes), _): return string(Data(bytes).base64EncodedString())
        }
    }

    /// `2026-01-01 12:00:00.123456` → `2026-01-01T12:00:00.123Z`.
    static func isoDateTime(_ stored: String) -> String {
        guard let date = DateCoding.parse(stored) else { return stored }
        var text = DateCoding.dateTimeString(date).replacingOccurrences(of: " ", with: "T")
        if text.hasSuffix(".000000") { text.removeLast(7) } else { text.removeLast(3) }
        return text + "Z"
    }

    static func sqlValue(_ json: Any, kind: FieldKind) throws -> SQLValue {
        if json is NSNull { return .null }
        switch kind {
        case .json:
            let data = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys])
            return .text(String(decoding: data, as: UTF8.self))
        case .dateTime, .date:
            guard let text = json as? String, let date = parseISO(text) else {
                throw DeserializationError("'\(json)' value has an invalid date format.")
            }
            return kind == .date ? .text(DateCoding.dateString(date)) : date.sqlValue
        case .uuid:
            guard let text = json as? String, let uuid = UUID(uuidString: text) ?? (try? UUID(sqlValue: .text(text))) else {
                throw DeserializationError("'\(json)' is not a valid UUID.")
            }
            return uuid.sqlValue
        case .binary:
            guard let text = json as? String, let data = Data(base64Encoded: text) else {
                throw DeserializationError("'\(json)' is not base64.")
            }
            return .blob(Array(data))
        case .boolean:
            guard let flag = json as? Bool else { throw DeserializationError("'\(json)' value must be either True or False.") }
            return .integer(flag ? 1 : 0)
        default:
            if let number = json as? NSNumber, !(json is String) {
                let double = number.doubleValue
                if kind != .float, double == double.rounded(), abs(double) < 9.2e18 { return .integer(number.int64Value) }
                return .real(double)
            }
            if let text = json as? String {
                switch kind {
                case .integer, .bigInteger, .autoField, .bigAutoField, .foreignKey:
                    guard let number = Int64(text) else { throw DeserializationError("'\(text)' value must be an integer.") }
                    return .integer(number)
                default: return .text(text)
                }
            }
            throw DeserializationError("unsupported value '\(json)'")
        }
    }

    /// ISO 8601 as Django writes it: `T` separator, optional fraction, `Z` or `±HH:MM` offset.
    static func parseISO(_ text: String) -> Date? {
        var body = text
        var offset = 0
        if body.hasSuffix("Z") {
            body.removeLast()
        } else if body.count > 16, let sign = body.dropLast(5).last, sign == "+" || sign == "-", body.dropLast(2).last == ":" {
            let tail = body.suffix(5)
            guard let hours = Int(tail.prefix(2)), let minutes = Int(tail.suffix(2)) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
            body.removeLast(6)
        }
        return DateCoding.parse(body).map { $0.addingTimeInterval(Double(-offset)) }
    }
}
