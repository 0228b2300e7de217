@testable import Database
import Foundation
import Testing

/// The compiled-SELECT cache: one compiled form per query shape, the parameters worked out from
/// each query set's own values, and never the SQL of another shape.
@Suite struct SelectCacheTests {
    /// The SQL and parameters each query ran, in order.
    private func run(_ connection: Connection, _ body: () throws -> Void) rethrows -> [(String, [SQLValue])] {
        connection.queryLog.start()
        try body()
        return connection.queryLog.stop().map { ($0.sql, $0.parameters) }
    }

    @Test func sameShapeReusesTheSQLWithItsOwnValues() throws {
        try withDatabase { connection in
            let (what, who, _) = try seedPolls()
            let ran = try run(connection) { () throws in
                #expect(try Choice.objects.filter("question", what).orderBy("votes").fetch().map(\.choiceText) == ["Not much", "The sky"])
                #expect(try Choice.objects.filter("question", who).orderBy("votes").fetch().map(\.choiceText) == ["Nobody", "100% me_"])
            }
            #expect(ran.count == 2)
            #expect(ran[0].0 == ran[1].0)
            #expect(ran[0].1 == [.integer(Int64(what.id!))])
            #expect(ran[1].1 == [.integer(Int64(who.id!))])
        }
    }

    @Test("a pattern lookup given something other than text is refused, compiled or cached")
    func patternLookupTakesText() throws {
        try withDatabase { connection in
            try seedPolls()
            // Once to compile (and cache) the shape, then the same shape from the cache.
            for _ in 0..<2 {
                #expect(try Choice.objects.filter("choice_text__contains", "o").count() > 0)
                let error = #expect(throws: QueryUsageError.self) { try Choice.objects.filter("choice_text__contains", 3).fetch() }
                #expect(error?.message == "The 'contains' lookup of 'choice_text__contains' takes text")
            }
        }
    }

    @Test func differentShapesGiveDifferentSQL() throws {
        try withDatabase { connection in
            try seedPolls()
            // Each pair runs twice (the second time from the cache) and must give its own rows.
            let queries: [(String, () throws -> [String])] = [
                ("exact", { try Choice.objects.filter("votes", 3).fetch().map(\.choiceText) }),
                ("gte", { try Choice.objects.filter("votes__gte", 3).orderBy("votes").fetch().map(\.choiceText) }),
                ("lt", { try Choice.objects.filter("votes__lt", 3).orderBy("votes").fetch().map(\.choiceText) }),
                ("ordered desc", { try Choice.objects.filter("votes__lt", 3).orderBy("-votes").fetch().map(\.choiceText) }),
                ("sliced", { try Choice.objects.orderBy("votes")[1..<3].fetch().map(\.choiceText) }),
                ("sliced further", { try Choice.objects.orderBy("votes")[2..<3].fetch().map(\.choiceText) }),
                ("or", { try Choice.objects.filter(Q("votes", 0) | Q("votes", 5)).orderBy("votes").fetch().map(\.choiceText) }),
                ("and", { try Choice.objects.filter(Q("votes__gte", 1) & Q("votes__lte", 3)).orderBy("votes").fetch().map(\.choiceText) }),
                ("two filters", { try Choice.objects.filter("votes__gte", 1).filter("votes__lte", 2).orderBy("votes").fetch().map(\.choiceText) }),
                ("joined", { try Choice.objects.filter("question__question_text", "Old news").fetch().map(\.choiceText) }),
                ("contains", { try Choice.objects.filter("choice_text__contains", "o").orderBy("votes").fetch().map(\.choiceText) }),
                ("icontains", { try Choice.objects.filter("choice_text__icontains", "N").orderBy("votes").fetch().map(\.choiceText) }),
            ]
            var sqlByName: [String: String] = [:]
            for (name, query) in queries {
                var results: [[String]] = []
                let ran = try run(connection) { () throws in
                    results.append(try query())
                    results.append(try query())
                }
                #expect(results[0] == results[1], "\(name)")
                #expect(ran[0].0 == ran[1].0 && ran[0].1 == ran[1].1, "\(name)")
                sqlByName[name] = ran[0].0 + " " + ran[0].1.description
            }
            #expect(Set(sqlByName.values).count == queries.count)
            #expect(try queries[0].1() == ["Not much"])
            #expect(try queries[4].1() == ["100% me_", "Yes"])
            #expect(try queries[5].1() == ["Yes"])
            #expect(try queries[10].1() == ["Nobody", "Not much"])
        }
    }

