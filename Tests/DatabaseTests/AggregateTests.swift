import Database
import Foundation
import Testing

@Suite struct AggregateTests {
    @Test func aggregateOverTheQuery() throws {
        try withDatabase { _ in
            try seedPolls()
            let row = try Choice.objects.aggregate(["total": Sum("votes"), "mean": Avg("votes"), "least": Min("votes"),
                                                   "most": Max("votes"), "n": Count("id")])
            #expect(row.columns.names == ["total", "mean", "least", "most", "n"])
            #expect(row["total"] == .integer(11))
            #expect(row["mean"] == .real(2.2))
            #expect(row["least"] == .integer(0))
            #expect(row["most"] == .integer(5))
            #expect(row["n"] == .integer(5))
            #expect(try Choice.objects.filter("votes__gt", 2).aggregate(["total": Sum("votes")])["total"] == .integer(8))
            #expect(try Choice.objects.filter("votes__gt", 99).aggregate(["total": Sum("votes")])["total"] == .null)
            #expect(try Choice.objects.aggregate(["questions": Count("question", distinct: true)])["questions"] == .integer(3))
            #expect(try Question.objects.aggregate(["votes": Sum("choice__votes")])["votes"] == .integer(11))
            #expect(try Choice.objects.aggregate(["rows": Count("*")])["rows"] == .integer(5))
        }
    }

    @Test func annotatePerRowFilterAndOrderOnIt() throws {
        try withDatabase { connection in
            try seedPolls()
            try Question.objects.create(Question(questionText: "Empty", pubDate: day(1)))
            let counted = Question.objects.annotate("num_choices", Count("choice"))
            let rows = try counted.orderBy("num_choices", "question_text").values("question_text", "num_choices")
            #expect(rows.map { $0["question_text"]! } == [.text("Empty"), .text("Old news"), .text("What's up?"), .text("Who's there?")])
            #expect(rows.map { $0["num_choices"]! } == [.integer(0), .integer(1), .integer(2), .integer(2)])
            connection.queryLog.start()
            let popular = try counted.filter("num_choices__gt", 1).orderBy("question_text").fetch()
            #expect(popular.map(\.questionText) == ["What's up?", "Who's there?"])
            let sql = connection.queryLog.stop()[0].sql
            #expect(sql.contains("GROUP BY"))
            #expect(sql.contains(#"HAVING COUNT("polls_choice"."id") > ?"#))
            #expect(try counted.filter("num_choices__gt", 1).count() == 2)
            #expect(try counted.filter("num_choices", 0).fetch().map(\.questionText) == ["Empty"])
            let totals = try Question.objects.annotate("total", Sum("choice__votes")).filter("total__gte", 2)
                .orderBy("-total").valuesList("question_text", flat: true, as: String.self)
            #expect(totals == ["What's up?", "Old news"])
        }
    }

    @Test func valuesGroupByTheNamedFields() throws {
        try withDatabase { _ in
            try seedPolls()
            let rows = try Choice.objects.annotate("total", Sum("votes"))
                .orderBy("question__question_text").values("question__question_text", "total")
            #expect(rows.map { $0["total"]! } == [.integer(2), .integer(8), .integer(1)])
        }
    }

    @Test func annotationNamesAreChecked() throws {
        try withDatabase { _ in
            let clash = #expect(throws: QueryUsageError.self) { try Question.objects.annotate("pub_date", Count("choice")).fetch() }
            #expect(clash?.message == "The annotation 'pub_date' conflicts with a field on the model.")
            #expect(throws: FieldError.self) { try Question.objects.annotate("n", Count("nope")).fetch() }
            #expect(throws: FieldError.self) { try Question.objects.annotate("n", Sum("pub_date__year")).fetch() }
        }
    }
}

/// A custom aggregate whose function name tries to smuggle SQL.
struct Sneaky: Aggregate {
    var function: String { "COUNT(*)); DROP TABLE polls_question; --" }
    var path: String { "id" }
    var distinct: Bool { false }
}

@Suite struct AnnotatedFetchTests {
    @Test func annotationsComeWithTheObjects() throws {
        try withDatabase { _ in
            try seedPolls()
            let rows = try Question.objects.annotate("n", Count("choice")).annotate("top", Max("choice__votes"))
                .orderBy("pub_date").fetchAnnotated()
            #expect(rows.map(\.object.questionText) == ["Old news", "Who's there?", "What's up?"])
            #expect(rows.map { $0.annotations["n"]! } == [.integer(1), .integer(2), .integer(2)])
            #expect(try rows.map { try $0.annotations.get("top", as: Int.self) } == [2, 1, 5])
        }
    }

    @Test func customAggregateFunctionNamesAreChecked() throws {
        try withDatabase { connection in
            connection.queryLog.start()
            #expect(throws: FieldError.self) { try Question.objects.aggregate(["x": Sneaky()]) }
            #expect(connection.queryLog.stop().isEmpty)
        }
    }

    @Test func latestEarliestInBulkAndCompiledSQL() throws {
        try withDatabase { _ in
            let (what, who, old) = try seedPolls()
            #expect(try Question.objects.latest("pub_date").id == what.id)
            #expect(try Question.objects.earliest("pub_date").id == old.id)
            #expect(throws: DoesNotExist.self) { try Question.objects.filter("pk", -1).latest("pub_date") }
            let bulk = try Question.objects.inBulk([who.id!, old.id!, 999])
            #expect(Set(bulk.keys) == [.integer(Int64(who.id!)), .integer(Int64(old.id!))])
            let compiled = try Choice.objects.filter("votes__gt", 1).orderBy("-votes").compiledSQL()
            #expect(compiled.sql == #"SELECT "polls_choice"."id", "polls_choice"."question_id", "polls_choice"."choice_text", "polls_choice"."votes" FROM "polls_choice" WHERE "polls_choice"."votes" > ? ORDER BY "polls_choice"."votes" DESC"#)
            #expect(compiled.parameters == [.integer(1)])
        }
    }
}
