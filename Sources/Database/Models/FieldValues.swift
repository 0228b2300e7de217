import Foundation

// Which Swift types each field kind accepts, so that a declaration such as
// `.charField("votes", \.votes, maxLength: 3)` on an `Int` property does not compile.
// Each optional of an accepted type is accepted too, and makes the column nullable.

/// Types a `CharField` or `TextField` property may have.
public protocol TextFieldValue: SQLConvertible {}
/// Types an `IntegerField` or `BigIntegerField` property may have.
public protocol IntegerFieldValue: SQLConvertible {}
/// Types a `FloatField` property may have.
public protocol FloatFieldValue: SQLConvertible {}
/// Types a `DecimalField` property may have.
public protocol DecimalFieldValue: SQLConvertible {}
/// Types a `BooleanField` property may have.
public protocol BooleanFieldValue: SQLConvertible {}
/// Types a `UUIDField` property may have.
public protocol UUIDFieldValue: SQLConvertible {}
/// Types a `DateTimeField` property may have.
public protocol DateTimeFieldValue: SQLConvertible {}
/// Types a `BinaryField` property may have.
public protocol BinaryFieldValue: SQLConvertible {}

/// Types a `DateField` property may have: a `Date`, stored as its UTC day (`YYYY-MM-DD`).
public protocol DateFieldValue: SQLConvertible {
    var dateSQLValue: SQLValue { get }
}

extension String: TextFieldValue {}
extension Int: IntegerFieldValue {}
extension Int64: IntegerFieldValue {}
extension Int32: IntegerFieldValue {}
extension Double: FloatFieldValue {}
extension Decimal: DecimalFieldValue {}
extension Bool: BooleanFieldValue {}
extension UUID: UUIDFieldValue {}
extension Date: DateTimeFieldValue {}
extension Data: BinaryFieldValue {}

extension Date: DateFieldValue {
    public var dateSQLValue: SQLValue { .text(DateCoding.dateString(self)) }
}

extension Optional: TextFieldValue where Wrapped: TextFieldValue {}
extension Optional: IntegerFieldValue where Wrapped: IntegerFieldValue {}
extension Optional: FloatFieldValue where Wrapped: FloatFieldValue {}
extension Optional: DecimalFieldValue where Wrapped: DecimalFieldValue {}
extension Optional: BooleanFieldValue where Wrapped: BooleanFieldValue {}
extension Optional: UUIDFieldValue where Wrapped: UUIDFieldValue {}
extension Optional: DateTimeFieldValue where Wrapped: DateTimeFieldValue {}
extension Optional: BinaryFieldValue where Wrapped: BinaryFieldValue {}
extension Optional: DateFieldValue where Wrapped == Date {
    public var dateSQLValue: SQLValue { self.map { .text(DateCoding.dateString($0)) } ?? .null }
}
