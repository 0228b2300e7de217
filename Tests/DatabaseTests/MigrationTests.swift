import Database
import Foundation
import Testing

@Suite struct MigrationTests {
    /// A private empty database for `body`.
    func withEmptyDatabase(_ body: (Connection) throws -> Void) throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:")])
        let connection = try handler.connection()
        defer { connection.close() }
        try handler.activate { try body(connection) }
    }

    func tables(_ connection: Connection) throws -> [String] { try SchemaEditor(connection).tableNames() }

    @Test func initialMigrationCreatesModelsInDependencyOrderAndIsRecorded() throws {
        try withEmptyDatabase { connection in
            let empty = try Migrator(connection, migrations: [])
            let initial = try #require(try empty.makeMigration(app: "polls", models: [ModelState(Choice.self), ModelState(Question.self)]))
            #expect(initial.label == "polls.0001_initial")
            #expect(initial.operations.map(\.description) == ["Create model Question", "Create model Choice"])
            let migrator = try Migrator(connection, migrations: [initial])
            #expect(try migrator.plan().map(\.label) == ["polls.0001_initial"])
            #expect(try migrator.migrate().map(\.label) == ["polls.0001_initial"])
            #expect(try tables(connection) == ["django_migrations", "polls_choice", "polls_question"])
            #expect(try migrator.applied() == ["polls.0001_initial"])
            #expect(try migrator.plan().isEmpty)
            #expect(try migrator.migrate().isEmpty)
            let recorded = try connection.query("SELECT app, name FROM django_migrations")
            #expect(recorded.map { $0.values } == [[.text("polls"), .text("0001_initial")]])
            // The models as declared now match the recorded state: nothing to make.
            #expect(try migrator.makeMigration(app: "polls", models: [ModelState(Question.self), ModelState(Choice.self)]) == nil)
            // And the tables work.
            try seedPolls()
            #expect(try Choice.objects.filter("question__question_text", "Old news").count() == 1)
        }
    }

    /// Question as it was before `pub_date` existed.
    static let earlyQuestion = ModelState(name: "Question", table: "polls_question", fields: [
        FieldInfo(name: "id", kind: .autoField),
        FieldInfo(name: "question_text", kind: .char(maxLength: 100)),
    ])

    @Test func addAlterAndRemoveFieldsKeepTheData() throws {
        try withEmptyDatabase { connection in
            let first = Migration(app: "polls", name: "0001_initial", operations: [
                .createModel(Self.earlyQuestion),
                .createModel(ModelState(Choice.self)),
            ])
            try Migrator(connection, migrations: [first]).migrate()
            try connection.execute("INSERT INTO polls_question (question_text) VALUES (?)", [.text("Kept?")])
            try connection.execute("INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (1, 'yes', 4)")

            let next = try #require(try Migrator(connection, migrations: [first])
                .makeMigration(app: "polls", models: [ModelState(Question.self), ModelState(Choice.self)]))
            #expect(next.name == "0002_auto")
            #expect(next.operations.map(\.description) == ["Alter field question_text on question", "Add field pub_date to question"])
            // A NOT NULL column without a default cannot be added to a table with rows: refused, rolled back.
            let refused = #expect(throws: IntegrityError.self) { try Migrator(connection, migrations: [first, next]).migrate() }
            #expect(refused?.message.contains("NOT NULL constraint failed") == true)
            #expect(try Migrator(connection, migrations: [first, next]).plan().map(\.name) == ["0002_auto"])
            #expect(try connection.query("SELECT COUNT(*) FROM polls_question")[0][0] == .integer(1))

            var pubDate = FieldInfo(name: "pub_date", kind: .dateTime)
            pubDate.defaultValue = .text("2026-01-01 00:00:00.000000")
            let second = Migration(app: "polls", name: "0002_pub_date", operations: [
                .alterField(model: "Question", field: FieldInfo(name: "question_text", kind: .char(maxLength: 200))),
                .addField(model: "Question", field: pubDate),
            ])
            try Migrator(connection, migrations: [first, second]).migrate()
            let question = try Question.objects.get()
            #expect(question.questionText == "Kept?")
            #expect(question.pubDate == DateCodingFixture.newYear2026)
            // The choice survived its parent table being rebuilt, and still points at it.
            #expect(try Choice.objects.filter("question__question_text", "Kept?").count() == 1)
            #expect(try connection.query("PRAGMA foreign_keys")[0][0] == .integer(1))

            let third = Migration(app: "polls", name: "0003_drop_votes", operations: [.removeField(model: "Choice", name: "votes")])
            try Migrator(connection, migrations: [first, second, third]).migrate()
            let columns = try connection.query("PRAGMA table_info(polls_choice)").map { $0["name"]! }
            #expect(columns == [.text("id"), .text("question_id"), .text("choice_text")])
            #expect(try connection.query("SELECT choice_text FROM polls_choice")[0][0] == .text("yes"))
        }
    }

    @Test func indexesAndRawSQL() throws {
        try withEmptyDatabase { connection in
            let index = Index(fields: ["-pub_date", "question_text"], name: "polls_question_recent")
            let migrations = [
                Migration(app: "polls", name: "0001_initial", operations: [.createModel(ModelState(Question.self))]),
                Migration(app: "polls", name: "0002_index", operations: [
                    .addIndex(model: "Question", index: index),
                    .runSQL(["INSERT INTO polls_question (question_text, pub_date) VALUES ('seeded', '2026-01-01 00:00:00')"]),
                ]),
            ]
            try Migrator(connection, migrations: migrations).migrate()
            let sql = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'polls_question_recent'")
            #expect(sql.first?[0] == .text(#"CREATE INDEX "polls_question_recent" ON "polls_question" ("pub_date" DESC, "question_text")"#))
            #expect(try Question.objects.get().questionText == "seeded")
            let drop = Migration(app: "polls", name: "0003_drop_index", operations: [.removeIndex(model: "Question", name: "polls_question_recent")])
            try Migrator(connection, migrations: migrations + [drop]).migrate()
            #expect(try connection.query("SELECT sql FROM sqlite_master WHERE name = 'polls_question_recent'").isEmpty)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        try withEmptyDatabase { connection throws -> Void in
            let broken = Migration(app: "polls", name: "0001_initial", operations: [
                .createModel(ModelState(Question.self)),
                .runSQL(["INSERT INTO polls_question (question_text, pub_date) VALUES ('x', 'y'); DROP TABLE polls_question"]),
            ])
            #expect(throws: ProgrammingError.self) { try Migrator(connection, migrations: [broken]).migrate() }
            #expect(try tables(connection) == ["django_migrations"])
            #expect(try Migrator(connection, migrations: [broken]).applied().isEmpty)
        }
    }

    @Test func deleteModelAndStateErrors() throws {
        try withEmptyDatabase { connection in
            let first = Migration(app: "library", name: "0001_initial", operations: [.createModel(ModelState(Author.self))])
            let migrator = try Migrator(connection, migrations: [first])
            try migrator.migrate()
            let removal = try #require(try migrator.makeMigration(app: "library", models: []))
            #expect(removal.operations == [.deleteModel(name: "Author")])
            try Migrator(connection, migrations: [first, removal]).migrate()
            #expect(try tables(connection) == ["django_migrations"])

            var state = ProjectState()
            #expect(throws: MigrationError.self) { try state.apply(.addField(model: "Nope", field: FieldInfo(name: "x", kind: .text))) }
            #expect(throws: MigrationError.self) { try Migrator(connection, migrations: [first, first]) }
        }
    }

    @Test func migrationsRefuseToRunInsideAnAtomicBlock() throws {
        try withEmptyDatabase { connection in
            let first = Migration(app: "polls", name: "0001_initial", operations: [.createModel(ModelState(Question.self))])
            try connection.atomic {
                #expect(throws: MigrationError.self) { try Migrator(connection, migrations: [first]).migrate() }
            }
        }
    }
}