    @Test func nullAndPatternValuesAreShapedPerCall() throws {
        try withDatabase { connection in
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Author.objects.create(Author(name: "Bob", mentor: ForeignKey(ann)))
            try Author.objects.create(Author(name: "50%_off"))
            // `= ?` and `IS NULL` are two shapes, whatever order they come in.
            let mentor = try Author.objects.filter("mentor", ann).fetch().map(\.name)
            let none = try Author.objects.filter("mentor", SQLValue.null).fetch().map(\.name)
            let mentorAgain = try Author.objects.filter("mentor", ann).fetch().map(\.name)
            #expect(mentor == ["Bob"] && mentorAgain == ["Bob"])
            #expect(none == ["50%_off", "Ann"])
            // A pattern lookup escapes each call's own text: the cached SQL must not keep the first.
            #expect(try Author.objects.filter("name__istartswith", "an").fetch().map(\.name) == ["Ann"])
            #expect(try Author.objects.filter("name__istartswith", "50%_").fetch().map(\.name) == ["50%_off"])
            #expect(try Author.objects.filter("name__istartswith", "5_%").fetch().map(\.name) == [])
            #expect(throws: QueryUsageError.self) { try Author.objects.filter("name__istartswith", 5).fetch() }
        }
    }

    @Test func dateLookupsShapeTheirValues() throws {
        try withDatabase { _ in
            let day1 = Date(timeIntervalSince1970: 86_400 * 10 + 3600)
            try Sample.objects.create(Sample(name: "a", day: day1))
            // A DateField compares with the day of the value, on every call.
            #expect(try Sample.objects.filter("day", day1).count() == 1)
            #expect(try Sample.objects.filter("day", day1.addingTimeInterval(7200)).count() == 1)
            #expect(try Sample.objects.filter("day", day1.addingTimeInterval(86_400)).count() == 0)
        }
    }

    @Test func uncacheableShapesStillRunCorrectly() throws {
        try withDatabase { _ in
            let (what, who, _) = try seedPolls()
            for _ in 0..<2 {
                #expect(try Choice.objects.filter("question__in", [what.id!]).count() == 2)
                #expect(try Choice.objects.filter("question__in", [what.id!, who.id!]).count() == 4)
                #expect(try Choice.objects.filter("votes__range", 1...3).count() == 3)
                #expect(try Choice.objects.exclude("votes", 5).count() == 4)
                #expect(try Choice.objects.filter("votes", F("votes")).count() == 5)
                #expect(try Question.objects.filter("choice__isnull", true).count() == 0)
            }
        }
    }

    @Test func countAndExistsAreTheirOwnShapes() throws {
        try withDatabase { _ in
            let (what, _, _) = try seedPolls()
            for _ in 0..<2 {
                #expect(try Choice.objects.filter("question", what).count() == 2)
                #expect(try Choice.objects.filter("question", what).exists())
                #expect(try Choice.objects.filter("question", what).fetch().count == 2)
                #expect(try !Choice.objects.filter("votes", 99).exists())
                #expect(try Choice.objects.filter("question", what)[..<1].count() == 1)
            }
        }
    }

    @Test func errorsAreNotCached() throws {
        try withDatabase { _ in
            try seedPolls()
            for _ in 0..<2 {
                #expect(throws: FieldError.self) { try Choice.objects.filter("nope", 1).fetch() }
                #expect(throws: FieldError.self) { try Choice.objects.orderBy("nope").fetch() }
            }
            #expect(try Choice.objects.filter("votes", 5).count() == 1)
        }
    }

