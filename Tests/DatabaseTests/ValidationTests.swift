import Database
import Foundation
import Testing

/// A model with choices, blank and a composite unique constraint, and a one-to-one field.
struct Profile: Model {
    var id: Int?
    var author = ForeignKey<Author>()
    var handle = ""
    var bio = ""
    var color: String?
    var site = ""

    static let meta = ModelMeta<Profile>(
        table: "library_profile",
        fields: [
            .autoField(\.id),
            .oneToOneField("author", \.author, onDelete: .cascade),
            .charField("handle", \.handle, maxLength: 5),
            .textField("bio", \.bio, .blank),
            .charField("color", \.color, maxLength: 10, .choices([FieldChoice("red", "Red"), FieldChoice("blue", "Blue")])),
            .charField("site", \.site, maxLength: 20, .blank),
        ],
        constraints: [UniqueConstraint(fields: ["handle", "site"], name: "profile_handle_site")]
    )
}

@Suite struct ValidationTests {
    func withProfiles(_ body: () throws -> Void) throws {
        try withDatabase { connection in
            try SchemaEditor(connection).createModel(Profile.self)
            try body()
        }
    }

    @Test func fullCleanReportsEveryFieldAsDjangoDoes() throws {
        try withProfiles {
            let ann = try Author.objects.create(Author(name: "Ann"))
            let bad = Profile(author: ForeignKey(ann), handle: "toolong", color: "green")
            let error = #expect(throws: ValidationError.self) { try bad.fullClean() }
            #expect(error?.messages == [
                "handle": ["Ensure this value has at most 5 characters (it has 7)."],
                "color": ["Value 'green' is not a valid choice."],
            ])
            let blank = Profile(author: ForeignKey(ann), handle: "", color: nil)
            let blankError = #expect(throws: ValidationError.self) { try blank.fullClean() }
            // color is nullable (an optional property) but not blank: None is refused as blank, as in Django.
            #expect(blankError?.messages == ["handle": ["This field cannot be blank."], "color": ["This field cannot be blank."]])
            try Profile(author: ForeignKey(ann), handle: "ann", color: "red").fullClean()
        }
    }

    @Test func fullCleanChecksUniquenessAgainstTheDatabase() throws {
        try withProfiles {
            let ann = try Author.objects.create(Author(name: "Ann"))
            let duplicate = Author(name: "Ann")
            let error = #expect(throws: ValidationError.self) { try duplicate.fullClean() }
            #expect(error?.messages == ["name": ["Author with this Name already exists."]])
            try ann.fullClean()  // itself is not a duplicate
            var profile = try Profile.objects.create(Profile(author: ForeignKey(ann), handle: "ann", color: "red"))
            try profile.fullClean()
            let bob = try Author.objects.create(Author(name: "Bob"))
            let clash = Profile(author: ForeignKey(bob), handle: "ann", color: "blue")
            let clashError = #expect(throws: ValidationError.self) { try clash.fullClean() }
            #expect(clashError?.messages == ["__all__": ["Profile with this Handle and Site already exists."]])
            profile.site = "elsewhere"
            try profile.save()
            try clash.fullClean()
        }
    }

    @Test func oneToOneIsUnique() throws {
        try withProfiles {
            let ann = try Author.objects.create(Author(name: "Ann"))
            try Profile.objects.create(Profile(author: ForeignKey(ann), handle: "a", color: "red"))
            let error = #expect(throws: IntegrityError.self) {
                try Profile.objects.create(Profile(author: ForeignKey(ann), handle: "b", color: "red"))
            }
            #expect(error?.message == "UNIQUE constraint failed: library_profile.author_id")
            let second = Profile(author: ForeignKey(ann), handle: "c", color: "red")
            #expect(throws: ValidationError.self) { try second.fullClean() }
            #expect(try Profile.objects.filter("author__name", "Ann").get().handle == "a")
            try ann.delete()
            #expect(try Profile.objects.count() == 0)
        }
    }
}