enum DateCodingFixture {
    static let newYear2026 = Date(timeIntervalSince1970: 1_767_225_600)
}

@Suite struct MigrationWriterTests {
    @Test func migrationsAreWrittenAsSwift() throws {
        var votes = FieldInfo(name: "votes", kind: .integer)
        votes.defaultValue = .integer(0)
        let migration = Migration(app: "polls", name: "0002_auto", operations: [
            .createModel(ModelState(Choice.self)),
            .addField(model: "Question", field: votes),
            .addIndex(model: "Question", index: Index(fields: ["-pub_date"], name: "recent")),
            .runSQL(["UPDATE \"polls_question\" SET votes = 'it''s'\n"]),
        ])
        #expect(migration.swiftSource == #"""
        Migration(app: "polls", name: "0002_auto", operations: [
            .createModel(ModelState(name: "Choice", table: "polls_choice", fields: [
                FieldInfo(name: "id", kind: .autoField),
                FieldInfo(name: "question", column: "question_id", kind: .foreignKey(to: RelatedModel("Question"), onDelete: .cascade)),
                FieldInfo(name: "choice_text", kind: .char(maxLength: 200)),
                FieldInfo(name: "votes", kind: .integer, options: [.default(.integer(0))]),
            ])),
            .addField(model: "Question", field: FieldInfo(name: "votes", kind: .integer, options: [.default(.integer(0))])),
            .addIndex(model: "Question", index: Index(fields: ["-pub_date"], name: "recent")),
            .runSQL(["UPDATE \"polls_question\" SET votes = 'it''s'\n"]),
        ])
        """#)
    }

    @Test func writtenFieldsDeclareTheSameField() {
        // What the writer emits for a field, declared by hand, is equal to the field.
        let choice = FieldChoice(SQLValue.text("r"), "Red \"hot\"")
        let field = FieldInfo(name: "color", column: "colour", kind: .char(maxLength: 10),
                              options: [.null, .blank, .unique, .dbIndex, .choices([choice])])
        let written = #"FieldInfo(name: "color", column: "colour", kind: .char(maxLength: 10), options: [.null, .blank, .unique, .dbIndex, .choices([FieldChoice(SQLValue.text("r"), "Red \"hot\"")])])"#
        #expect(Migration(app: "a", name: "b", operations: [.addField(model: "M", field: field)]).swiftSource.contains(written))
    }
}
