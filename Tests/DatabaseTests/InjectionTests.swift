import Database
import Foundation
import Testing

/// SQL injection attempts through every public entry point: values are always bound (stored and
/// matched verbatim), and names that are not fields, lookups or plain aliases are refused before
/// any SQL runs.
@Suite struct InjectionTests {
    static let nastyValues = [
        "'; DROP TABLE polls_question; --",
        "\" OR 1=1 --",
        "x') OR ('1'='1",
        "Robert'); DELETE FROM polls_choice; --",
        "%_*?[]\\",
        "semi;colon",
        "nul\u{0}byte'; --",
        "émoji 🧅 and ' quote",
    ]

    func tablesIntact(_ connection: Connection) throws {
        let tables = try SchemaEditor(connection).tableNames()
        #expect(tables.contains("polls_question") && tables.contains("polls_choice"))
    }

    @Test(arguments: nastyValues)
    func valuesAreStoredAndMatchedVerbatim(value: String) throws {
        try withDatabase { connection in
            try seedPolls()
            var question = try Question.objects.create(Question(questionText: value, pubDate: day(0)))
            #expect(try Question.objects.get("question_text", value).id == question.id)
            #expect(try Question.objects.filter("question_text__iexact", value).count() == 1)
            #expect(try Question.objects.filter("question_text__contains", value).count() == 1)
            #expect(try Question.objects.filter("question_text__icontains", value).count() == 1)
            #expect(try Question.objects.filter("question_text__startswith", value).count() == 1)
            #expect(try Question.objects.filter("question_text__endswith", value).count() == 1)
            #expect(try Question.objects.filter("question_text__in", [value, "other"]).count() == 1)
            #expect(try Question.objects.exclude("question_text", value).count() == 3)
            #expect(try Question.objects.filter(Q("question_text", value) | Q("question_text", value + "'")).count() == 1)
            question.questionText = value + value
            try question.save()
            #expect(try Question.objects.filter("question_text", value + value).update(["question_text": value]) == 1)
            #expect(try Question.objects.getOrCreate(["question_text": value]).created == false)
            #expect(try Question.objects.updateOrCreate(["question_text": value], defaults: ["pub_date": day(2)]).created == false)
            #expect(try Choice.objects.count() == 5)
            #expect(try Question.objects.count() == 4)
            #expect(try Question.objects.filter("question_text", value).delete() == 1)
            try tablesIntact(connection)
        }
    }

    static let nastyNames = [
        "question_text; DROP TABLE polls_question; --",
        "question_text\" OR 1=1 --",
        "question_text) OR (1=1",
        "pub_date__lte) OR 1=1 --",
        "\"polls_question\".\"id\"",
        "id--",
        "",
    ]

    /// Runs `body`, which must throw; checks that nothing reached the database.
    func refused(_ connection: Connection, _ body: () throws -> Void) {
        connection.queryLog.start()
        #expect(throws: (any Error).self) { try body() }
        #expect(connection.queryLog.stop().isEmpty, "a statement ran")
    }

    @Test(arguments: nastyNames)
    func namesAreRefusedBeforeAnySQLRuns(name: String) throws {
        try withDatabase { connection in
            try seedPolls()
            refused(connection) { _ = try Question.objects.filter(name, 1).fetch() }
            refused(connection) { _ = try Question.objects.filter("question_text__" + name, 1).fetch() }
            refused(connection) { _ = try Question.objects.exclude(name, 1).count() }
            refused(connection) { _ = try Question.objects.filter(Q("id", 1) | Q(name, 1)).exists() }
            refused(connection) { _ = try Question.objects.get(name, 1) }
            refused(connection) { _ = try Question.objects.orderBy(name).fetch() }
            refused(connection) { _ = try Question.objects.orderBy("-" + name).fetch() }
            refused(connection) { _ = try Question.objects.values(name) }
            refused(connection) { _ = try Question.objects.valuesList(name) }
            refused(connection) { _ = try Question.objects.valuesList(name, flat: true) }
            refused(connection) { _ = try Question.objects.annotate(name, Count("choice")).fetch() }
            refused(connection) { _ = try Question.objects.annotate("n", Count(name)).fetch() }
            refused(connection) { _ = try Question.objects.aggregate(["n": Sum(name)]) }
            refused(connection) { _ = try Question.objects.aggregate([name: Count("id")]) }
            refused(connection) { _ = try Question.objects.update([name: 1]) }
            refused(connection) { _ = try Choice.objects.update(["votes": F(name) + 1]) }
            refused(connection) { _ = try Choice.objects.filter("votes", F(name)).count() }
            refused(connection) { _ = try Choice.objects.selectRelated(name).fetch() }
            refused(connection) { _ = try Question.objects.prefetchRelated(name).fetch() }
            // get_or_create looks first (as Django does), then refuses the name before inserting.
            #expect(throws: FieldError.self) { try Question.objects.getOrCreate(["question_text": "new"], defaults: [name: 1]) }
            #expect(throws: FieldError.self) { try Question.objects.getOrCreate([name: "new"]) }
            try tablesIntact(connection)
            #expect(try Question.objects.count() == 3)
        }
    }

    @Test func unknownFieldErrorNamesTheChoices() throws {
        try withDatabase { _ in
            let error = #expect(throws: FieldError.self) { try Choice.objects.filter("question__nope", 1).count() }
            #expect(error?.message == "Cannot resolve keyword 'nope' into field. Choices are: choice, id, pub_date, question_text")
        }
    }

    @Test func annotationAliasesMustBeIdentifiers() throws {
        try withDatabase { _ throws -> Void in
            for alias in ["a b", "a\"b", "a;b", "a--b", "a/*b", "1a", "a'b", "a__b"] {
                #expect(throws: QueryUsageError.self, "\(alias)") { try Question.objects.annotate(alias, Count("choice")).fetch() }
            }
            #expect(try Question.objects.annotate("ok_name1", Count("choice")).count() == 0)
        }
    }
}
