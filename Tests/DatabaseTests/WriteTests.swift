import Database
import Foundation
import Testing

@Suite struct WriteTests {
    @Test func createVariants() throws {
        try withDatabase { _ in
            let question = try Question.objects.create {
                $0.questionText = "Built"
                $0.pubDate = day(0)
            }
            #expect(question.id != nil)
            let saved = try Choice.objects.bulkCreate([
                Choice(question: ForeignKey(question), choiceText: "a"),
                Choice(question: ForeignKey(question), choiceText: "b"),
            ])
            #expect(saved.compactMap(\.id).count == 2)
            #expect(Set(saved.compactMap(\.id)).count == 2)
            #expect(try Choice.objects.count() == 2)
        }
    }

    @Test func bulkCreateIsAllOrNothing() throws {
        try withDatabase { _ in
            try Author.objects.create(Author(name: "Ann"))
            #expect(throws: IntegrityError.self) {
                try Author.objects.bulkCreate([Author(name: "Bob"), Author(name: "Ann")])
            }
            #expect(try Author.objects.count() == 1)
        }
    }

    @Test func getOrCreate() throws {
        try withDatabase { _ in
            let (first, created) = try Author.objects.getOrCreate(["name": "Ann"])
            #expect(created)
            #expect(first.id != nil)
            let (again, createdAgain) = try Author.objects.getOrCreate(["name": "Ann"])
            #expect(!createdAgain)
            #expect(again.id == first.id)
            let (book, made) = try Book.objects.getOrCreate(["title": "T", "author": first], defaults: ["pages": 10])
            #expect(made)
            #expect(book.pages == 10)
            #expect(book.author.id == first.id)
            #expect(throws: FieldError.self) { try Author.objects.getOrCreate(["name": "Zed"], defaults: ["nope": 1]) }
            #expect(try Author.objects.count() == 1)
        }
    }

    @Test func updateOrCreate() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            let (book, created) = try Book.objects.updateOrCreate(["title": "T"], defaults: ["author": ann, "pages": 1])
            #expect(created)
            let (updated, createdAgain) = try Book.objects.updateOrCreate(["title": "T"], defaults: ["author": ann, "pages": 2])
            #expect(!createdAgain)
            #expect(updated.id == book.id)
            #expect(try Book.objects.get().pages == 2)
        }
    }

    @Test func updateWithValuesAndFExpressions() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            #expect(try Choice.objects.filter("choice_text", "Nobody").update(["votes": F("votes") + 1]) == 1)
            let log = connection.queryLog.stop()
            #expect(log.map(\.sql) == [#"UPDATE "polls_choice" SET "votes" = ("polls_choice"."votes" + ?) WHERE "polls_choice"."choice_text" = ?"#])
            #expect(log[0].parameters == [.integer(1), .text("Nobody")])
            #expect(try Choice.objects.get("choice_text", "Nobody").votes == 1)
            #expect(try Choice.objects.update(["votes": F("votes") * 2]) == 5)
            #expect(try Choice.objects.orderBy("votes").valuesList("votes", flat: true, as: Int.self) == [2, 2, 4, 6, 10])
            // Across a relation: the rows to update are chosen by a subquery.
            #expect(try Choice.objects.filter("question__question_text", "What's up?").update(["votes": 0, "choice_text": "reset"]) == 2)
            #expect(try Choice.objects.filter("choice_text", "reset").aggregate(["v": Sum("votes")])["v"] == .integer(0))
            #expect(try Choice.objects.none().update(["votes": 1]) == 0)
            #expect(throws: QueryUsageError.self) { try Choice.objects[..<2].update(["votes": 1]) }
            #expect(throws: FieldError.self) { try Choice.objects.update(["question__question_text": "x"]) }
            #expect(throws: FieldError.self) { try Choice.objects.update(["votes": F("question__id")]) }
        }
    }

    @Test func fExpressionsInFilters() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Book.objects.create(Book(title: "Thin", author: ForeignKey(ann), pages: 5, price: 10))
            try Book.objects.create(Book(title: "Thick", author: ForeignKey(ann), pages: 500, price: 20))
            #expect(try Book.objects.filter("pages__gt", F("price")).fetch().map(\.title) == ["Thick"])
            #expect(try Book.objects.filter("pages__lt", F("price") - 4).fetch().map(\.title) == ["Thin"])
            #expect(try Book.objects.filter("title", F("author__name")).count() == 0)
            #expect(try Book.objects.filter("pages__gte", F("price") * 25).fetch().map(\.title) == ["Thick"])
            #expect(try Book.objects.filter("pages", F("pages") - 0).count() == 2)
        }
    }

    @Test func deleteCascades() throws {
        try withDatabase { _ in
            var (what, _, _) = try seedPolls()
            #expect(try what.delete() == 3)
            #expect(try Choice.objects.count() == 3)
            #expect(try Question.objects.filter("choice__isnull", true).count() == 0)
            #expect(try Question.objects.filter("question_text__startswith", "W").delete() == 3)
            #expect(try Choice.objects.count() == 1)
            #expect(try Choice.objects.filter("question__question_text", "Old news").delete() == 1)
            #expect(try Question.objects.count() == 1)
            what.id = nil
            #expect(throws: QueryUsageError.self) { try what.delete() }
        }
    }

    @Test func deleteProtectedIsRefused() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Book.objects.create(Book(title: "T", author: ForeignKey(ann)))
            let error = #expect(throws: ProtectedError.self) { try ann.delete() }
            #expect(error?.message.contains("Cannot delete some instances of model 'Author'") == true)
            #expect(try Author.objects.count() == 1)
            try Book.objects.delete()
            #expect(try ann.delete() == 1)
        }
    }

    @Test func deleteSetsNull() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            let ed = try Author.objects.create(Author(name: "Ed", mentor: ForeignKey(ann)))
            try Book.objects.create(Book(title: "T", author: ForeignKey(ann), editor: ForeignKey(ed)))
            #expect(try ed.delete() == 2)  // Ed, and the book's editor set to NULL
            #expect(try Book.objects.get().editor == nil)
            try Author.objects.create(Author(name: "Bea", mentor: ForeignKey(ann)))
            try Book.objects.delete()
            try ann.delete()
            #expect(try Author.objects.get().mentor == nil)
        }
    }

    @Test func deleteRefusesSlicesAndDistinct() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(throws: QueryUsageError.self) { try Choice.objects[..<1].delete() }
            #expect(throws: QueryUsageError.self) { try Choice.objects.distinct().delete() }
            #expect(try Choice.objects.count() == 5)
        }
    }
}

