import Foundation

/// A value as the database stores it: one of SQLite's five storage classes. Every value reaches
/// SQL as a bound parameter of this type, never as text spliced into a statement.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// How the value reads in a query log: SQL literal syntax, for people (never executed).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let bytes): return "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }
}

/// A Swift type that converts to and from an `SQLValue`: what model fields hold and what
/// lookups compare against.
public protocol SQLConvertible: Operand {
    /// The value as stored.
    var sqlValue: SQLValue { get }
    /// The value read back; throws `DataError` when the stored value cannot be this type.
    init(sqlValue: SQLValue) throws
}

extension SQLConvertible {
    public func operand() throws -> OperandValue { .value(sqlValue) }
}

func conversionError(_ value: SQLValue, _ type: Any.Type) -> DataError {
    DataError(message: "cannot convert \(value) to \(type)")
}

extension SQLValue: SQLConvertible {
    public var sqlValue: SQLValue { self }
    public init(sqlValue: SQLValue) { self = sqlValue }
}

extension Int64: SQLConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value) where value == value.rounded(.towardZero) && abs(value) < 9.2e18: self = Int64(value)
        case .text(let text) where Int64(text) != nil: self = Int64(text)!
        default: throw conversionError(sqlValue, Int64.self)
        }
    }
}

extension Int: SQLConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = Int(try Int64(sqlValue: sqlValue)) }
}

extension Int32: SQLConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws {
        guard let value = Int32(exactly: try Int64(sqlValue: sqlValue)) else { throw conversionError(sqlValue, Int32.self) }
        self = value
    }
}

extension Double: SQLConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        case .text(let text) where Double(text) != nil: self = Double(text)!
        default: throw conversionError(sqlValue, Double.self)
        }
    }
}

extension Bool: SQLConvertible {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue) throws { self = try Int64(sqlValue: sqlValue) != 0 }
}

extension String: SQLConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .text(let text): self = text
        case .integer(let value): self = String(value)
        case .real(let value): self = String(value)
        case .blob(let bytes): self = String(decoding: bytes, as: UTF8.self)
        case .null: throw conversionError(sqlValue, String.self)
        }
    }
}

extension Data: SQLConvertible {
    public var sqlValue: SQLValue { .blob(Array(self)) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .blob(let bytes): self = Data(bytes)
        case .text(let text): self = Data(text.utf8)
        default: throw conversionError(sqlValue, Data.self)
        }
    }
}

extension Decimal: SQLConvertible {
    /// Stored as text so no digit is lost on the way in; the column's numeric affinity decides the rest.
    public var sqlValue: SQLValue { .text(description) }
    public init(sqlValue: SQLValue) throws {
        let text: String
        switch sqlValue {
        case .text(let value): text = value
        case .integer(let value): text = String(value)
        case .real(let value): text = String(value)
        default: throw conversionError(sqlValue, Decimal.self)
        }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw conversionError(sqlValue, Decimal.self)
        }
        self = value
    }
}

extension UUID: SQLConvertible {
    /// Stored as Django stores a UUIDField on SQLite: 32 lowercase hex digits, no dashes.
    public var sqlValue: SQLValue { .text(uuidString.replacingOccurrences(of: "-", with: "").lowercased()) }
    public init(sqlValue: SQLValue) throws {
        guard case .text(var hex) = sqlValue else { throw conversionError(sqlValue, UUID.self) }
        if hex.count == 32 {
            for index in [8, 13, 18, 23] { hex.insert("-", at: hex.index(hex.startIndex, offsetBy: index)) }
        }
        guard let value = UUID(uuidString: hex) else { throw conversionError(sqlValue, UUID.self) }
        self = value
    }
}

extension Date: SQLConvertible {
    /// Stored as Django stores a DateTimeField on SQLite: `YYYY-MM-DD HH:MM:SS.ffffff`, in UTC.
    public var sqlValue: SQLValue { .text(DateCoding.dateTimeString(self)) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .text(let text):
            guard let date = DateCoding.parse(text) else { throw conversionError(sqlValue, Date.self) }
            self = date
        case .integer(let seconds): self = Date(timeIntervalSince1970: Double(seconds))
        case .real(let seconds): self = Date(timeIntervalSince1970: seconds)
        default: throw conversionError(sqlValue, Date.self)
        }
    }
}

extension Optional: Operand where Wrapped: SQLConvertible {}

extension Optional: SQLConvertible where Wrapped: SQLConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    public init(sqlValue: SQLValue) throws {
        self = sqlValue.isNull ? nil : try Wrapped(sqlValue: sqlValue)
    }
}
