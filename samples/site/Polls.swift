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

    struct Question: Sendable {
        var id: Int
        var text: String
        var choices: [(text: String, votes: Int)]
    }

    static let questions = [
        Question(id: 1, text: "What's new?", choices: [("Not much", 0), ("The sky", 0)]),
        Question(id: 2, text: "What's up?", choices: [("A shallot", 3), ("An onion", 1)]),
    ]

    static func question(_ arguments: ViewArguments) throws -> Question {
        guard let id = arguments["question_id"]?.int, let found = questions.first(where: { $0.id == id }) else {
            throw Http404("No Question matches the given query.")
        }
        return found
    }

    static let index = View("polls.views.index") { _, _ in
        HTTPResponse(questions.map { "\($0.id). \($0.text)" }.joined(separator: "\n") + "\n", contentType: "text/plain; charset=utf-8")
    }

    static let detail = View("polls.views.detail") { _, arguments in
        let question = try question(arguments)
        return HTTPResponse("You're looking at question \(question.id): \(question.text)\n", contentType: "text/plain; charset=utf-8")
    }

    static let results = View("polls.views.results") { _, arguments in
        let question = try question(arguments)
        let lines = question.choices.map { "\($0.text) -- \($0.votes) vote\($0.votes == 1 ? "" : "s")" }
        return HTTPResponse("Results for \"\(question.text)\":\n" + lines.joined(separator: "\n") + "\n", contentType: "text/plain; charset=utf-8")
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
