/// A database engine as the ORM sees it: how to open a connection and which SQL dialect it speaks.
/// SQLite is the one implementation; another engine (PostgreSQL) would add a backend and a
/// dialect without touching models or query sets.
public protocol DatabaseBackend: Sendable {
    /// The engine's name, as Django's `connection.vendor` ("sqlite").
    var vendor: String { get }
    var dialect: any SQLDialect { get }
    /// Opens a driver connection for the settings (the ORM calls this lazily, on first use).
    func connect(_ settings: DatabaseSettings) throws -> any DatabaseDriver
}

/// One open engine connection: runs a statement with bound parameters and reports what it did.
/// Confined to one thread at a time (the `ConnectionHandler` gives each thread its own).
public protocol DatabaseDriver: AnyObject {
    func run(_ sql: String, _ parameters: [SQLValue]) throws -> StatementResult
    /// Runs a query and returns its rows' values end to end in one array (no `Row` per row).
    /// The columns in `dateTimeColumns` (bit n for column n) hold a DateTimeField's text: such a
    /// value may come as its seconds since 1970 (`.real`), which a `Date` reads the same.
    func flatRows(_ sql: String, _ parameters: [SQLValue], dateTimeColumns: UInt64) throws -> FlatRows
    /// How many prepared statements the connection keeps for reuse.
    var cachedStatementCount: Int { get }
    func close()
}

extension DatabaseDriver {
    public func flatRows(_ sql: String, _ parameters: [SQLValue], dateTimeColumns: UInt64) throws -> FlatRows {
        var flat = FlatRows()
        for row in try run(sql, parameters).rows {
            flat.width = row.values.count
            flat.values += row.values
        }
        return flat
    }
}

/// A query's rows as one array of values, row after row, each `width` values long: what decoding
/// models reads, without an array and a `Row` per row.
public struct FlatRows: Sendable {
    /// Values per row (0 when there are no rows).
    public var width = 0
    public var values: [SQLValue] = []
    public init() {}

    /// How many rows.
    public var count: Int { width == 0 ? 0 : values.count / width }

    /// The values of one row.
    public subscript(row: Int) -> ArraySlice<SQLValue> { values[row * width ..< (row + 1) * width] }
}

/// What a statement did: the rows it returned and how many rows it changed.
public struct StatementResult: Sendable {
    public var rows: [Row]
    public var changes: Int
    public init(rows: [Row], changes: Int) { self.rows = rows; self.changes = changes }
}

/// The SQL an engine speaks, for the parts that differ between engines: identifier quoting,
/// parameter placeholders, column types per field kind, pattern lookups and date extraction.
public protocol SQLDialect: Sendable {
    /// An identifier quoted for SQL (`"name"`, embedded quotes doubled).
    func quote(_ identifier: String) -> String
    /// The placeholder for the parameter at a 1-based position (`?` on SQLite, `$1` on PostgreSQL).
    func placeholder(_ position: Int) -> String
    /// The column type (and primary-key clause for auto fields) for a field's kind.
    func columnType(_ field: FieldInfo) -> String
    /// A pattern lookup's SQL for a column expression and a placeholder (`contains`, `istartswith`, ...).
    func patternSQL(_ lookup: Lookup, column: String, placeholder: String) -> String
    /// The pattern parameter for a pattern lookup, with the engine's wildcards escaped in the value.
    func patternValue(_ lookup: Lookup, _ value: String) -> String
    /// A date part (year, month, day) of a date or datetime column as an integer expression.
    func extract(_ part: DatePart, from column: String) -> String
    /// The expression for random ordering (`order_by("?")`).
    var randomFunction: String { get }
    /// A query listing the user tables' names, one per row.
    var tableNamesQuery: String { get }
    /// The statements that turn foreign-key enforcement off and on around schema changes, and
    /// the query listing violations (no rows when none); empty where the engine needs none.
    var disableConstraintChecking: [String] { get }
    var enableConstraintChecking: [String] { get }
    var constraintViolationsQuery: String? { get }
}

extension SQLDialect {
    public var disableConstraintChecking: [String] { [] }
    public var enableConstraintChecking: [String] { [] }
    public var constraintViolationsQuery: String? { nil }

    public func quote(_ identifier: String) -> String {
        // Identifiers rarely hold a quote: skip Foundation's search-and-replace then (it was a
        // tenth of a small query's time).
        guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
        return "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A part of a date that a lookup transform extracts (`pub_date__year`).
public enum DatePart: String, Sendable, CaseIterable {
    case year, month, day
}
