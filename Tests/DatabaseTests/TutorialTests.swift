import Database
import Foundation
import Testing

extension Question {
    /// The tutorial's model method.
    func wasPublishedRecently(now: Date = Date()) -> Bool {
        now.addingTimeInterval(-86400) <= pubDate && pubDate <= now
    }
}

/// The Django tutorial (parts 2 and 4) on a file database, from `makemigrations` to voting.
@Suite struct TutorialTests {
    @Test func pollsTutorial() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("polls-\(UUID()).sqlite3").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let handler = ConnectionHandler(["default": .sqlite(path)])
        defer { handler.closeThreadConnections() }
        try handler.activate {
            // python manage.py makemigrations polls && python manage.py migrate
            let models = [ModelState(Question.self), ModelState(Choice.self)]
            let initial = try #require(try Migrator(using: "default", migrations: []).makeMigration(app: "polls", models: models))
            #expect(try Migrator(migrations: [initial]).migrate().map(\.label) == ["polls.0001_initial"])

            #expect(try Question.objects.all().fetch().isEmpty)
            let now = Date()
            var q = Question(questionText: "What's new?", pubDate: now)
            try q.save()
            #expect(q.id == 1)
            q.questionText = "What's up?"
            try q.save()
            #expect(try Question.objects.all().fetch().map(\.questionText) == ["What's up?"])

            #expect(try Question.objects.filter("id", 1).count() == 1)
            #expect(try Question.objects.filter("question_text__startswith", "What").count() == 1)
            let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year!
            #expect(try Question.objects.get("pub_date__year", year).id == 1)
            #expect(throws: DoesNotExist.self) { try Question.objects.get("id", 2) }
            let question = try Question.objects.get("pk", 1)
            #expect(question.wasPublishedRecently())

            #expect(try question.choiceSet.all().fetch().isEmpty)
            try question.choiceSet.create(Choice(choiceText: "Not much", votes: 0))
            try question.choiceSet.create(Choice(choiceText: "The sky", votes: 0))
            let hacking = try question.choiceSet.create(Choice(choiceText: "Just hacking again", votes: 0))
            #expect(try hacking.question.get().questionText == "What's up?")
            #expect(try question.choiceSet.count() == 3)
            #expect(try Choice.objects.filter("question__pub_date__year", year).count() == 3)
            #expect(try question.choiceSet.filter("choice_text__startswith", "Just hacking").delete() == 1)

            // Part 4's vote view: votes = F("votes") + 1, then the results.
            let selected = try question.choiceSet.all().get("pk", 1)
            try Choice.objects.filter("pk", selected.id!).update(["votes": F("votes") + 1])
            try Choice.objects.filter("pk", selected.id!).update(["votes": F("votes") + 1])
            let results = try question.choiceSet.all().orderBy("-votes").values("choice_text", "votes")
            #expect(results.map { $0["votes"]! } == [.integer(2), .integer(0)])

            // The index view: the last five published questions.
            let latest = try Question.objects.filter("pub_date__lte", Date()).orderBy("-pub_date")[..<5].fetch()
            #expect(latest.map(\.questionText) == ["What's up?"])
        }
    }
}
