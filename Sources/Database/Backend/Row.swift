/// The column names of a result, shared by all its rows; finds a column's position by name.
public final class ColumnIndex: Sendable {
    public let names: [String]
    /// Position by name, for wide results only: a few names are searched in order, which costs
    /// less than building a dictionary for every result.
    private let positions: [String: Int]?
    public init(_ names: [String]) {
        self.names = names
        guard names.count > 16 else { positions = nil; return }
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
    /// The first column with this name.
    public func position(of name: String) -> Int? { positions.map { $0[name] } ?? names.firstIndex(of: name) }
}

/// One result row: values in select order, readable by position or by column name.
public struct Row: Sendable, CustomStringConvertible {
    public let columns: ColumnIndex
    public let values: [SQLValue]

    public init(columns: ColumnIndex, values: [SQLValue]) { self.columns = columns; self.values = values }

    /// The value of the named column, or nil when the row has no such column.
    public subscript(name: String) -> SQLValue? {
        columns.position(of: name).map { values[$0] }
    }

    public subscript(position: Int) -> SQLValue { values[position] }

    /// The named column converted to a Swift type; throws when the column is missing or does not convert.
    public func get<T: SQLConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[name] else { throw FieldError("no column '\(name)' in the row (columns: \(columns.names.joined(separator: ", ")))") }
        return try T(sqlValue: value)
    }

    /// The row as a dictionary, for when order does not matter.
    public var dictionary: [String: SQLValue] {
        Dictionary(zip(columns.names, values), uniquingKeysWith: { first, _ in first })
    }

    public var description: String {
        "{" + zip(columns.names, values).map { "\($0): \($1)" }.joined(separator: ", ") + "}"
    }
}
