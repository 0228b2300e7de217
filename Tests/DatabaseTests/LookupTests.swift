import Database
import Foundation
import Testing

/// Every lookup against the polls fixture. Choices: "Not much" 3, "The sky" 5 (What's up?),
/// "Nobody" 0, "100% me_" 1 (Who's there?), "Yes" 2 (Old news).
@Suite struct LookupTests {
    func texts(_ query: QuerySet<Choice>) throws -> [String] {
        try query.orderBy("choice_text").fetch().map(\.choiceText)
    }

    @Test func exactAndIexact() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("votes", 3)) == ["Not much"])
            #expect(try texts(Choice.objects.filter("votes__exact", 3)) == ["Not much"])
            #expect(try texts(Choice.objects.filter("choice_text", "not much")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__iexact", "not MUCH")) == ["Not much"])
            // Wildcards in the value are literal.
            #expect(try texts(Choice.objects.filter("choice_text__iexact", "100% ME_")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__iexact", "100_ me%")) == [])
        }
    }

    @Test func containsIsCaseSensitiveAndIcontainsIsNot() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("choice_text__contains", "sky")) == ["The sky"])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "Sky")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__icontains", "SKY")) == ["The sky"])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "%")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "_")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "*")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "?")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__contains", "[N]")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__icontains", "%")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__icontains", "_")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__icontains", "O")) == ["Nobody", "Not much"])
        }
    }

    @Test func startsWithAndEndsWith() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("choice_text__startswith", "The")) == ["The sky"])
            #expect(try texts(Choice.objects.filter("choice_text__startswith", "the")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__istartswith", "the")) == ["The sky"])
            #expect(try texts(Choice.objects.filter("choice_text__endswith", "much")) == ["Not much"])
            #expect(try texts(Choice.objects.filter("choice_text__endswith", "MUCH")) == [])
            #expect(try texts(Choice.objects.filter("choice_text__iendswith", "MUCH")) == ["Not much"])
            #expect(try texts(Choice.objects.filter("choice_text__endswith", "me_")) == ["100% me_"])
            #expect(try texts(Choice.objects.filter("choice_text__istartswith", "1%")) == [])
        }
    }

    @Test func comparisons() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("votes__gt", 3)) == ["The sky"])
            #expect(try texts(Choice.objects.filter("votes__gte", 3)) == ["Not much", "The sky"])
            #expect(try texts(Choice.objects.filter("votes__lt", 1)) == ["Nobody"])
            #expect(try texts(Choice.objects.filter("votes__lte", 1)) == ["100% me_", "Nobody"])
            #expect(try Question.objects.filter("pub_date__lt", day(-1)).fetch().map(\.questionText) == ["Old news"])
            #expect(try Question.objects.filter("pub_date__gte", day(-1)).count() == 2)
        }
    }

    @Test func inLookup() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("votes__in", [0, 5])) == ["Nobody", "The sky"])
            #expect(try texts(Choice.objects.filter("votes__in", Set([2]))) == ["Yes"])
            #expect(try texts(Choice.objects.filter("votes__in", [Int]())) == [])
            #expect(try Choice.objects.exclude("votes__in", [Int]()).count() == 5)
            #expect(throws: QueryUsageError.self) { try Choice.objects.filter("votes__in", 3).count() }
        }
    }

    @Test func isnullAndExactNil() throws {
        try withDatabase { _ in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Book.objects.create(Book(title: "Edited", author: ForeignKey(ann), editor: ForeignKey(ann), pages: 100))
            try Book.objects.create(Book(title: "Raw", author: ForeignKey(ann)))
            #expect(try Book.objects.filter("editor__isnull", true).fetch().map(\.title) == ["Raw"])
            #expect(try Book.objects.filter("editor__isnull", false).fetch().map(\.title) == ["Edited"])
            #expect(try Book.objects.filter("pages", Optional<Int>.none).fetch().map(\.title) == ["Raw"])
            #expect(try Book.objects.filter("pages", SQLValue.null).fetch().map(\.title) == ["Raw"])
            #expect(throws: QueryUsageError.self) { try Book.objects.filter("pages__isnull", "yes").count() }
        }
    }

    @Test func rangeLookup() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try texts(Choice.objects.filter("votes__range", 1...3)) == ["100% me_", "Not much", "Yes"])
            #expect(try Question.objects.filter("pub_date__range", day(-2)...day(0)).count() == 2)
            #expect(throws: QueryUsageError.self) { try Choice.objects.filter("votes__range", [1, 3]).count() }
        }
    }

    @Test func dateTransforms() throws {
        try withDatabase { _ in
            try seedPolls()
            #expect(try Question.objects.filter("pub_date__year", 2023).count() == 2)
            #expect(try Question.objects.filter("pub_date__year__lt", 2023).fetch().map(\.questionText) == ["Old news"])
            #expect(try Question.objects.filter("pub_date__month", 11).count() == 2)
            #expect(try Question.objects.filter("pub_date__day", 14).fetch().map(\.questionText) == ["What's up?"])
            #expect(try Choice.objects.filter("question__pub_date__year", 2022).fetch().map(\.choiceText) == ["Yes"])
            let error = #expect(throws: FieldError.self) { try Choice.objects.filter("votes__year", 2022).count() }
            #expect(error?.message == "Unsupported lookup 'year' for IntegerField or join on the field not permitted.")
        }
    }

    @Test func dateFieldsCompareByDay() throws {
        try withDatabase { _ in
            try Sample.objects.create(Sample(name: "a", day: day(0)))
            try Sample.objects.create(Sample(name: "b", day: day(1)))
            #expect(try Sample.objects.filter("day", day(0, hour: 3)).fetch().map(\.name) == ["a"])
            #expect(try Sample.objects.filter("day__gt", day(0, hour: 1)).fetch().map(\.name) == ["b"])
            #expect(try Sample.objects.filter("day__in", [day(1)]).fetch().map(\.name) == ["b"])
            #expect(try Sample.objects.filter("day__range", day(0)...day(1)).count() == 2)
            #expect(try Sample.objects.filter("day__year", 2023).count() == 2)
        }
    }

    @Test func unknownLookupsAreRefused() throws {
        try withDatabase { _ in
            let error = #expect(throws: FieldError.self) { try Choice.objects.filter("votes__like", 3).count() }
            #expect(error?.message == "Unsupported lookup 'like' for IntegerField or join on the field not permitted.")
            #expect(throws: FieldError.self) { try Choice.objects.filter("votes__gt__lt", 3).count() }
            #expect(throws: QueryUsageError.self) { try Choice.objects.filter("votes__contains", 3).count() }
        }
    }
}
