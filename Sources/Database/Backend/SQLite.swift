import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded SQLite backend (Django's `django.db.backends.sqlite3`).
public struct SQLiteBackend: DatabaseBackend {
    public init() {}
    public var vendor: String { "sqlite" }
    public var dialect: any SQLDialect { SQLiteDialect() }
    public func connect(_ settings: DatabaseSettings) throws -> any DatabaseDriver {
        try SQLiteDriver(settings)
    }
}

/// SQLite's dialect: Django's sqlite3 column types; case-sensitive `contains`/`startswith`/`endswith`
/// through GLOB (as on PostgreSQL; Django's SQLite backend is case-insensitive there), `i*` lookups
/// through LIKE with `\` as the escape.
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public func placeholder(_ position: Int) -> String { "?" }

    public func columnType(_ field: FieldInfo) -> String {
        switch field.kind {
        case .autoField, .bigAutoField: return "integer"
        case .char(let maxLength): return "varchar(\(maxLength))"
        case .text: return "text"
        case .integer: return "integer"
        case .bigInteger: return "bigint"
        case .float: return "real"
        case .decimal(let digits, let places): return "decimal(\(digits), \(places))"
        case .boolean: return "bool"
        case .date: return "date"
        case .dateTime: return "datetime"
        case .uuid: return "char(32)"
        case .json: return "text"
        case .binary: return "BLOB"
        case .foreignKey: return "bigint"
        }
    }

    public func patternSQL(_ lookup: Lookup, column: String, placeholder: String) -> String {
        switch lookup {
        case .contains, .startswith, .endswith: return "\(column) GLOB \(placeholder)"
        default: return "\(column) LIKE \(placeholder) ESCAPE '\\'"
        }
    }

    public func patternValue(_ lookup: Lookup, _ value: String) -> String {
        switch lookup {
        case .contains, .startswith, .endswith:
            var escaped = ""
            for character in value {
                switch character {
                case "*": escaped += "[*]"
                case "?": escaped += "[?]"
                case "[": escaped += "[[]"
                default: escaped.append(character)
                }
            }
            return lookup == .contains ? "*\(escaped)*" : lookup == .startswith ? "\(escaped)*" : "*\(escaped)"
        default:
            var escaped = ""
            for character in value {
                if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
                escaped.append(character)
            }
            switch lookup {
            case .icontains: return "%\(escaped)%"
            case .istartswith: return "\(escaped)%"
            case .iendswith: return "%\(escaped)"
            default: return escaped
            }
        }
    }

    public func extract(_ part: DatePart, from column: String) -> String {
        let format = part == .year ? "%Y" : part == .month ? "%m" : "%d"
        return "CAST(strftime('\(format)', \(column)) AS INTEGER)"
    }

    public var randomFunction: String { "RANDOM()" }

    public var tableNamesQuery: String {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    }

    public var disableConstraintChecking: [String] { ["PRAGMA foreign_keys = OFF"] }
    public var enableConstraintChecking: [String] { ["PRAGMA foreign_keys = ON"] }
    public var constraintViolationsQuery: String? { "PRAGMA foreign_key_check" }
}

/// One SQLite connection: WAL journal, busy timeout, foreign keys enforced, prepared statements
/// cached by their SQL until the connection closes.
final class SQLiteDriver: DatabaseDriver {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// A few statements used lately, looked up before `statements`: a query set's SQL comes from
    /// the select cache as the same string each time, which compares equal at once, where the
    /// dictionary would hash all of it. Replaced in turn when full.
    private var recent: [(sql: String, statement: OpaquePointer)] = []
    private var nextRecent = 0
    private static let recentLimit = 8
    private var columnNames: [OpaquePointer: ColumnIndex] = [:]

    /// Done once, before the first connection opens (which initialises SQLite): memory-use
    /// statistics off (see `shallot_sqlite3_disable_memstatus`), so allocations take no global
    /// lock. Nothing in Shallot reads them.
    private static let configured: Bool = shallot_sqlite3_disable_memstatus() == SQLITE_OK

