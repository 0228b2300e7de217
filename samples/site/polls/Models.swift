import Database
import Foundation

// polls/models.py of Django's tutorial (part 2): a question with its publication date, and the
// choices voted on, each pointing at its question.

/// A poll question (the tutorial's `Question`): `question_text` and `pub_date`, with the choices
/// that point at it as `choice_set`. Its table is `polls_question`.
struct Question: Model, CustomStringConvertible {
    var id: Int?
    var questionText = ""
    var pubDate = Date()
    var choiceSet = RelatedSet<Choice>()

    static let meta = ModelMeta<Question>(
        app: "polls",
        fields: [
            // startproject's apps.py sets default_auto_field to BigAutoField.
            .bigAutoField(\.id),
            .charField("question_text", \.questionText, maxLength: 200),
            .dateTimeField("pub_date", \.pubDate, .verboseName("date published")),
        ],
        related: [.reverse("choice_set", \.choiceSet, via: \Choice.question)]
    )

    /// `__str__`: the question's text.
    var description: String { questionText }

    /// `was_published_recently()` as part 2 writes it: published within the last day. (Part 5
    /// finds its bug — a question dated in the future counts as recent — and fixes it.)
    func wasPublishedRecently(now: Date = Date()) -> Bool {
        pubDate >= now.addingTimeInterval(-86_400)
    }
}

/// One answer to a question and its vote count (the tutorial's `Choice`); deleting the question
/// deletes its choices (`on_delete=CASCADE`). Its table is `polls_choice`.
struct Choice: Model, CustomStringConvertible {
    var id: Int?
    var question = ForeignKey<Question>()
    var choiceText = ""
    var votes = 0

    static let meta = ModelMeta<Choice>(
        app: "polls",
        fields: [
            .bigAutoField(\.id),
            .foreignKey("question", \.question, onDelete: .cascade),
            .charField("choice_text", \.choiceText, maxLength: 200),
            .integerField("votes", \.votes, .default(.integer(0))),
        ]
    )

    /// `__str__`: the choice's text.
    var description: String { choiceText }
}
