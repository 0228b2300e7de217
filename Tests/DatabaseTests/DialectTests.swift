import Database
import Foundation
import Testing

/// SQLite with numbered placeholders (`?1`, `?2`, ...), as PostgreSQL numbers `$1`, `$2`: proves
/// the compiler numbers parameters in the order they appear, across WHERE, HAVING, SET and subqueries.
struct NumberedDialect: SQLDialect {
    let sqlite = SQLiteDialect()
    func placeholder(_ position: Int) -> String { "?\(position)" }
    func columnType(_ field: FieldInfo) -> String { sqlite.columnType(field) }
    func patternSQL(_ lookup: Lookup, column: String, placeholder: String) -> String {
        sqlite.patternSQL(lookup, column: column, placeholder: placeholder)
    }
    func patternValue(_ lookup: Lookup, _ value: String) -> String { sqlite.patternValue(lookup, value) }
    func extract(_ part: DatePart, from column: String) -> String { sqlite.extract(part, from: column) }
    var randomFunction: String { sqlite.randomFunction }
    var tableNamesQuery: String { sqlite.tableNamesQuery }
}

struct NumberedBackend: DatabaseBackend {
    var vendor: String { "sqlite-numbered" }
    var dialect: any SQLDialect { NumberedDialect() }
    func connect(_ settings: DatabaseSettings) throws -> any DatabaseDriver { try SQLiteBackend().connect(settings) }
}

@Suite struct DialectTests {
    func withNumberedDatabase(_ body: (Connection) throws -> Void) throws {
        let handler = ConnectionHandler(["default": DatabaseSettings(backend: NumberedBackend(), name: ":memory:")])
        let connection = try handler.connection()
        defer { connection.close() }
        try SchemaEditor(connection).createModel(Question.self)
        try SchemaEditor(connection).createModel(Choice.self)
        try handler.activate {
            try seedPolls()
            try body(connection)
        }
    }

    @Test func parametersAreNumberedInTheOrderTheyAppear() throws {
        try withNumberedDatabase { connection in
            connection.queryLog.start()
            let popular = try Question.objects.annotate("n", Count("choice")).filter("n__gte", 2)
                .filter("question_text__startswith", "W").filter("choice__votes__gte", 1).orderBy("question_text").fetch()
            #expect(popular.map(\.questionText) == ["What's up?", "Who's there?"])
            let sql = connection.queryLog.stop()[0].sql
            #expect(sql.contains("GLOB ?1") && sql.contains(">= ?2") && sql.contains("HAVING COUNT(\"polls_choice\".\"id\") >= ?3"))

            #expect(try Choice.objects.filter("question__question_text", "What's up?").update(["votes": F("votes") + 10]) == 2)
            #expect(try Choice.objects.filter("votes__gt", 10).count() == 2)
            #expect(try Question.objects.exclude("choice__votes", 13).exclude("question_text", "Old news").count() == 1)
            #expect(try Question.objects.filter("pub_date__year", 2023)[0..<1].count() == 1)
            #expect(try Question.objects.filter("choice__votes__gte", 0).distinct().count() == 3)
            #expect(try Choice.objects.filter("votes__range", 1...2).delete() == 2)
            var question = try Question.objects.get("question_text", "Old news")
            question.questionText = "Renamed"
            try question.save()
            #expect(try Question.objects.filter("question_text", "Renamed").exists())
        }
    }

    @Test func sqliteIsTheDefaultVendor() throws {
        let connection = Connection(settings: .sqlite(":memory:"))
        #expect(connection.vendor == "sqlite")
        #expect(connection.dialect.quote("a\"b") == "\"a\"\"b\"")
    }
}