@Suite struct RelatedAndRawTests {
    @Test func relatedSetCreatesPointingAtItsOwner() throws {
        try withDatabase { _ in
            var question = Question(questionText: "Q", pubDate: day(0))
            #expect(throws: QueryUsageError.self) { try question.choiceSet.create(Choice(choiceText: "early")) }
            try question.save()
            let choice = try question.choiceSet.create(Choice(choiceText: "Not much", votes: 0))
            #expect(choice.question.id == question.id)
            #expect(try question.choiceSet.exists())
            #expect(try question.choiceSet.count() == 1)
        }
    }

    @Test func rawQueriesMapColumnsByName() throws {
        try withDatabase { _ in
            try seedPolls()
            let rows = try Choice.objects.raw("SELECT id, votes, choice_text FROM polls_choice WHERE votes > ? ORDER BY votes", [.integer(2)])
            #expect(rows.map(\.choiceText) == ["Not much", "The sky"])
            #expect(rows.allSatisfy { $0.question.key == .null })
            #expect(throws: FieldError.self) { try Choice.objects.raw("SELECT votes FROM polls_choice") }
            #expect(try Choice.objects.raw("SELECT * FROM polls_choice WHERE choice_text = ?", [.text("x' OR '1'='1")]).isEmpty)
        }
    }
}
