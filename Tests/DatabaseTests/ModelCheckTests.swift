import Database
import Foundation
import Testing

/// A model with every mistake the checks know.
struct Broken: Model {
    var id: Int?
    var owner = ForeignKey<Author>()
    var code = ""
    var price = Decimal(0)
    var stamp = Date()

    static let meta = ModelMeta<Broken>(
        table: "library_author",
        app: "library",
        ordering: ["-nope", "owner__name"],
        fields: [
            .autoField(\.id),
            .foreignKey("owner", \.owner, onDelete: .setNull),
            .charField("code", \.code, maxLength: 0),
            .decimalField("price", \.price, maxDigits: 2, decimalPlaces: 3),
            .dateTimeField("stamp", \.stamp, .autoNow, .default(.text("2026-01-01"))),
        ],
        indexes: [Index(fields: ["-missing"], name: "broken_missing")],
        constraints: [UniqueConstraint(fields: ["code", "ghost"], name: "broken_ghost")]
    )
}

@Suite struct ModelCheckTests {
    @Test func theTestModelsPass() {
        #expect(ModelChecks.run([Question.self, Choice.self, Author.self, Book.self, Sample.self, Profile.self]).isEmpty)
    }

    @Test func mistakesAreReportedAsDjangoWordsThem() {
        let messages = ModelChecks.run([Broken.self, Author.self, Book.self])
        #expect(messages.map(\.id) == ["fields.E320", "fields.E121", "fields.E134", "fields.E160", "models.E015",
                                       "models.E012", "models.E012", "models.E028"])
        #expect(messages[0].description == "library.Broken.owner: (fields.E320) Field specifies on_delete=SET_NULL, but cannot be null.\n\tHINT: Set null=True argument on the field, or change the on_delete rule.")
        #expect(messages[4].message == "'ordering' refers to the nonexistent field, related field, or lookup 'nope'.")
        #expect(messages[7].message == "db_table 'library_author' is used by multiple models: library.Broken, library.Author.")
        let missing = ModelChecks.run([Choice.self])
        #expect(missing.map(\.message) == ["Field defines a relation with model 'Question', which is either not installed, or is abstract."])
        let allErrors = missing.allSatisfy { $0.isError }
        #expect(allErrors)
    }
}
