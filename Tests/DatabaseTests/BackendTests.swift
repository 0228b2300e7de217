import Database
import Foundation
import Synchronization
import Testing

@Suite struct BackendTests {
    @Test func connectionOpensLazilyAndClosesExplicitly() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:")])
        let connection = try handler.connection()
        #expect(!connection.isOpen)
        #expect(try connection.query("SELECT 1 + 1")[0][0] == .integer(2))
        #expect(connection.isOpen)
        connection.close()
        #expect(!connection.isOpen)
        #expect(connection.cachedStatementCount == 0)
        #expect(try connection.query("SELECT 2")[0][0] == .integer(2))
    }

    @Test func fileDatabaseUsesWALForeignKeysAndBusyTimeout() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-\(UUID()).sqlite3").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let connection = Connection(settings: .sqlite(path, timeout: 2.5))
        defer { connection.close() }
        #expect(try connection.query("PRAGMA journal_mode")[0][0] == .text("wal"))
        #expect(try connection.query("PRAGMA foreign_keys")[0][0] == .integer(1))
        #expect(try connection.query("PRAGMA busy_timeout")[0][0] == .integer(2500))
    }

    @Test func preparedStatementsAreCachedPerConnection() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (x integer)")
        let before = connection.cachedStatementCount
        for value in 0..<5 { try connection.execute("INSERT INTO t (x) VALUES (?)", [.integer(Int64(value))]) }
        #expect(connection.cachedStatementCount == before + 1)
        #expect(try connection.query("SELECT SUM(x) FROM t")[0][0] == .integer(10))
    }

    @Test func valuesAreBoundNeverSpliced() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (s text)")
        let nasty = "x'); DROP TABLE t; --"
        try connection.execute("INSERT INTO t (s) VALUES (?)", [.text(nasty)])
        #expect(try connection.query("SELECT s FROM t")[0][0] == .text(nasty))
        try connection.execute("DELETE FROM t")
        for text in ["", "a\u{0}b", "🧅"] { try connection.execute("INSERT INTO t (s) VALUES (?)", [.text(text)]) }
        #expect(try connection.query("SELECT s, length(CAST(s AS BLOB)) FROM t ORDER BY rowid").map(\.values)
                == [[.text(""), .integer(0)], [.text("a\u{0}b"), .integer(3)], [.text("🧅"), .integer(4)]])
    }

    @Test func onlyOneStatementAtATime() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (s text)")
        #expect(throws: ProgrammingError.self) { try connection.execute("SELECT 1; DROP TABLE t") }
        #expect(try connection.query("SELECT COUNT(*) FROM t")[0][0] == .integer(0))
    }

    @Test func parameterCountMismatchIsAProgrammingError() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        defer { connection.close() }
        let error = #expect(throws: ProgrammingError.self) { try connection.query("SELECT ?", []) }
        #expect(error?.message.contains("uses 1, and there are 0 supplied") == true)
    }

    @Test func missingTableIsAnOperationalErrorWithAHint() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:")])
        let error = #expect(throws: OperationalError.self) {
            try handler.activate { try Question.objects.fetch() }
        }
        #expect(error?.message == "no such table: polls_question")
        #expect(error?.hint == "run `shallot migrate`")
        #expect(error?.sql?.hasPrefix("SELECT \"polls_question\".\"id\"") == true)
        #expect(error.map(String.init(describing:))?.contains("(run `shallot migrate`)") == true)
    }

    @Test func constraintViolationsAreIntegrityErrorsCarryingTheSQL() throws {
        try withDatabase { _ in
            try Author.objects.create(Author(name: "Ann"))
            let error = #expect(throws: IntegrityError.self) { try Author.objects.create(Author(name: "Ann")) }
            #expect(error?.message == "UNIQUE constraint failed: library_author.name")
            #expect(error?.sql?.hasPrefix("INSERT INTO \"library_author\"") == true)
            #expect((error as (any DatabaseError)?) != nil)
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        try withDatabase { _ in
            let error = #expect(throws: IntegrityError.self) {
                try Choice.objects.create(Choice(question: ForeignKey(id: 999), choiceText: "orphan"))
            }
            #expect(error?.message == "FOREIGN KEY constraint failed")
        }
    }

    @Test func unknownAliasIsRefused() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:")])
        let error = #expect(throws: ProgrammingError.self) { try handler.connection("other") }
        #expect(error?.message == "The connection 'other' doesn't exist.")
    }

    @Test func oneConnectionPerThread() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:")])
        let mine = try handler.connection()
        #expect(try handler.connection() === mine)
        let box = Mutex<ObjectIdentifier?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let theirs = try? handler.connection()
            box.withLock { $0 = theirs.map(ObjectIdentifier.init) }
            done.signal()
        }.start()
        done.wait()
        let theirs = box.withLock { $0 }
        #expect(theirs != nil)
        #expect(theirs != ObjectIdentifier(mine))
        handler.closeThreadConnections()
        #expect(try handler.connection() !== mine)
    }

    @Test func oldConnectionsCloseByConnMaxAge() throws {
        let handler = ConnectionHandler([
            "default": .sqlite(":memory:"),
            "persistent": .sqlite(":memory:", connMaxAge: nil),
        ])
        let perRequest = try handler.connection()
        let persistent = try handler.connection("persistent")
        try perRequest.open()
        try persistent.open()
        try perRequest.atomic { handler.closeOldConnections() }
        #expect(try handler.connection() === perRequest)
        handler.closeOldConnections()
        #expect(!perRequest.isOpen)
        #expect(try handler.connection() !== perRequest)
        #expect(try handler.connection("persistent") === persistent && persistent.isOpen)
        persistent.close()
    }

    /// `closeOldConnections` skips its work while no connection has a CONN_MAX_AGE: the count it
    /// keeps follows connections made, closed, forgotten and made again.
    @Test func connMaxAgeCountFollowsConnectionsComingAndGoing() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:"), "persistent": .sqlite(":memory:", connMaxAge: nil)])
        let persistent = try handler.connection("persistent")
        try persistent.open()
        for _ in 0..<3 {
            let connection = try handler.connection()
            try connection.open()
            handler.closeOldConnections()
            #expect(!connection.isOpen)
        }
        let forgotten = try handler.connection()
        try forgotten.open()
        handler.closeThreadConnections()
        #expect(!forgotten.isOpen && !persistent.isOpen)
        _ = try handler.connection()
        handler.closeAll()
        let again = try handler.connection()
        try again.open()
        let kept = try handler.connection("persistent")
        try kept.open()
        handler.closeOldConnections()
        #expect(!again.isOpen)
        #expect(kept.isOpen)
        kept.close()
    }

    @Test func settingsFromDjangoEngineNames() throws {
        #expect(try DatabaseSettings(engine: "django.db.backends.sqlite3", name: "db.sqlite3").backend.vendor == "sqlite")
        let error = #expect(throws: ProgrammingError.self) { try DatabaseSettings(engine: "django.db.backends.oracle", name: "x") }
        #expect(error?.message == "'django.db.backends.oracle' isn't an available database backend. Try using 'django.db.backends.sqlite3'.")
    }

    @Test func workerThreadsShareAFileDatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-\(UUID()).sqlite3").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let handler = ConnectionHandler(["default": .sqlite(path)])
        try SchemaEditor(handler.connection()).createModel(Question.self)
        let group = DispatchGroup()
        let failures = Mutex(0)
        for worker in 0..<4 {
            group.enter()
            Thread {
                defer { handler.closeThreadConnections(); group.leave() }
                do {
                    try handler.activate {
                        for index in 0..<10 {
                            try Question.objects.create(Question(questionText: "w\(worker)-\(index)", pubDate: Date()))
                        }
                    }
                } catch { failures.withLock { $0 += 1 } }
            }.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == 0)
        #expect(try Question.objects.using(handler).count() == 40)
        handler.closeThreadConnections()
    }

    @Test func aHeldWriteLockTimesOutAsDatabaseIsLocked() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-\(UUID()).sqlite3").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let holder = Connection(settings: .sqlite(path))
        let waiter = Connection(settings: .sqlite(path, timeout: 0.05))
        defer { holder.close(); waiter.close() }
        try holder.execute("CREATE TABLE t (x integer)")
        try holder.execute("BEGIN IMMEDIATE")
        try holder.execute("INSERT INTO t (x) VALUES (1)")
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: OperationalError.self) { try waiter.execute("INSERT INTO t (x) VALUES (2)") }
        #expect(error?.message == "database is locked")
        #expect(clock.now - start >= .milliseconds(40))
        // Readers are not blocked by the writer in WAL mode, and see the last commit.
        #expect(try waiter.query("SELECT COUNT(*) FROM t")[0][0] == .integer(0))
        try holder.execute("COMMIT")
        try waiter.execute("INSERT INTO t (x) VALUES (2)")
        #expect(try waiter.query("SELECT COUNT(*) FROM t")[0][0] == .integer(2))
    }

    @Test func queryLogRecordsSQLParametersAndDuration() throws {
        try withDatabase { connection in
            connection.queryLog.start()
            _ = try Question.objects.filter("question_text", "x'y").count()
            let queries = connection.queryLog.stop()
            #expect(queries.count == 1)
            #expect(queries[0].sql == #"SELECT COUNT(*) FROM "polls_question" WHERE "polls_question"."question_text" = ?"#)
            #expect(queries[0].parameters == [.text("x'y")])
            #expect(queries[0].duration >= .zero)
            #expect(queries[0].description.contains("params: 'x''y'"))
            _ = try Question.objects.count()
            #expect(connection.queryLog.queries.isEmpty)
            #expect(!connection.queryLog.isRecording)
        }
    }

    @Test func queryLogRecordsFailuresAndFeedsAnObserver() throws {
        try withDatabase { connection in
            let seen = Mutex<[String]>([])
            connection.queryLog.observer = { query in seen.withLock { $0.append(query.sql) } }
            connection.queryLog.start()
            _ = try? connection.execute("SELECT * FROM nowhere")
            let queries = connection.queryLog.stop()
            #expect(queries.count == 1)
            #expect(queries[0].error?.contains("no such table: nowhere") == true)
            #expect(seen.withLock { $0 } == ["SELECT * FROM nowhere"])
        }
    }

    @Test func sqlValuesDescribeThemselvesAsLiterals() {
        #expect(SQLValue.text("it's").description == "'it''s'")
        #expect(SQLValue.null.description == "NULL")
        #expect(SQLValue.blob([0xde, 0xad]).description == "X'DEAD'")
        #expect(SQLValue.integer(-3).description == "-3")
    }
}
