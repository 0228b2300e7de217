import Database
import Foundation
import Testing

/// Prepared statements are kept per connection and reset, rebound and reused: a statement that
/// failed (a constraint, a bad binding, an error while stepping) works again on its next use,
/// and a statement's column names follow the schema when SQLite re-prepares it.
@Suite struct StatementReuseTests {
    @Test func aStatementWorksAgainAfterAConstraintError() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (x integer UNIQUE)")
        let before = connection.cachedStatementCount
        let insert = "INSERT INTO t (x) VALUES (?)"
        try connection.execute(insert, [.integer(1)])
        #expect(throws: IntegrityError.self) { try connection.execute(insert, [.integer(1)]) }
        try connection.execute(insert, [.integer(2)])
        #expect(try connection.query("SELECT x FROM t ORDER BY x").map { $0[0] } == [.integer(1), .integer(2)])
        // The INSERT is prepared once, and the SELECT.
        #expect(connection.cachedStatementCount == before + 2)
    }

    /// More statements than the driver keeps at hand, in turn and with SQL of the same length:
    /// each finds its own statement (prepared once), whether by the recent list or the cache.
    @Test func manyStatementsInTurnEachFindTheirOwn() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.open()
        let before = connection.cachedStatementCount
        let statements = (10..<30).map { "SELECT \($0) + ?" }
        for round in 0..<3 {
            for (index, sql) in statements.enumerated() {
                #expect(try connection.query(sql, [.integer(Int64(round))])[0][0] == .integer(Int64(10 + index + round)))
                // The same SQL in another string (not the one the statement was cached under).
                let copy = String(decoding: Array(sql.utf8), as: UTF8.self)
                #expect(try connection.query(copy, [.integer(1)])[0][0] == .integer(Int64(11 + index)))
            }
        }
        #expect(connection.cachedStatementCount == before + statements.count)
        connection.close()
        #expect(try connection.query(statements[0], [.integer(0)])[0][0] == .integer(10))
    }

    @Test func aStatementWorksAgainAfterABadBinding() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        let select = "SELECT ? + ?"
        #expect(throws: ProgrammingError.self) { try connection.query(select, [.integer(1)]) }
        #expect(try connection.query(select, [.integer(1), .integer(2)])[0][0] == .integer(3))
        #expect(throws: ProgrammingError.self) { try connection.query(select, [.integer(1), .integer(2), .integer(3)]) }
        #expect(try connection.query(select, [.integer(4), .integer(5)])[0][0] == .integer(9))
    }

    @Test func aStatementWorksAgainAfterFailingWhileStepping() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (x integer)")
        try connection.execute("INSERT INTO t (x) VALUES (1), (2), (3)")
        // abs() of the smallest integer overflows on the row holding it, after other rows.
        let select = "SELECT abs(x) FROM t ORDER BY rowid"
        #expect(try connection.query(select).count == 3)
        try connection.execute("INSERT INTO t (x) VALUES (?)", [.integer(Int64.min)])
        #expect(throws: (any Error).self) { try connection.query(select) }
        try connection.execute("DELETE FROM t WHERE x = ?", [.integer(Int64.min)])
        #expect(try connection.query(select).map { $0[0] } == [.integer(1), .integer(2), .integer(3)])
    }

    @Test func columnNamesFollowTheSchema() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (a integer)")
        try connection.execute("INSERT INTO t (a) VALUES (1)")
        let select = "SELECT * FROM t"
        #expect(try connection.query(select)[0].columns.names == ["a"])
        #expect(try connection.query(select)[0]["a"] == .integer(1))
        try connection.execute("ALTER TABLE t RENAME COLUMN a TO b")
        let renamed = try connection.query(select)[0]
        #expect(renamed.columns.names == ["b"])
        #expect(renamed["b"] == .integer(1) && renamed["a"] == nil)
        try connection.execute("ALTER TABLE t ADD COLUMN c text")
        #expect(try connection.query(select)[0].columns.names == ["b", "c"])
    }

    @Test func wideResultsFindColumnsByName() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        let names = (0..<30).map { "c\($0)" }
        let row = try connection.query("SELECT " + names.enumerated().map { "\($0.offset) AS \($0.element)" }.joined(separator: ", ") + ", 99 AS c3")[0]
        #expect(row["c29"] == .integer(29))
        // The first column of a name wins, as before.
        #expect(row["c3"] == .integer(3))
        #expect(row["nope"] == nil)
    }
}
