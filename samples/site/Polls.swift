import Foundation
import Framework

/// The polls application of Django's tutorial (part 3, before templates and the ORM): its URLs
/// under the "polls" namespace, and views over a fixed set of questions.
enum Polls {
    static let urlpatterns: [URLEntry] = [
        path("", index, name: "index"),
        path("<int:question_id>/", detail, name: "detail"),
        path("<int:question_id>/results/", results, name: "results"),
        path("<int:question_id>/vote/", vote, name: "vote"),
    ]

    struct Choice: Sendable {
        var choiceText: String
        var votes: Int
    }

    struct Question: Sendable {
        var id: Int
        var questionText: String
        var choices: [Choice]
    }

    static let questions = [
        Question(id: 1, questionText: "What's new?", choices: [Choice(choiceText: "Not much", votes: 0), Choice(choiceText: "The sky", votes: 1)]),
        Question(id: 2, questionText: "What's up?", choices: [Choice(choiceText: "A shallot", votes: 3), Choice(choiceText: "An onion", votes: 1)]),
    ]

    static func question(_ arguments: ViewArguments) throws -> Question {
        guard let id = arguments["question_id"]?.int, let found = questions.first(where: { $0.id == id }) else {
            throw Http404("No Question matches the given query.")
        }
        return found
    }

    /// The tutorial's index: the questions through polls/index.html.
    static let index = View("polls.views.index") { request, _ in
        try render(request, "polls/index.html", ["latest_question_list": questions])
    }

    static let detail = View("polls.views.detail") { _, arguments in
        let question = try question(arguments)
        return HTTPResponse("You're looking at question \(question.id): \(question.questionText)\n", contentType: "text/plain; charset=utf-8")
    }

    static let results = View("polls.views.results") { request, arguments in
        try render(request, "polls/results.html", ["question": try question(arguments)])
    }

    /// Reads the form's choice and redirects to the results, as the tutorial's vote view does.
    static let vote = View("polls.views.vote") { request, arguments in
        let question = try question(arguments)
        guard request.method == "POST" else { return HTTPResponseNotAllowed(["POST"]) }
        guard let choice = try request.POST()["choice"], let index = Int(choice), question.choices.indices.contains(index - 1) else {
            return HTTPResponse("You didn't select a choice.\n", status: 400, contentType: "text/plain; charset=utf-8")
        }
        let url = try request.reverse("polls:results", args: [.int(question.id)])
        let response = try HTTPResponseRedirect(url)
        try response.setCookie("last_vote", "\(question.id)-\(index)", path: "/polls/", sameSite: "Lax")
        return response
    }
}
