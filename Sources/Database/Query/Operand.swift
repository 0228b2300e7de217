/// What a lookup compares against, once resolved: one value, a list (`in`), a pair (`range`), or an
/// expression over fields (`F("votes") + 1`).
public enum OperandValue: Sendable {
    case value(SQLValue)
    case list([SQLValue])
    case range(SQLValue, SQLValue)
    case expression(Expression)
}

/// Anything a lookup or an update can take as its right-hand side: values (`SQLConvertible`),
/// arrays and sets of values, closed ranges, model instances (their primary key), `F` expressions.
public protocol Operand: Sendable {
    func operand() throws -> OperandValue
}

extension Array: Operand where Element: SQLConvertible {
    public func operand() throws -> OperandValue { .list(map(\.sqlValue)) }
}

extension Set: Operand where Element: SQLConvertible {
    public func operand() throws -> OperandValue { .list(map(\.sqlValue)) }
}

extension ClosedRange: Operand where Bound: SQLConvertible {
    public func operand() throws -> OperandValue { .range(lowerBound.sqlValue, upperBound.sqlValue) }
}

extension Model {
    /// A model instance compares as its primary key (`filter("question", question)`).
    public func operand() throws -> OperandValue {
        guard !pk.isNull else {
            throw QueryUsageError("\(Self.self) instance needs to be saved before it can be used in a query")
        }
        return .value(pk)
    }
}
