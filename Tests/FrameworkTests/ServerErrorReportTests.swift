import Database
import Gateway
import Templates
import Testing

@testable import Framework

/// What an uncaught error leaves in `wsgi.errors` (the server's error log): Django's
/// `django.request` line, where in the lifecycle it happened, and the error with what it carries.
@Suite("Handler: the error-log report of a 500")
struct ServerErrorReportTests {
    static let log = HookLog()

    static func middleware(_ label: String, raiseIn: String? = nil) -> (String, MiddlewareFactory) {
        (label, { _, next in Recorder(label, log: log, raiseIn: raiseIn, getResponse: next) })
    }

    /// The errors written while answering `path` on a site whose view `detail` raises `error`.
    static func report(_ error: any Error & Sendable, at target: String = "/polls/7/", chain: [(String, MiddlewareFactory)]? = nil) throws -> (CompletedResponse, String) {
        let view = View("polls.views.detail") { _, _ in throw error }
        let site = site([path("polls/<int:question_id>/", view, name: "detail")], middleware: chain ?? [middleware("Outer"), middleware("Inner")])
        let environ = environ(target)
        let response = try call(site, environ)
        return (response, (environ.errors as! CapturedErrorStream).text)
    }

    @Test("a view that raises: the middleware passed through, the pattern and the view, then the error")
    func viewRaises() throws {
        let (response, text) = try Self.report(TestFailure("division by zero"))
        #expect(response.status == "500 Internal Server Error")
        #expect(!String(decoding: response.body, as: UTF8.self).contains("division by zero"))
        #expect(text == """
            Internal Server Error: /polls/7/
            Traceback (request lifecycle, innermost step last):
              → Outer
                → Inner
                  resolver polls/<int:question_id>/ → polls.views.detail(question_id=7) [name='detail']
                  view polls.views.detail raised
            TestFailure: division by zero

            """)
    }

    @Test("a database error carries its SQL into the report")
    func databaseError() throws {
        let failure = OperationalError(message: "no such table: polls_question", sql: "SELECT \"id\" FROM \"polls_question\" WHERE \"id\" = ?")
        let (_, text) = try Self.report(failure)
        #expect(text.hasSuffix("""
            view polls.views.detail raised
            OperationalError: no such table: polls_question
              SQL: SELECT "id" FROM "polls_question" WHERE "id" = ?

            """))
    }

    @Test("a template syntax error names the template file and line")
    func templateError() throws {
        let failure = TemplateSyntaxError("Invalid block tag: 'endfo'", templateName: "polls/detail.html", line: 3, token: "{% endfo %}")
        let (_, text) = try Self.report(failure)
        #expect(text.hasSuffix("""
            TemplateSyntaxError: Invalid block tag: 'endfo'
              Template: polls/detail.html, line 3
              Token: {% endfo %}

            """))
    }

    @Test("a middleware that raises: the chain stops at it, and says whether the view had answered")
    func middlewareRaises() throws {
        let (_, before) = try Self.report(TestFailure("x"), chain: [Self.middleware("Outer"), Self.middleware("Guard", raiseIn: "process_request"), Self.middleware("Inner")])
        #expect(before == """
            Internal Server Error: /polls/7/
            Traceback (request lifecycle, innermost step last):
              → Outer
                → Guard
                Guard: raised before the URL was resolved
            TestFailure: Guard raised in process_request

            """)
        let (_, after) = try Self.report(TestFailure("x"), chain: [Self.middleware("Outer", raiseIn: "process_response"), Self.middleware("Inner")])
        #expect(after.contains("""
              → Outer
              Outer: raised on the way out, after the view polls.views.detail answered
            TestFailure: Outer raised in process_response
            """))
    }

    @Test("with a lifecycle trace in the environ, the report shows the steps it recorded")
    func tracedRequest() throws {
        let view = View("polls.views.detail") { _, _ in throw TestFailure("boom") }
        let site = site([path("polls/<int:question_id>/", view, name: "detail")], middleware: [Self.middleware("Outer")])
        var environ = environ("/polls/7/")
        environ.extensions[LifecycleTrace.key] = LifecycleTrace()
        _ = try call(site, environ)
        let text = (environ.errors as! CapturedErrorStream).text
        #expect(text.contains("Outer.process_request: continued"))
        #expect(text.contains("view polls.views.detail raised TestFailure: boom"))
        #expect(text.hasSuffix("TestFailure: boom\n"))
    }
}
