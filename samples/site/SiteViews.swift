import Foundation
import Framework
import Gateway

/// The site's own views, one for each way a request can travel.
enum Views {
    static let text = "text/plain; charset=utf-8"

    /// A plain-text view: the benchmark's target.
    static let home = View("mysite.views.home") { _, _ in
        HTTPResponse("Hello from the Shallot sample site.\n", contentType: text)
    }

    /// A JSON view: every question with its choices, read from the database (two queries, the
    /// choices prefetched).
    static let pollsJSON = View("mysite.views.polls_json") { _, _ in
        let questions = try Question.objects.orderBy("id").prefetchRelated("choice_set").fetch()
        return try JSONResponse(["questions": .array(questions.map { question in
            ["id": .int(question.id ?? 0), "question_text": .string(question.questionText),
             "choices": .array((question.choiceSet.prefetched ?? []).map { .string($0.choiceText) })]
        })])
    }

    /// A permanent redirect, with the target found by reverse().
    static let oldPolls = View("mysite.views.old_polls") { request, _ in
        try HTTPResponsePermanentRedirect(request.reverse("polls:index"))
    }

    /// A streaming view: the body leaves in chunks.
    static let stream = View("mysite.views.stream") { _, _ in
        StreamingHTTPResponse(["first chunk\n", "second chunk\n", "third chunk\n"], contentType: text)
    }

    /// A view that fails: the technical 500 page with DEBUG, the plain 500 without.
    static let error = View("mysite.views.error") { _, _ in
        throw SampleError.broken("the sample view failed on purpose")
    }

    /// A view that refuses: 403.
    static let forbidden = View("mysite.views.forbidden") { _, _ in
        throw PermissionDenied("You may not see this.")
    }

    /// What the view received: the request as Django shows it.
    static let echo = View("mysite.views.echo") { request, _ in
        var lines = ["\(request.method) \(request.getFullPath())"]
        lines += request.headers.all.map { "\($0.name): \($0.value)" }
        lines.append("GET: \(try request.GET())")
        if request.method == "POST" { lines.append("POST: \(try request.POST())") }
        lines.append("COOKIES: \(request.COOKIES.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))")
        lines.append("body: \(try request.body().count) bytes")
        return HTTPResponse(lines.joined(separator: "\n") + "\n", contentType: text)
    }
}

enum SampleError: Error, CustomStringConvertible {
    case broken(String)
    var description: String {
        switch self { case .broken(let why): why }
    }
}

/// The site's own middleware (hook style): it answers requests that carry
/// `X-Short-Circuit: yes` itself, so the view never runs — the onion's early exit.
final class ShortCircuitMiddleware: MiddlewareMixin {
    let getResponse: GetResponse
    init(getResponse: @escaping GetResponse) { self.getResponse = getResponse }

    static let factory: MiddlewareFactory = { _, getResponse in ShortCircuitMiddleware(getResponse: getResponse) }

    var name: String { "ShortCircuitMiddleware" }

    func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase? {
        guard request.headers["X-Short-Circuit"] == "yes" else { return nil }
        return HTTPResponse("Answered by ShortCircuitMiddleware; the view never ran.\n", contentType: "text/plain; charset=utf-8")
    }
}

/// A class-based view: GET answers, OPTIONS lists what it allows, anything else is 405.
final class AboutView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()

    func get(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        HTTPResponse("Shallot: Django's request lifecycle in Swift.\n", contentType: "text/plain; charset=utf-8")
    }

    func handler(for method: String) -> ViewHandler? { method == "get" ? get : nil }
}
