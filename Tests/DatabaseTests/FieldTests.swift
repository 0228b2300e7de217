import Database
import Foundation
import Testing

@Suite struct FieldTests {
    @Test func everyFieldKindRoundTrips() throws {
        try withDatabase { connection in
            let token = UUID()
            var sample = Sample(
                name: "all", body: "long text", count: 7, big: Int64.max, ratio: 0.25, amount: Decimal(string: "12.345")!,
                flag: true, day: day(3, hour: 23), stamp: Date(timeIntervalSince1970: 1_700_000_000.123456),
                token: token, tags: ["a", "b/c"], note: nil, raw: Data([0, 1, 255]))
            try sample.save()
            #expect(sample.id != nil)
            let loaded = try Sample.objects.get("pk", sample.id!)
            #expect(loaded.name == "all")
            #expect(loaded.body == "long text")
            #expect(loaded.count == 7)
            #expect(loaded.big == Int64.max)
            #expect(loaded.ratio == 0.25)
            #expect(loaded.amount == Decimal(string: "12.345")!)
            #expect(loaded.flag)
            #expect(loaded.stamp == Date(timeIntervalSince1970: 1_700_000_000.123456))
            #expect(loaded.token == token)
            #expect(loaded.tags == ["a", "b/c"])
            #expect(loaded.note == nil)
            #expect(loaded.raw == Data([0, 1, 255]))
            // Stored as Django stores them on SQLite.
            let row = try connection.query("SELECT day, stamp, token, tags, flag FROM kitchen_sample")[0]
            #expect(row["day"] == .text("2023-11-18"))
            #expect(row["stamp"] == .text("2023-11-14 22:13:20.123456"))
            #expect(row["token"] == .text(token.uuidString.replacingOccurrences(of: "-", with: "").lowercased()))
            #expect(row["tags"] == .text(#"["a","b/c"]"#))
            #expect(row["flag"] == .integer(1))
            #expect(try DateCodingProbe.dayString(loaded.day) == "2023-11-18")
        }
    }

    @Test func autoNowAndAutoNowAdd() throws {
        try withDatabase { _ in
            var sample = Sample(name: "stamps")
            #expect(sample.created == nil)
            try sample.save()
            let created = try #require(sample.created)
            let firstUpdate = try #require(sample.updated)
            Thread.sleep(forTimeInterval: 0.002)
            try sample.save()
            #expect(sample.created == created)
            #expect(try #require(sample.updated) > firstUpdate)
            let loaded = try Sample.objects.get("name", "stamps")
            #expect(loaded.created == created)
        }
    }

    @Test func ddlFollowsDjangosSQLiteTypes() throws {
        try withDatabase { connection in
            let sql = try connection.query("SELECT sql FROM sqlite_master WHERE name = 'polls_choice'")[0][0]
            #expect(sql == .text(#"CREATE TABLE "polls_choice" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "question_id" bigint NOT NULL REFERENCES "polls_question" ("id") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, "choice_text" varchar(200) NOT NULL, "votes" integer NOT NULL DEFAULT 0)"#))
            let indexes = try connection.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'polls_choice'")
            #expect(indexes.count == 1)
            #expect(try String(sqlValue: indexes[0][0]).hasPrefix("polls_choice_question_id_"))
            let sample = try String(sqlValue: connection.query("SELECT sql FROM sqlite_master WHERE name = 'kitchen_sample'")[0][0])
            for fragment in [#""name" varchar(20) NOT NULL UNIQUE"#, #""amount" decimal(10, 3) NOT NULL"#, #""flag" bool NOT NULL"#,
                             #""day" date NOT NULL"#, #""stamp" datetime NOT NULL"#, #""token" char(32) NOT NULL"#,
                             #""note" text NULL"#, #""created" datetime NULL"#, "JSON_VALID(\"tags\")"] {
                #expect(sample.contains(fragment), "\(fragment)")
            }
        }
    }

    @Test func jsonColumnsRefuseInvalidJSON() throws {
        try withDatabase { connection in
            try Sample.objects.create(Sample(name: "j"))
            #expect(throws: IntegrityError.self) { try connection.execute("UPDATE kitchen_sample SET tags = ?", [.text("{not json")]) }
        }
    }

    @Test func wrongStoredTypeIsADataError() throws {
        try withDatabase { connection in
            try Sample.objects.create(Sample(name: "bad"))
            try connection.execute("UPDATE kitchen_sample SET stamp = ?", [.text("yesterday")])
            #expect(throws: DataError.self) { try Sample.objects.fetch() }
            // A bad row after good ones: the objects already decoded are let go of, and the
            // query set still runs once the row is mended.
            try connection.execute("DELETE FROM kitchen_sample")
            for name in ["a", "b", "c"] { try Sample.objects.create(Sample(name: name)) }
            try connection.execute("UPDATE kitchen_sample SET stamp = ? WHERE name = 'b'", [.text("yesterday")])
            #expect(throws: DataError.self) { try Sample.objects.orderBy("name").fetch() }
            try connection.execute("UPDATE kitchen_sample SET stamp = (SELECT stamp FROM kitchen_sample WHERE name = 'a') WHERE name = 'b'")
            #expect(try Sample.objects.orderBy("name").fetch().map(\.name) == ["a", "b", "c"])
        }
    }

