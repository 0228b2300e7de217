import Database

// polls/migrations/0001_initial.py, as `shallot makemigrations polls` writes it for the models
// in Models.swift (SampleSiteTests checks that the two stay in step: makemigrations on the
// models against this state finds no changes).

extension Polls {
    /// The polls app's migrations, in the order they apply.
    static let migrations: [Migration] = [initial]

    /// `polls.0001_initial`: creates polls_question and polls_choice.
    static let initial = Migration(app: "polls", name: "0001_initial", operations: [
        .createModel(ModelState(name: "Question", table: "polls_question", fields: [
            FieldInfo(name: "id", kind: .bigAutoField),
            FieldInfo(name: "question_text", kind: .char(maxLength: 200)),
            FieldInfo(name: "pub_date", kind: .dateTime, options: [.verboseName("date published")]),
        ])),
        .createModel(ModelState(name: "Choice", table: "polls_choice", fields: [
            FieldInfo(name: "id", kind: .bigAutoField),
            FieldInfo(name: "question", column: "question_id", kind: .foreignKey(to: RelatedModel("Question"), onDelete: .cascade)),
            FieldInfo(name: "choice_text", kind: .char(maxLength: 200)),
            FieldInfo(name: "votes", kind: .integer, options: [.default(.integer(0))]),
        ])),
    ])
}
