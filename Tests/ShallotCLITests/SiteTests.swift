import Foundation
import Testing

/// The sample site through the built binary: what the README's first command shows.
@Suite("shallot: the sample site")
struct SiteTests {
    @Test("lifecycle.http: every way a request can travel answers as Django would")
    func statuses() throws {
        let run = try shallot(["run", "--color", "never", "--format", "summary", pollsSample("lifecycle.http")])
        #expect(run.status == 0, "\(run)")
        #expect(statusLines(run) == [
            "200 OK", "200 OK", "301 Moved Permanently", "301 Moved Permanently", "200 OK", "405 Method Not Allowed",
            "200 OK", "403 Forbidden", "500 Internal Server Error", "200 OK",
        ])
    }

    @Test("--trace draws the onion: middleware in and out, resolver, view, start_response, request_finished")
    func trace() throws {
        let run = try shallot(["run", "--color", "never", "--trace"], stdin: "GET /polls/2/\n")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let events = lines.drop { !$0.contains("lifecycle trace") }.dropFirst().map { $0.dropFirst(13) }
        #expect(events.first == "request_started GET /polls/2/")
        #expect(events.contains("→ SecurityMiddleware"))
        #expect(events.contains { $0.contains("resolver polls/<int:question_id>/ → polls.views.detail(question_id=2) [name='polls:detail']") })
        #expect(events.contains { $0.contains("view polls.views.detail → 200 OK · 2 queries") })
        #expect(events.contains { $0.contains("query SELECT \"polls_question\".\"id\"") && $0.contains("— params: 2") })
        #expect(events.contains { $0.hasPrefix("← SecurityMiddleware 200 OK") })
        #expect(events.last == "request_finished body closed")
        let securityIn = try #require(events.firstIndex(of: "→ SecurityMiddleware"))
        let commonIn = try #require(events.firstIndex(of: "│ → CommonMiddleware"))
        #expect(securityIn < commonIn)
    }

    @Test("a short-circuiting middleware: the trace shows no view")
    func shortCircuit() throws {
        let run = try shallot(["run", "--color", "never", "--trace"], stdin: "GET /polls/\nX-Short-Circuit: yes\n")
        #expect(run.stdout.contains("Answered by ShortCircuitMiddleware; the view never ran."))
        #expect(run.stdout.contains("ShortCircuitMiddleware.process_request: short-circuited: 200"))
        let trace = run.stdout.components(separatedBy: "lifecycle trace")[1]
        #expect(!trace.contains("resolver"))
        #expect(!trace.contains(" view "))
    }

    @Test("--format json carries the trace")
    func jsonTrace() throws {
        let run = try shallot(["run", "--color", "never", "--format", "json", "--trace"], stdin: "GET /\n")
        let object = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let trace = try #require(object["trace"] as? [[String: Any]])
        #expect(trace.contains { $0["phase"] as? String == "view" && $0["name"] as? String == "mysite.views.home" })
    }

    @Test("the tutorial's templates: index and results, with {% url %} links and autoescaping")
    func templates() throws {
        let index = try shallot(["run", "--color", "never"], stdin: "GET /polls/\n")
        #expect(index.stdout.contains("<li><a href=\"/polls/1/\">What&#x27;s new?</a></li>"))
        #expect(index.stdout.contains("<li><a href=\"/polls/2/\">What&#x27;s up?</a></li>"))
        let results = try shallot(["run", "--color", "never", "--trace"], stdin: "GET /polls/2/results/\n")
        #expect(results.stdout.contains("<li>A shallot -- 3 votes</li>"))
        #expect(results.stdout.contains("<li>An onion -- 1 vote</li>"))
        #expect(results.stdout.contains("<a href=\"/polls/2/\">Vote again?</a>"))
        #expect(results.stdout.contains("template polls/results.html — rendered"))
    }

    @Test("the vote redirects to the reversed results URL")
    func vote() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        let run = try shallot(["run", "--color", "never"], stdin: "POST /polls/1/vote/\nContent-Type: application/x-www-form-urlencoded\n\nchoice=1\n",
                              environment: database.environment)
        #expect(run.stdout.hasPrefix("HTTP/1.1 302 Found\n"), "\(run)")
        #expect(run.stdout.contains("\nLocation: /polls/1/results/\n"))
        #expect(!run.stdout.contains("Set-Cookie"))
    }

    @Test("APPEND_SLASH redirects only when the slashed path resolves")
    func appendSlash() throws {
        let redirected = try shallot(["run", "--color", "never"], stdin: "GET /polls?x=1\n")
        #expect(redirected.stdout.hasPrefix("HTTP/1.1 301 Moved Permanently\n"))
        #expect(redirected.stdout.contains("\nLocation: /polls/?x=1\n"))
        let missing = try shallot(["run", "--color", "never"], stdin: "GET /nowhere\nAccept: text/plain\n")
        #expect(missing.stdout.hasPrefix("HTTP/1.1 404 Not Found\n"))
    }

    @Test("JsonResponse writes JSON as Python's json.dumps does")
    func json() throws {
        let run = try shallot(["run", "--color", "never"], stdin: "GET /api/polls/\n")
        #expect(run.stdout.contains("Content-Type: application/json\n"))
        #expect(run.stdout.contains("{\"questions\": [{\"id\": 1, \"question_text\": \"What's new?\", \"choices\": [\"Not much\", \"The sky\", \"Just hacking again\"]}"))
    }

    @Test("DEBUG off: Django's plain error pages, and ALLOWED_HOSTS enforced")
    func debugOff() throws {
        let missing = try shallot(["run", "--color", "never", "--set", "DEBUG=False"], stdin: "GET /polls/99/\n")
        #expect(missing.stdout.contains("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"))
        let failing = try shallot(["run", "--color", "never", "--set", "DEBUG=False"], stdin: "GET /error/\n")
        #expect(failing.stdout.contains("<h1>Server Error (500)</h1>"))
        #expect(failing.stderr.contains("Internal Server Error: /error/"))
        let host = try shallot(["run", "--color", "never", "--set", "DEBUG=False", "--set", "ALLOWED_HOSTS=example.com"], stdin: "GET /\n")
        #expect(host.stdout.hasPrefix("HTTP/1.1 400 Bad Request\n"))
        #expect(host.stderr.contains("Invalid HTTP_HOST header: 'localhost'. You may need to add 'localhost' to ALLOWED_HOSTS."))
    }

    @Test("routes lists every pattern with name and view")
    func routes() throws {
        let run = try shallot(["routes", "--color", "never"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.contains(["/polls/<int:question_id>/", "polls:detail", "polls.views.detail"]))
        #expect(lines.first == ["/", "home", "mysite.views.home"])
    }

    @Test("check: clean by default, errors for a broken deployment, warnings with --deploy")
    func check() throws {
        let clean = try shallot(["check"])
        #expect(clean.status == 0)
        #expect(clean.stdout == "System check identified no issues (0 silenced).\n")
        let broken = try shallot(["check", "--set", "DEBUG=False", "--set", "ALLOWED_HOSTS=", "--set", "SECRET_KEY=",
                                  "--set", "MIDDLEWARE=django.middleware.common.CommonMiddleware,nope.Middleware"])
        #expect(broken.status == 6)
        #expect(broken.stderr.contains("?: (security.W020) ALLOWED_HOSTS must not be empty in deployment."))
        #expect(broken.stderr.contains("?: (security.E101) The SECRET_KEY setting must not be empty."))
        #expect(broken.stderr.contains("?: (shallot.E001) MIDDLEWARE names 'nope.Middleware', which this site does not know."))
        #expect(broken.stderr.hasSuffix("System check identified 3 issues (0 silenced).\n"))
        let deploy = try shallot(["check", "--deploy"])
        #expect(deploy.status == 0)
        #expect(deploy.stdout.contains("?: (security.W018) You should not have DEBUG set to True in deployment."))
    }

    @Test("settings errors: an unknown setting is a usage error, unknown middleware exit 6")
    func settingsErrors() throws {
        let unknown = try shallot(["run", "--set", "DEBUGG=True"], stdin: "GET /\n")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "shallot: --set: unknown setting 'DEBUGG'; did you mean DEBUG?\n")
        let badValue = try shallot(["run", "--set", "DEBUG=maybe"], stdin: "GET /\n")
        #expect(badValue.status == 1)
        #expect(badValue.stderr.contains("DEBUG takes True or False, not 'maybe'"))
        let missing = try shallot(["run", "--set", "MIDDLEWARE=nope.Middleware"], stdin: "GET /\n")
        #expect(missing.status == 6)
        #expect(missing.stdout == "")
        #expect(missing.stderr.hasPrefix("shallot: ImproperlyConfigured: MIDDLEWARE names 'nope.Middleware'"))
    }
}
