import Foundation

/// HttpResponseRedirectBase: a Location and a 3xx status; unsafe schemes are refused.
open class HTTPResponseRedirectBase: HTTPResponse {
    public static let allowedSchemes = ["http", "https", "ftp"]

    public init(_ url: String, status: Int) throws {
        super.init(status: status)
        if let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
            let scheme = url[..<colon].lowercased()
            if !scheme.isEmpty && !Self.allowedSchemes.contains(scheme) {
                throw DisallowedRedirect("Unsafe redirect to URL with protocol '\(scheme)'")
            }
        }
        headers["Location"] = url
    }

    public var url: String { headers["Location"] ?? "" }
}

/// HttpResponseRedirect: 302 Found.
public final class HTTPResponseRedirect: HTTPResponseRedirectBase {
    public init(_ url: String) throws { try super.init(url, status: 302) }
}

/// HttpResponsePermanentRedirect: 301 Moved Permanently.
public final class HTTPResponsePermanentRedirect: HTTPResponseRedirectBase {
    public init(_ url: String) throws { try super.init(url, status: 301) }
}

/// HttpResponseNotModified: 304, no body and no Content-Type.
public final class HTTPResponseNotModified: HTTPResponse {
    public init() {
        super.init(status: 304)
        headers["Content-Type"] = nil
    }
}

/// HttpResponseNotAllowed: 405 with the permitted methods in Allow.
public final class HTTPResponseNotAllowed: HTTPResponse {
    public init(_ permitted: [String]) {
        super.init(status: 405)
        headers["Allow"] = permitted.joined(separator: ", ")
    }
}

extension HTTPResponse {
    /// HttpResponseBadRequest.
    public static func badRequest(_ text: String = "") -> HTTPResponse { HTTPResponse(text, status: 400) }
    /// HttpResponseNotFound.
    public static func notFound(_ text: String = "") -> HTTPResponse { HTTPResponse(text, status: 404) }
    /// HttpResponseForbidden.
    public static func forbidden(_ text: String = "") -> HTTPResponse { HTTPResponse(text, status: 403) }
    /// HttpResponseGone.
    public static func gone(_ text: String = "") -> HTTPResponse { HTTPResponse(text, status: 410) }
    /// HttpResponseServerError.
    public static func serverError(_ text: String = "") -> HTTPResponse { HTTPResponse(text, status: 500) }
}

/// JsonResponse: JSON as Python's `json.dumps` writes it (", " and ": " separators, non-ASCII
/// escaped), with `safe` refusing a top level that is not an object.
public final class JSONResponse: HTTPResponse {
    public init(_ value: JSONValue, safe: Bool = true, status: Int = 200) throws {
        if safe {
            guard case .object = value else {
                throw TypeError("In order to allow non-dict objects to be serialized set the safe parameter to False.")
            }
        }
        super.init(Array(value.pythonJSON.utf8), status: status, contentType: "application/json")
    }
}

/// A Python ValueError, as Django raises for a bad argument.
public struct ValueError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A Python TypeError, as Django raises for misuse.
public struct TypeError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A JSON document for JsonResponse, with object keys in the order given.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.pythonJSON == rhs.pythonJSON }

    /// `json.dumps(value)` with Python's defaults.
    public var pythonJSON: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): value == value.rounded() && abs(value) < 1e16 ? String(format: "%.1f", value) : "\(value)"
        case .string(let value): Self.quote(value)
        case .array(let values): "[" + values.map(\.pythonJSON).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.map { Self.quote($0.0) + ": " + $0.1.pythonJSON }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += "\\u" + String(unit, radix: 16).leftPadded(4)
            }
        }
        return out + "\""
    }
}