    init(_ settings: DatabaseSettings) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let status = sqlite3_open_v2(settings.name, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw OperationalError(message: "unable to open database file \(settings.name): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, Int32(settings.timeout * 1000))
        sqlite3_extended_result_codes(db, 1)
        _ = try run("PRAGMA foreign_keys = ON", [])
        if settings.name != ":memory:" && !settings.name.isEmpty && !settings.name.contains("mode=memory") {
            _ = try run("PRAGMA journal_mode = WAL", [])
        }
    }

    deinit { close() }

    var cachedStatementCount: Int { statements.count }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        recent.removeAll()
        nextRecent = 0
        columnNames.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    func run(_ sql: String, _ parameters: [SQLValue]) throws -> StatementResult {
        var rows: [Row] = []
        // The columns as the first step leaves them: SQLite re-prepares a statement whose schema
        // changed when it steps it, and the names may change with it.
        var known: ColumnIndex?
        let changes = try step(sql, parameters) { statement, columnCount in
            let columns = known ?? columnIndex(statement, columnCount)
            known = columns
            var values: [SQLValue] = []
            values.reserveCapacity(columnCount)
            Self.read(statement, columnCount, into: &values)
            rows.append(Row(columns: columns, values: values))
        }
        return StatementResult(rows: rows, changes: changes)
    }

    func flatRows(_ sql: String, _ parameters: [SQLValue], dateTimeColumns: UInt64) throws -> FlatRows {
        var rows = FlatRows()
        _ = try step(sql, parameters) { statement, columnCount in
            if rows.width == 0 {
                rows.width = columnCount
                rows.values.reserveCapacity(columnCount * 4)
            }
            Self.read(statement, columnCount, into: &rows.values, dateTimeColumns: dateTimeColumns)
        }
        return rows
    }

    /// Binds the parameters, steps the statement to the end calling `row` on each row (with the
    /// statement and its column count), and returns how many rows it changed.
    private func step(_ sql: String, _ parameters: [SQLValue],
                      _ row: (OpaquePointer, Int) throws -> Void) throws -> Int {
        guard let db = handle else { throw ProgrammingError(message: "Cannot operate on a closed database.", sql: sql) }
        let statement = try prepared(sql, db)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw ProgrammingError(message: "Incorrect number of bindings supplied. The current statement uses \(expected), and there are \(parameters.count) supplied.", sql: sql)
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text):
                // With its byte length, so text holding NUL characters is bound whole.
                var copy = text
                status = copy.withUTF8 { bytes in
                    if bytes.isEmpty { return shallot_sqlite3_bind_text(statement, index, "", 0) }
                    return bytes.withMemoryRebound(to: CChar.self) {
                        shallot_sqlite3_bind_text(statement, index, $0.baseAddress!, Int32($0.count))
                    }
                }
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { shallot_sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
            }
            guard status == SQLITE_OK else { throw error(db, status, sql) }
        }
        let totalBefore = sqlite3_total_changes64(db)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(db, status, sql) }
            try row(statement, Int(sqlite3_column_count(statement)))
        }
        // Total changes, so rows removed or nulled by foreign-key actions count too.
        return sqlite3_stmt_readonly(statement) != 0 ? 0 : Int(sqlite3_total_changes64(db) - totalBefore)
    }

    /// Appends the current row's values, by the type SQLite holds each in. A DateTimeField's text
    /// (its column's bit set in `dateTimeColumns`) that parses comes as its seconds, read in place
    /// (no string made only to be parsed).
    private static func read(_ statement: OpaquePointer, _ columnCount: Int, into values: inout [SQLValue],
                             dateTimeColumns: UInt64 = 0) {
        for column in 0..<Int32(columnCount) {
            let type = sqlite3_column_type(statement, column)
            if type == SQLITE_TEXT, column < 64, dateTimeColumns & (1 << UInt64(column)) != 0,
               let text = sqlite3_column_text(statement, column) {
                let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
                if let seconds = DateCoding.seconds(bytes) {
                    values.append(.real(seconds))
                    continue
                }
            }
            switch type {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(statement, column))
                let bytes = UnsafeRawBufferPointer(start: sqlite3_column_text(statement, column), count: count)
                values.append(.text(String(decoding: bytes, as: UTF8.self)))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, column))
                if count == 0 { values.append(.blob([])) } else {
                    let pointer = sqlite3_column_blob(statement, column)!
                    values.append(.blob(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
                }
            default: values.append(.null)
            }
        }
    }

    /// The column names of a prepared statement, kept with it: reused while SQLite reports the
    /// same names (a statement re-prepared after a schema change may name its columns anew).
    private func columnIndex(_ statement: OpaquePointer, _ count: Int) -> ColumnIndex {
        if let known = columnNames[statement], known.names.count == count,
           known.names.indices.allSatisfy({ Self.same(known.names[$0], sqlite3_column_name(statement, Int32($0))) }) {
            return known
        }
        let index = ColumnIndex((0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) })
        columnNames[statement] = index
        return index
    }

    private static func same(_ name: String, _ cName: UnsafePointer<CChar>?) -> Bool {
        guard let cName else { return false }
        var name = name
        return name.withUTF8 { bytes in
            strlen(cName) == bytes.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, cName, bytes.count) == 0)
        }
    }

    private func prepared(_ sql: String, _ db: OpaquePointer) throws -> OpaquePointer {
        let length = sql.utf8.count
        for entry in recent where entry.sql.utf8.count == length && entry.sql == sql { return entry.statement }
        let statement = try preparedOnce(sql, db)
        if recent.count < Self.recentLimit {
            recent.append((sql, statement))
        } else {
            recent[nextRecent] = (sql, statement)
            nextRecent = (nextRecent + 1) % Self.recentLimit
        }
        return statement
    }

    /// The statement cached for the SQL, prepared on first use.
    private func preparedOnce(_ sql: String, _ db: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { sqlite3_prepare_v2(db, $0, -1, &statement, &tail) }
        guard status == SQLITE_OK, let statement else { throw error(db, status, sql) }
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(statement)
            throw ProgrammingError(message: "You can only execute one statement at a time.", sql: sql)
        }
        statements[sql] = statement
        return statement
    }

    private func error(_ db: OpaquePointer, _ status: Int32, _ sql: String) -> any DatabaseError {
        let message = String(cString: sqlite3_errmsg(db))
        switch status & 0xff {
        case SQLITE_CONSTRAINT: return IntegrityError(message: message, sql: sql)
        case SQLITE_MISMATCH, SQLITE_TOOBIG, SQLITE_RANGE: return DataError(message: message, sql: sql)
        case SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_READONLY,
             SQLITE_FULL, SQLITE_PERM, SQLITE_AUTH, SQLITE_NOTADB, SQLITE_CORRUPT:
            var hint: String?
            if message.hasPrefix("no such table:") || message.hasPrefix("no such column:") {
                hint = "run `shallot migrate`"
            }
            return OperationalError(message: message, sql: sql, hint: hint)
        case SQLITE_MISUSE: return ProgrammingError(message: message, sql: sql)
        default: return InternalError(message: message, sql: sql)
        }
    }
}
