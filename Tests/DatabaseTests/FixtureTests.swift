import Database
import Foundation
import Testing

@Suite struct FixtureTests {
    @Test func dumpDataWritesDjangosJSON() throws {
        try withDatabase { _ in
            let question = try Question.objects.create(Question(questionText: "What's \"up\"?", pubDate: Date(timeIntervalSince1970: 1_767_225_600.5)))
            try Choice.objects.create(Choice(question: ForeignKey(question), choiceText: "Not much", votes: 3))
            let json = try Fixtures.dumpData([Question.self, Choice.self])
            #expect(json == #"[{"model": "polls.question", "pk": 1, "fields": {"question_text": "What's \"up\"?", "pub_date": "2026-01-01T00:00:00.500Z"}}, {"model": "polls.choice", "pk": 1, "fields": {"question": 1, "choice_text": "Not much", "votes": 3}}]"#)
            let pretty = try Fixtures.dumpData([Choice.self], indent: 2)
            #expect(pretty == """
            [
            {
              "model": "polls.choice",
              "pk": 1,
              "fields": {
                "question": 1,
                "choice_text": "Not much",
                "votes": 3
              }
            }
            ]

            """)
        }
    }

    @Test func loadDataInstallsDjangoFixtures() throws {
        try withDatabase { _ in
            // Choices before their question: foreign keys are checked at commit, as in Django.
            let fixture = """
            [
              {"model": "polls.choice", "pk": 7, "fields": {"question": 3, "choice_text": "Lots", "votes": 2}},
              {"model": "polls.question", "pk": 3, "fields": {"question_text": "Hm?", "pub_date": "2026-01-01T01:00:00+01:00"}},
              {"model": "polls.Question", "pk": 4, "fields": {"question_text": "Later", "pub_date": "2026-01-02T00:00:00.250Z"}}
            ]
            """
            #expect(try Fixtures.loadData(fixture, models: [Question.self, Choice.self]) == 3)
            let question = try Question.objects.get("pk", 3)
            #expect(question.pubDate == Date(timeIntervalSince1970: 1_767_225_600))
            #expect(try Question.objects.get("pk", 4).pubDate == Date(timeIntervalSince1970: 1_767_312_000.25))
            #expect(try question.choiceSet.all().fetch().map(\.choiceText) == ["Lots"])
            // Loading again updates the rows with those keys.
            try Fixtures.loadData(#"[{"model": "polls.choice", "pk": 7, "fields": {"question": 3, "choice_text": "More", "votes": 9}}]"#,
                                  models: [Choice.self])
            #expect(try Choice.objects.get().votes == 9)
            #expect(try Choice.objects.count() == 1)
        }
    }

    @Test func everyKindRoundTrips() throws {
        try withDatabase { connection in
            try Sample.objects.create(Sample(name: "all", body: "b\n\"q\"", count: 1, big: 1 << 60, ratio: 1.5,
                                             amount: Decimal(string: "1.25")!, flag: true, day: day(0), stamp: day(1),
                                             tags: ["x", "y"], note: "n", raw: Data([1, 2])))
            let dumped = try Fixtures.dumpData([Sample.self])
            #expect(dumped.contains(#""flag": true"#) && dumped.contains(#""tags": ["x","y"]"#) && dumped.contains(#""amount": "1.25""#))
            #expect(dumped.contains(#""day": "2023-11-14""#))
            try Sample.objects.delete()
            try Fixtures.loadData(dumped, models: [Sample.self])
            #expect(try Fixtures.dumpData([Sample.self]) == dumped)
            let sample = try Sample.objects.get()
            #expect(sample.tags == ["x", "y"] && sample.big == 1 << 60 && sample.raw == Data([1, 2]))
            _ = connection
        }
    }

    @Test func badFixturesAreRefusedAndRolledBack() throws {
        try withDatabase { _ throws -> Void in
            let unknownModel = #expect(throws: DeserializationError.self) {
                try Fixtures.loadData(#"[{"model": "polls.poll", "pk": 1, "fields": {}}]"#, models: [Question.self])
            }
            #expect(unknownModel?.message == "Invalid model identifier: 'polls.poll'")
            let unknownField = #expect(throws: DeserializationError.self) {
                try Fixtures.loadData(#"[{"model": "polls.question", "pk": 1, "fields": {"question_text": "a", "pub_date": "2026-01-01T00:00:00Z"}}, {"model": "polls.question", "pk": 2, "fields": {"nope; DROP TABLE x": 1}}]"#, models: [Question.self])
            }
            #expect(unknownField?.message == "polls.question has no field named 'nope; DROP TABLE x'")
            #expect(try Question.objects.count() == 0)
            #expect(throws: DeserializationError.self) { try Fixtures.loadData("{not json", models: [Question.self]) }
            #expect(throws: DeserializationError.self) {
                try Fixtures.loadData(#"[{"model": "polls.question", "pk": 1, "fields": {"pub_date": "yesterday"}}]"#, models: [Question.self])
            }
            #expect(throws: IntegrityError.self) {
                try Fixtures.loadData(#"[{"model": "polls.choice", "pk": 1, "fields": {"question": 99, "choice_text": "x", "votes": 0}}]"#, models: [Choice.self])
            }
            #expect(try Choice.objects.count() == 0)
        }
    }
}
