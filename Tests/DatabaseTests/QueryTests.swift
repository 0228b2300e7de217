import Database
import Foundation
import Testing

@Suite struct QueryTests {
    @Test func forwardRelationSpansJoin() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            let texts = try Choice.objects.filter("question__question_text__startswith", "What").orderBy("votes").fetch().map(\.choiceText)
            #expect(texts == ["Not much", "The sky"])
            let sql = connection.queryLog.stop()[0].sql
            #expect(sql.contains(#"INNER JOIN "polls_question" ON ("polls_choice"."question_id" = "polls_question"."id")"#))
            #expect(try Choice.objects.filter("question__pub_date__lte", day(-1)).count() == 3)
            #expect(try Choice.objects.filter("question__pk", 1).count() == 2)
        }
    }

    @Test func modelInstancesCompareByPrimaryKey() throws {
        try withDatabase { _ in
            let (what, _, _) = try seedPolls()
            #expect(try Choice.objects.filter("question", what).count() == 2)
            #expect(try Choice.objects.filter("question__in", [what.id!]).count() == 2)
            #expect(throws: QueryUsageError.self) { try Choice.objects.filter("question", Question()).count() }
        }
    }

    @Test func reverseRelationSpansLeftJoin() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            #expect(try Question.objects.filter("choice__votes__gte", 5).fetch().map(\.questionText) == ["What's up?"])
            #expect(connection.queryLog.stop()[0].sql.contains(#"LEFT OUTER JOIN "polls_choice" ON ("polls_question"."id" = "polls_choice"."question_id")"#))
            #expect(try Question.objects.filter("choice__votes__gte", 0).count() == 5)
            #expect(try Question.objects.filter("choice__votes__gte", 0).distinct().count() == 3)
            #expect(try Question.objects.filter("choice__isnull", true).count() == 0)
            try Question.objects.create(Question(questionText: "Empty", pubDate: day(1)))
            #expect(try Question.objects.filter("choice__isnull", true).fetch().map(\.questionText) == ["Empty"])
        }
    }

    @Test func selfReferenceUsesAnAlias() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Author.objects.create(Author(name: "Bob", mentor: ForeignKey(ann)))
            try Author.objects.create(Author(name: "Cy", mentor: ForeignKey(ann)))
            #expect(try Author.objects.filter("mentor__name", "Ann").fetch().map(\.name) == ["Bob", "Cy"])
            #expect(try Author.objects.exclude("mentor__name", "Ann").fetch().map(\.name) == ["Ann"])
            #expect(try Author.objects.orderBy("-mentor__name", "-name").fetch().map(\.name) == ["Cy", "Bob", "Ann"])
        }
    }

    @Test func qObjectsCombine() throws {
        try withDatabase { _ in
            try seedPolls()
            func texts(_ q: Q) throws -> [String] { try Choice.objects.filter(q).orderBy("choice_text").fetch().map(\.choiceText) }
            #expect(try texts(Q("votes", 0) | Q("votes", 5)) == ["Nobody", "The sky"])
            #expect(try texts(Q("votes__gte", 1) & Q("votes__lte", 3)) == ["100% me_", "Not much", "Yes"])
            #expect(try texts(~Q("votes__gte", 1)) == ["Nobody"])
            #expect(try texts(Q("question__question_text", "What's up?") & ~Q("votes", 3)) == ["The sky"])
            #expect(try texts((Q("votes", 0) | Q("votes", 2)) & Q("question__pub_date__year", 2022)) == ["Yes"])
            #expect(try texts(~(Q("votes", 0) | Q("votes", 2))) == ["100% me_", "Not much", "The sky"])
            #expect(try texts(Q(["votes__gt": 0, "choice_text__startswith": "N"])) == ["Not much"])
            #expect(try Choice.objects.filter(["votes__gt": 0, "votes__lt": 3]).count() == 2)
            #expect(try Choice.objects.filter("votes__gt", 0).exclude("votes", 5).filter("votes__lt", 5).count() == 3)
        }
    }

    @Test func excludeAcrossAMultiValuedRelationUsesASubquery() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            #expect(try Question.objects.exclude("choice__votes", 0).fetch().map(\.questionText) == ["What's up?", "Old news"])
            #expect(connection.queryLog.stop()[0].sql.contains(#""polls_question"."id" NOT IN (SELECT "polls_question"."id" FROM "polls_question" LEFT OUTER JOIN"#))
            #expect(try Question.objects.filter(~Q("choice__votes__gte", 3)).count() == 2)
            #expect(try Question.objects.exclude("question_text", "Old news").exclude("choice__votes", 5).fetch().map(\.questionText) == ["Who's there?"])
        }
    }

    @Test func eachFilterCallJoinsMultiValuedRelationsAfresh() throws {
        try withDatabase { _ in
            try seedPolls()
            // Two filter() calls: some choice has 3 votes, and some (other) choice has 5.
            #expect(try Question.objects.filter("choice__votes", 3).filter("choice__votes", 5).fetch().map(\.questionText) == ["What's up?"])
            // One filter() call: a single choice must satisfy both.
            #expect(try Question.objects.filter(["choice__votes": 3, "choice__choice_text": "The sky"]).count() == 0)
            #expect(try Question.objects.filter(["choice__votes": 5, "choice__choice_text": "The sky"]).count() == 1)
        }
    }

    @Test func anUnsetForeignKeyIsRefusedByTheDatabase() throws {
        try withDatabase { _ in
            let error = #expect(throws: IntegrityError.self) { try Choice.objects.create(Choice(choiceText: "orphan")) }
            #expect(error?.message == "NOT NULL constraint failed: polls_choice.question_id")
        }
    }

    @Test func excludeKeepsNullRowsAsDjangoDoes() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Book.objects.create(Book(title: "Long", author: ForeignKey(ann), pages: 500))
            try Book.objects.create(Book(title: "Short", author: ForeignKey(ann), pages: 50))
            try Book.objects.create(Book(title: "Unknown", author: ForeignKey(ann)))
            #expect(try Book.objects.exclude("pages__gt", 100).fetch().map(\.title).sorted() == ["Short", "Unknown"])
            #expect(try Book.objects.filter(~Q("pages", 500)).fetch().map(\.title).sorted() == ["Short", "Unknown"])
            #expect(try Book.objects.exclude("pages", Optional<Int>.none).fetch().map(\.title).sorted() == ["Long", "Short"])
            #expect(try Book.objects.exclude("pages__isnull", true).count() == 2)
        }
    }

    @Test func orderingDefaultExplicitAcrossRelationsAndRandom() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try Question.objects.fetch().map(\.questionText) == ["What's up?", "Who's there?", "Old news"])
            #expect(try Question.objects.orderBy("pub_date").fetch().map(\.questionText) == ["Old news", "Who's there?", "What's up?"])
            #expect(try Question.objects.reversed().fetch().map(\.questionText) == ["Old news", "Who's there?", "What's up?"])
            #expect(try Choice.objects.orderBy("question__pub_date", "-votes").fetch().map(\.choiceText)
                    == ["Yes", "100% me_", "Nobody", "The sky", "Not much"])
            #expect(try Question.objects.orderBy("?").count() == 3)
            #expect(try Question.objects.orderBy("?").fetch().count == 3)
            let error = #expect(throws: FieldError.self) { try Question.objects.orderBy("nope").fetch() }
            #expect(error?.message == "Cannot resolve keyword 'nope' into field. Choices are: choice, id, pub_date, question_text")
            #expect(throws: FieldError.self) { try Question.objects.orderBy("pub_date__year").fetch() }
        }
    }

    @Test func slicingIsLimitAndOffset() throws {
        try withDatabase { connection in
            try seedPolls()
            let byVotes = Choice.objects.orderBy("votes")
            connection.queryLog.start()
            #expect(try byVotes[1..<3].fetch().map(\.votes) == [1, 2])
            #expect(connection.queryLog.stop()[0].sql.hasSuffix("LIMIT 2 OFFSET 1"))
            #expect(try byVotes[3...].fetch().map(\.votes) == [3, 5])
            #expect(try byVotes[..<2].fetch().map(\.votes) == [0, 1])
            #expect(try byVotes[1..<4][1..<5].fetch().map(\.votes) == [2, 3])
            #expect(try byVotes[4..<9].fetch().map(\.votes) == [5])
            #expect(try byVotes[2].votes == 2)
            #expect(try byVotes[1..<4].count() == 3)
            #expect(try byVotes[4...].exists())
            #expect(try !byVotes[5...].exists())
            #expect(try !byVotes[2..<2].exists())
            #expect(throws: DoesNotExist.self) { try byVotes[9] }
            let error = #expect(throws: QueryUsageError.self) { try byVotes[(-2)...].fetch() }
            #expect(error?.message == "Negative indexing is not supported.")
            #expect(throws: QueryUsageError.self) { try byVotes[-1] }
        }
    }

    @Test func getFirstLastCountExists() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try Choice.objects.get("choice_text", "Yes").votes == 2)
            let missing = #expect(throws: DoesNotExist.self) { try Question.objects.get("question_text", "nothing") }
            #expect(missing?.description == "Question matching query does not exist.")
            let many = #expect(throws: MultipleObjectsReturned.self) { try Choice.objects.get("votes__gt", 2) }
            #expect(many?.description == "get() returned more than one Choice -- it returned 2!")
            #expect(try Question.objects.first()?.questionText == "What's up?")
            #expect(try Question.objects.last()?.questionText == "Old news")
            #expect(try Choice.objects.first()?.choiceText == "Not much")
            #expect(try Choice.objects.last()?.choiceText == "Yes")
            #expect(try Choice.objects.filter("votes__gt", 99).first() == nil)
            #expect(try Choice.objects.count() == 5)
            #expect(try Choice.objects.filter("votes__gt", 4).exists())
            #expect(try !Choice.objects.filter("votes__gt", 5).exists())
            #expect(try Choice.objects.none().count() == 0)
            #expect(try Choice.objects.none().fetch().isEmpty)
        }
    }

    @Test func valuesAndValuesList() throws {
        try withDatabase { _ in
            let (what, _, _) = try seedPolls()
            let rows = try Choice.objects.filter("votes__gte", 3).orderBy("votes").values("choice_text", "question__question_text")
            #expect(rows.map { $0["choice_text"] } == [.text("Not much"), .text("The sky")])
            #expect(try rows[1].get("question__question_text", as: String.self) == "What's up?")
            let all = try Choice.objects.orderBy("votes").values()
            #expect(all[0].columns.names == ["id", "question_id", "choice_text", "votes"])
            #expect(all[4]["question_id"] == .integer(Int64(what.id!)))
            #expect(try Choice.objects.orderBy("votes").valuesList("votes", flat: true, as: Int.self) == [0, 1, 2, 3, 5])
            #expect(try Choice.objects.orderBy("-votes")[..<1].valuesList("choice_text", "votes") == [[.text("The sky"), .integer(5)]])
            #expect(try Choice.objects.values("question").count == 5)
            #expect(throws: FieldError.self) { try Choice.objects.values("question__pub_date__year") }
        }
    }

    @Test func distinctRows() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try Question.objects.filter("choice__votes__gte", 0).values("question_text").count == 5)
            #expect(try Question.objects.filter("choice__votes__gte", 0).distinct().values("question_text").count == 3)
        }
    }

    @Test func selectRelatedLoadsInOneQuery() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            let choices = try Choice.objects.selectRelated("question").orderBy("votes").fetch()
            #expect(choices.map { $0.question.object?.questionText } == ["Who's there?", "Who's there?", "Old news", "What's up?", "What's up?"])
            #expect(try choices[0].question.get().questionText == "Who's there?")
            #expect(connection.queryLog.stop().count == 1)

            let ann = try Author.objects.create(Author(name: "Ann"))
            try Book.objects.create(Book(title: "Solo", author: ForeignKey(ann)))
            let book = try Book.objects.selectRelated("author", "editor").get()
            #expect(book.author.object?.name == "Ann")
            #expect(book.editor == nil)
            let error = #expect(throws: FieldError.self) { try Book.objects.selectRelated("title").fetch() }
            #expect(error?.message.hasPrefix("Invalid field name(s) given in select_related: 'title'. Choices are: author, editor") == true)
        }
    }

    @Test func selectRelatedFollowsChains() throws {
        try withDatabase { connection in
            let ann = try Author.objects.create(Author(name: "Ann"))
            let bob = try Author.objects.create(Author(name: "Bob", mentor: ForeignKey(ann)))
            try Book.objects.create(Book(title: "Mentored", author: ForeignKey(bob), editor: ForeignKey(ann)))
            try Book.objects.create(Book(title: "Alone", author: ForeignKey(ann)))
            connection.queryLog.start()
            let books = try Book.objects.selectRelated("author__mentor", "editor").orderBy("title").fetch()
            #expect(connection.queryLog.stop().count == 1)
            #expect(books.map(\.title) == ["Alone", "Mentored"])
            #expect(books[1].author.object?.name == "Bob")
            #expect(books[1].author.object?.mentor?.object?.name == "Ann")
            #expect(books[1].editor?.object?.name == "Ann")
            #expect(books[0].author.object?.name == "Ann")
            #expect(books[0].author.object?.mentor == nil)
            #expect(books[0].editor == nil)
            let error = #expect(throws: FieldError.self) { try Book.objects.selectRelated("author__name").fetch() }
            #expect(error?.message == "Invalid field name(s) given in select_related: 'author__name'. Choices are: mentor")
        }
    }

    @Test func prefetchRelatedLoadsReverseRelationsInOneMoreQuery() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            let questions = try Question.objects.prefetchRelated("choice_set").fetch()
            #expect(questions.map { $0.choiceSet.prefetched?.count } == [2, 2, 1])
            #expect(try questions[0].choiceSet.all().fetch().map(\.choiceText).sorted() == ["Not much", "The sky"])
            #expect(try questions[2].choiceSet.count() == 1)
            #expect(connection.queryLog.stop().count == 2)
            // Filtering a prefetched set queries again.
            #expect(try questions[0].choiceSet.filter("votes__gt", 3).fetch().map(\.choiceText) == ["The sky"])
            #expect(throws: FieldError.self) { try Question.objects.prefetchRelated("nope").fetch() }
        }
    }

    @Test func querySetsAreLazyAndImmutable() throws {
        try withDatabase { connection in
            try seedPolls()
            connection.queryLog.start()
            let base = Choice.objects.filter("votes__gt", 0)
            let narrower = base.filter("votes__lt", 3).orderBy("votes")[..<5]
            #expect(connection.queryLog.queries.isEmpty)
            #expect(try base.count() == 4)
            #expect(try narrower.count() == 2)
            #expect(connection.queryLog.stop().count == 2)
        }
    }
}