    @Test func saveUpdatesAnExistingRowAndInsertsAnUnknownPrimaryKey() throws {
        try withDatabase { _ in
            var question = Question(questionText: "first", pubDate: day(0))
            try question.save()
            let id = try #require(question.id)
            question.questionText = "changed"
            try question.save()
            #expect(try Question.objects.count() == 1)
            #expect(try Question.objects.get("pk", id).questionText == "changed")
            var explicit = Question(id: 42, questionText: "explicit", pubDate: day(0))
            try explicit.save()
            #expect(try Question.objects.get("id", 42).questionText == "explicit")
            var reloaded = Question(id: 42)
            try reloaded.refreshFromDatabase()
            #expect(reloaded.questionText == "explicit")
        }
    }

    @Test func foreignKeyValues() throws {
        try withDatabase { _ in
            let (what, _, _) = try seedPolls()
            let choice = try Choice.objects.get("choice_text", "Not much")
            #expect(choice.question.id == what.id)
            #expect(choice.question.object == nil)
            #expect(try choice.question.get().questionText == "What's up?")
            #expect(try Choice.objects.filter("question_id", what.id!).count() == 2)
        }
    }

    @Test func fieldsByDjangoName() throws {
        try withDatabase { _ in
            let (what, _, _) = try seedPolls()
            let choice = try Choice.objects.selectRelated("question").get("choice_text", "The sky")
            #expect(choice[field: "choice_text"] as? String == "The sky")
            #expect(choice[field: "votes"] as? Int == 5)
            #expect(choice[field: "pk"] as? Int? == choice.id)
            #expect(choice[field: "question_id"] as? SQLValue == .integer(Int64(what.id!)))
            let question = try #require(choice[field: "question"] as? ForeignKey<Question>)
            #expect(question.object?[field: "pub_date"] as? Date == day(0))
            let loaded = try Question.objects.get("pk", what.id!)
            let choices = try #require(loaded[field: "choice_set"] as? RelatedSet<Choice>)
            #expect(try choices.count() == 2)
            #expect(choice[field: "nope"] == nil)
            #expect(choice[field: "questionText"] == nil)
        }
    }

    @Test func relatedSetIsBoundOnLoadAndSave() throws {
        try withDatabase { _ in
            var unsaved = Question(questionText: "unsaved")
            #expect(try unsaved.choiceSet.count() == 0)
            try unsaved.save()
            try Choice.objects.create(Choice(question: ForeignKey(unsaved), choiceText: "a"))
            #expect(try unsaved.choiceSet.count() == 1)
            let loaded = try Question.objects.get("pk", unsaved.id!)
            #expect(try loaded.choiceSet.all().fetch().map(\.choiceText) == ["a"])
            #expect(try loaded.related(\Choice.question).count() == 1)
        }
    }
}

/// Datetime text as Django's SQLite backend stores it, read back to the microsecond.
@Suite struct DateTextTests {
    @Test func fractionsOfEveryLengthReadAsMicroseconds() throws {
        let base = try Date(sqlValue: .text("2026-11-23 10:20:30"))
        #expect(base.timeIntervalSince1970 == 1_795_429_230)
        for digits in 1...9 {
            let fraction = String("123456789".prefix(digits))
            let date = try Date(sqlValue: .text("2026-11-23 10:20:30." + fraction))
            let micros = (Double(Int(fraction)!) / pow(10, Double(digits)) * 1_000_000).rounded()
            #expect(date.timeIntervalSince1970 == 1_795_429_230 + micros / 1_000_000, "\(digits) digits")
        }
        #expect(try Date(sqlValue: .text("2026-11-23T10:20")).timeIntervalSince1970 == 1_795_429_200)
        #expect(try Date(sqlValue: .text("2026-11-23")).timeIntervalSince1970 == 1_795_392_000)
    }

    /// A model query reads a DateTimeField's text in place, as seconds: every stored form gives
    /// the `Date` its text gives, and text that is no datetime is still a DataError.
    @Test func modelQueriesReadDatetimesAsTheirText() throws {
        try withDatabase { connection in
            let texts = ["2026-11-23 10:20:30", "2026-11-23 10:20:30.5", "2026-11-23 10:20:30.123456",
                         "1969-07-20 20:17:40.000001", "2026-11-23", "2026-11-23T10:20", "2000-02-29 23:59:59.999999999"]
            for text in texts {
                try connection.execute("DELETE FROM polls_question")
                try connection.execute("INSERT INTO polls_question (question_text, pub_date) VALUES ('q', ?)", [.text(text)])
                let question = try #require(try Question.objects.fetch().first)
                #expect(question.pubDate == (try Date(sqlValue: .text(text))), "\(text)")
                // The raw values are untouched: the column's text as stored.
                #expect(try Question.objects.values("pub_date").first?["pub_date"] == .text(text))
            }
            try connection.execute("UPDATE polls_question SET pub_date = 'soon'")
            #expect(throws: DataError.self) { try Question.objects.fetch() }
        }
    }

    @Test func malformedTextIsRefused() {
        for text in ["2026-11-2", "2026-11-23 1", "2026-11-23 10:2", "2026-11-23 10:20:3", "2026-11-23 10:20:30.",
                     "2026-11-23 10:20:30.1234567890", "2026-13-01", "2026-11-23 10:20:30,5", "2026-1a-23", ""] {
            #expect(throws: (any Error).self, "\(text)") { try Date(sqlValue: .text(text)) }
        }
    }
}

/// Reads back what a DateField stored, through the public API.
enum DateCodingProbe {
    static func dayString(_ date: Date) throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        guard parts.hour == 0 else { return "not midnight: \(date)" }
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
