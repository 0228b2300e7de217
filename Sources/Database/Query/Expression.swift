/// An SQL expression over fields and values, built from `F` and arithmetic: `F("votes") + 1`.
/// Field names are resolved against the model when the query compiles, never spliced in.
public indirect enum Expression: Sendable, Operand, ExpressionConvertible {
    case field(String)
    case value(SQLValue)
    case binary(Expression, ArithmeticOperator, Expression)

    public func operand() throws -> OperandValue { .expression(self) }
    public var expression: Expression { self }
}

/// The arithmetic operators an `Expression` may use.
public enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// A reference to a field's value in the database (Django's `F("votes")`).
public struct F: Sendable, Operand, ExpressionConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public func operand() throws -> OperandValue { .expression(.field(name)) }
    public var expression: Expression { .field(name) }
}

/// Something that is or makes an `Expression` (`F`, `Expression`).
public protocol ExpressionConvertible: Sendable {
    var expression: Expression { get }
}

public func + (lhs: some ExpressionConvertible, rhs: some ExpressionConvertible) -> Expression { .binary(lhs.expression, .add, rhs.expression) }
public func - (lhs: some ExpressionConvertible, rhs: some ExpressionConvertible) -> Expression { .binary(lhs.expression, .subtract, rhs.expression) }
public func * (lhs: some ExpressionConvertible, rhs: some ExpressionConvertible) -> Expression { .binary(lhs.expression, .multiply, rhs.expression) }
public func / (lhs: some ExpressionConvertible, rhs: some ExpressionConvertible) -> Expression { .binary(lhs.expression, .divide, rhs.expression) }
public func + (lhs: some ExpressionConvertible, rhs: some SQLConvertible) -> Expression { .binary(lhs.expression, .add, .value(rhs.sqlValue)) }
public func - (lhs: some ExpressionConvertible, rhs: some SQLConvertible) -> Expression { .binary(lhs.expression, .subtract, .value(rhs.sqlValue)) }
public func * (lhs: some ExpressionConvertible, rhs: some SQLConvertible) -> Expression { .binary(lhs.expression, .multiply, .value(rhs.sqlValue)) }
public func / (lhs: some ExpressionConvertible, rhs: some SQLConvertible) -> Expression { .binary(lhs.expression, .divide, .value(rhs.sqlValue)) }
