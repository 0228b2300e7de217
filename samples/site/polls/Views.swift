import Database
import Framework

/// The polls application of Django's tutorial (parts 1–4): its URLconf under the "polls"
/// namespace (polls/urls.py) and its views (polls/views.py), on the ORM.
enum Polls {
    /// polls/urls.py.
    static let urlpatterns: [URLEntry] = [
        path("", index, name: "index"),
        path("<int:question_id>/", detail, name: "detail"),
        path("<int:question_id>/results/", results, name: "results"),
        path("<int:question_id>/vote/", vote, name: "vote"),
    ]

    /// The question a URL names, or Http404 ("No Question matches the given query.").
    static func question(_ arguments: ViewArguments) throws -> Question {
        try getObjectOr404(Question.objects, "pk", arguments["question_id"]?.int ?? 0)
    }

    /// The latest five questions, newest first.
    static let index = View("polls.views.index") { request, _ in
        let latestQuestionList = try Question.objects.orderBy("-pub_date")[..<5].fetch()
        return try render(request, "polls/index.html", ["latest_question_list": latestQuestionList])
    }

    /// One question and its vote form.
    static let detail = View("polls.views.detail") { request, arguments in
        try render(request, "polls/detail.html", ["question": try question(arguments)])
    }

    /// One question's choices with their votes.
    static let results = View("polls.views.results") { request, arguments in
        try render(request, "polls/results.html", ["question": try question(arguments)])
    }

    /// Counts a vote for the posted choice and redirects to the results; without a choice of
    /// this question, the form again with "You didn't select a choice.". As in the tutorial it
    /// takes any method. It is CSRF-exempt for now: Shallot has no CsrfViewMiddleware yet, so
    /// nothing checks a token (the form's `{% csrf_token %}` renders nothing); once it does, the
    /// form's token protects this view as in Django.
    static let vote = View("polls.views.vote") { request, arguments in
        let question = try question(arguments)
        let selectedChoice: Choice
        do {
            // No "choice" in the form: where Django's request.POST["choice"] raises KeyError.
            guard let choice = try request.POST()["choice"] else { return try redisplay(request, question) }
            selectedChoice = try question.choiceSet.all().get("pk", choice)
        } catch is DoesNotExist {
            return try redisplay(request, question)
        }
        // votes = F("votes") + 1: the database adds, so two votes at once both count.
        try Choice.objects.filter("pk", selectedChoice.pk).update(["votes": F("votes") + 1])
        // Always redirect after a successful POST, so that Back cannot post the vote twice.
        return try HTTPResponseRedirect(request.reverse("polls:results", args: [.int(question.id!)]))
    }

    /// Redisplays the question voting form, with the error.
    private static func redisplay(_ request: HTTPRequest, _ question: Question) throws -> HTTPResponse {
        try render(request, "polls/detail.html", ["question": question, "error_message": "You didn't select a choice."])
    }
}