    @Test func cacheIsBounded() throws {
        try withDatabase { _ in
            try seedPolls()
            for start in 0..<(SelectCache<Choice>.limit + 20) {
                _ = try Choice.objects.orderBy("votes")[start..<(start + 1)].fetch()
            }
            #expect(Choice.meta.selectCache.count <= SelectCache<Choice>.limit)
            #expect(try Choice.objects.orderBy("votes")[1..<2].fetch().map(\.choiceText) == ["100% me_"])
            #expect(try Choice.objects.orderBy("votes")[(SelectCache<Choice>.limit + 10)...].fetch().isEmpty)
        }
    }

    /// A query set's probe (sketch and values, no shape built) agrees with its shape, and the
    /// shape recognises its own query set but not another shape's.
    @Test func probesAgreeWithShapes() throws {
        let dialect = SQLiteDialect()
        let sets: [QuerySet<Choice>] = [
            Choice.objects.all(),
            Choice.objects.orderBy([]),
            Choice.objects.orderBy("votes"),
            Choice.objects.orderBy("-votes")[..<5],
            Choice.objects.filter("votes", 1),
            Choice.objects.filter("votes", SQLValue.null),
            Choice.objects.filter("votes__gte", 1).filter("choice_text__contains", "a"),
            Choice.objects.filter(Q("votes", 1) | (Q("votes", 2) & Q("choice_text", "x"))),
            Choice.objects.filter(Q(["votes": 1, "choice_text": "b"])),
            Choice.objects.selectRelated("question")[2..<4],
            Choice.objects.distinct(),
            Choice.objects.none(),
        ]
        for (index, set) in sets.enumerated() {
            for mode in [SelectMode.models, .exists] {
                let (shape, values) = try #require(set.selectShape(dialect, mode: mode))
                let probe = try #require(set.shapeProbe(dialect, mode: mode))
                #expect(probe.sketch == shape.sketch, "\(index)")
                #expect(probe.values == values, "\(index)")
                #expect(shape.matches(set.filters, values), "\(index)")
                for (other, otherSet) in sets.enumerated() where other != index {
                    guard let (otherShape, otherValues) = otherSet.selectShape(dialect, mode: mode) else { continue }
                    guard otherShape != shape else { continue }
                    // What the cache checks besides the sketch tells the two apart.
                    let alike = shape.ordering == otherShape.ordering && shape.low == otherShape.low && shape.high == otherShape.high
                        && shape.related == otherShape.related && shape.isDistinct == otherShape.isDistinct
                        && shape.matchesNothing == otherShape.matchesNothing && shape.matches(otherSet.filters, otherValues)
                    #expect(!alike, "\(index) vs \(other)")
                }
            }
        }
        // A null value and a value do not share a shape (IS NULL against = ?).
        let (withNull, nullValues) = try #require(Choice.objects.filter("votes", SQLValue.null).selectShape(dialect, mode: .models))
        #expect(!withNull.matches(Choice.objects.filter("votes", 1).filters, [.integer(1)]))
        #expect(withNull.matches(Choice.objects.filter("votes", SQLValue.null).filters, nullValues))
    }

    /// Two shapes with the same sketch (names of the same length and end bytes) are both kept,
    /// each found by its own tokens.
    @Test func shapesSharingASketchAreToldApart() throws {
        func shape(_ name: String) -> SelectShape {
            SelectShape(mode: 0, dialect: ObjectIdentifier(SQLiteDialect.self), filters: [.leaf(name, isNull: false)],
                        ordering: nil, low: 0, high: nil, isDistinct: false, related: [], matchesNothing: false)
        }
        let abc = shape("abc"), axc = shape("axc")
        #expect(abc.sketch == axc.sketch && abc != axc)
        let entries = SelectEntries()
        let first = CachedSelect(sql: "first", sources: [], related: nil)
        let second = CachedSelect(sql: "second", sources: [], related: nil)
        entries.store(abc, first, limit: 10)
        entries.store(axc, second, limit: 10)
        #expect(entries.count == 2)
        #expect(entries.entry(abc.sketch, matching: { $0 == abc }) === first)
        #expect(entries.entry(axc.sketch, matching: { $0 == axc }) === second)
        let leaf = Q("axc", 1).node
        #expect(entries.entry(axc.sketch, matching: { $0.matches([leaf], [.integer(1)]) }) === second)
        entries.store(abc, second, limit: 10)
        #expect(entries.count == 2)
    }
}
