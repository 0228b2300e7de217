import Database
import Foundation

/// The tutorial's polls models, as a user would declare them.
struct Question: Model {
    var id: Int?
    var questionText = ""
    var pubDate = Date()
    var choiceSet = RelatedSet<Choice>()

    static let meta = ModelMeta<Question>(
        table: "polls_question",
        ordering: ["-pub_date"],
        fields: [
            .autoField(\.id),
            .charField("question_text", \.questionText, maxLength: 200),
            .dateTimeField("pub_date", \.pubDate),
        ],
        related: [.reverse("choice_set", \.choiceSet, via: \Choice.question)]
    )
}

struct Choice: Model {
    var id: Int?
    var question = ForeignKey<Question>()
    var choiceText = ""
    var votes = 0

    static let meta = ModelMeta<Choice>(
        app: "polls",
        fields: [
            .autoField(\.id),
            .foreignKey("question", \.question, onDelete: .cascade),
            .charField("choice_text", \.choiceText, maxLength: 200),
            .integerField("votes", \.votes, .default(.integer(0))),
        ]
    )
}

/// Protect and set-null relations, and a self reference.
struct Author: Model {
    var id: Int?
    var name = ""
    var mentor: ForeignKey<Author>?
    var books = RelatedSet<Book>()

    static let meta = ModelMeta<Author>(
        table: "library_author",
        ordering: ["name"],
        fields: [
            .autoField(\.id),
            .charField("name", \.name, maxLength: 100, .unique),
            .foreignKey("mentor", \.mentor, onDelete: .setNull, .blank),
        ],
        related: [.reverse("books", \.books, via: \Book.author, queryName: "book")]
    )
}

struct Book: Model {
    var id: Int?
    var title = ""
    var author = ForeignKey<Author>()
    var editor: ForeignKey<Author>?
    var pages: Int?
    var price = Decimal(0)

    static let meta = ModelMeta<Book>(
        table: "library_book",
        fields: [
            .autoField(\.id),
            .charField("title", \.title, maxLength: 200),
            .foreignKey("author", \.author, onDelete: .protect),
            .foreignKey("editor", \.editor, onDelete: .setNull),
            .integerField("pages", \.pages),
            .decimalField("price", \.price, maxDigits: 8, decimalPlaces: 2),
        ]
    )
}

/// Every field kind once.
struct Sample: Model {
    var id: Int?
    var name = ""
    var body = ""
    var count = 0
    var big: Int64 = 0
    var ratio = 0.0
    var amount = Decimal(0)
    var flag = false
    var day = Date(timeIntervalSince1970: 0)
    var stamp = Date(timeIntervalSince1970: 0)
    var created: Date?
    var updated: Date?
    var token = UUID()
    var tags: [String] = []
    var note: String?
    var raw = Data()

    static let meta = ModelMeta<Sample>(
        table: "kitchen_sample",
        fields: [
            .bigAutoField(\.id),
            .charField("name", \.name, maxLength: 20, .unique),
            .textField("body", \.body),
            .integerField("count", \.count, .dbIndex),
            .bigIntegerField("big", \.big),
            .floatField("ratio", \.ratio),
            .decimalField("amount", \.amount, maxDigits: 10, decimalPlaces: 3),
            .booleanField("flag", \.flag),
            .dateField("day", \.day),
            .dateTimeField("stamp", \.stamp),
            .dateTimeField("created", \.created, .autoNowAdd),
            .dateTimeField("updated", \.updated, .autoNow),
            .uuidField("token", \.token),
            .jsonField("tags", \.tags),
            .textField("note", \.note),
            .binaryField("raw", \.raw),
        ]
    )
}

/// A fresh private in-memory database with the test models' tables, active for `body`.
func withDatabase(_ body: (Connection) throws -> Void) throws {
    let handler = ConnectionHandler(["default": .sqlite(":memory:")])
    let connection = try handler.connection()
    let editor = SchemaEditor(connection)
    try editor.createModel(Question.self)
    try editor.createModel(Choice.self)
    try editor.createModel(Author.self)
    try editor.createModel(Book.self)
    try editor.createModel(Sample.self)
    defer { connection.close() }
    try handler.activate { try body(connection) }
}

/// Dates a day apart from a fixed origin, for stable ordering.
func day(_ offset: Int, hour: Int = 12) -> Date {
    Date(timeIntervalSince1970: 1_700_000_000 + Double(offset) * 86400 + Double(hour - 12) * 3600)
}

/// The polls fixture: three questions, five choices.
@discardableResult
func seedPolls() throws -> (what: Question, who: Question, old: Question) {
    let what = try Question.objects.create(Question(questionText: "What's up?", pubDate: day(0)))
    let who = try Question.objects.create(Question(questionText: "Who's there?", pubDate: day(-1)))
    let old = try Question.objects.create(Question(questionText: "Old news", pubDate: day(-400)))
    try Choice.objects.bulkCreate([
        Choice(question: ForeignKey(what), choiceText: "Not much", votes: 3),
        Choice(question: ForeignKey(what), choiceText: "The sky", votes: 5),
        Choice(question: ForeignKey(who), choiceText: "Nobody", votes: 0),
        Choice(question: ForeignKey(who), choiceText: "100% me_", votes: 1),
        Choice(question: ForeignKey(old), choiceText: "Yes", votes: 2),
    ])
    return (what, who, old)
}
