import Foundation

/// A JSON value with object keys kept in the order they were written, so output reads naturally
/// (`status` before `headers` before `body`) and is stable for tests and `jq`.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case int(Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.serialized() == rhs.serialized() }

    /// Compact JSON on one line.
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value):
            out += value.isFinite ? String(format: "%.3f", value) : "null"
        case .string(let value): JSON.quote(value, into: &out)
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                JSON.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A body as JSON: text when it is UTF-8, base64 otherwise, with the encoding named beside it.
    static func body(_ bytes: [UInt8]) -> [(String, JSON)] {
        if let text = String(validating: bytes, as: UTF8.self) {
            return [("body", .string(text)), ("body_encoding", .string("utf-8"))]
        }
        return [("body", .string(Data(bytes).base64EncodedString())), ("body_encoding", .string("base64"))]
    }

    static func pairs(_ pairs: [(name: String, value: String)]) -> JSON {
        .array(pairs.map { .array([.string($0.name), .string($0.value)]) })
    }
}
