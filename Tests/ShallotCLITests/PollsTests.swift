import Foundation
import Testing

/// The request files of the polls sample.
let pollsRequests = packageRoot.appendingPathComponent("samples/polls/requests")

func pollsSample(_ name: String) -> String { pollsRequests.appendingPathComponent(name).path }

/// The status of each response of a `--format summary` run.
func statusLines(_ run: ShallotRun) -> [String] {
    run.stdout.split(separator: "\n").map { String($0.components(separatedBy: "  ")[0]) }
}

/// The response of `--format pretty` output labelled with `label` (up to the next label).
func response(_ run: ShallotRun, labelled label: String) -> String {
    let parts = run.stdout.components(separatedBy: "\n### ")
    return parts.first { $0.hasPrefix(label) || $0.hasPrefix("### " + label) } ?? ""
}

/// The polls sample (Django's tutorial, parts 1–4) on a fresh database of its own: what the
/// README's first command shows on a fresh clone.
@Suite("shallot: the polls sample on its database")
struct PollsSampleTests {
    @Test("the README's first command: every polls request file, exit 0; the first run names the database it created, the next does not")
    func readme() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        let files = try FileManager.default.contentsOfDirectory(atPath: pollsRequests.path).filter { $0.hasSuffix(".http") }.sorted()
        #expect(files == ["lifecycle.http", "polls.http", "vote.http"])
        let first = try shallot(["--color", "never"] + files.map(pollsSample), environment: database.environment)
        #expect(first.status == 0, "\(first)")
        let created = "shallot: created the sample database \(database.path) (migrated polls.0001_initial, loaded 11 objects)\n"
        #expect(first.stderr.hasPrefix(created), "\(first)")
        #expect(first.stderr.occurrences(of: "created the sample database") == 1)
        #expect(FileManager.default.fileExists(atPath: database.path))
        let second = try shallot(["--color", "never", "--format", "summary", pollsSample("polls.http")], environment: database.environment)
        #expect(second.status == 0, "\(second)")
        #expect(second.stderr == "", "\(second)")
    }

    @Test("polls.http: index, detail, results, the 404s and the JSON view")
    func polls() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        let summary = try shallot(["--color", "never", "--format", "summary", pollsSample("polls.http")], environment: database.environment)
        #expect(statusLines(summary) == ["200 OK", "200 OK", "200 OK", "404 Not Found", "404 Not Found", "404 Not Found", "200 OK"], "\(summary)")

        let run = try shallot(["--color", "never", pollsSample("polls.http")], environment: database.environment)
        #expect(run.status == 0, "\(run)")
        let index = response(run, labelled: "The index")
        let links = index.components(separatedBy: "\n").filter { $0.contains("<li>") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(links == [
            "<li><a href=\"/polls/3/\">Shallots or onions?</a></li>",
            "<li><a href=\"/polls/2/\">What&#x27;s up?</a></li>",
            "<li><a href=\"/polls/1/\">What&#x27;s new?</a></li>",
        ], "newest first, autoescaped, linked by {% url 'polls:detail' %}: \(index)")

        let detail = response(run, labelled: "One question")
        #expect(detail.contains("<form action=\"/polls/1/vote/\" method=\"post\">"), "\(detail)")
        #expect(detail.contains("<legend><h1>What&#x27;s new?</h1></legend>"))
        #expect(detail.contains("<input type=\"radio\" name=\"choice\" id=\"choice1\" value=\"1\">\n        <label for=\"choice1\">Not much</label><br>"))
        #expect(detail.contains("<input type=\"radio\" name=\"choice\" id=\"choice3\" value=\"3\">\n        <label for=\"choice3\">Just hacking again</label><br>"))
        #expect(!detail.contains("<strong>"), "no error message")

        let results = response(run, labelled: "A question's results")
        #expect(results.contains("<h1>What&#x27;s up?</h1>"), "\(results)")
        #expect(results.contains("<li>A shallot -- 3 votes</li>"))
        #expect(results.contains("<li>An onion -- 1 vote</li>"))
        #expect(results.contains("<a href=\"/polls/2/\">Vote again?</a>"))

        let missing = response(run, labelled: "A question that does not exist")
        #expect(missing.contains("HTTP/1.1 404 Not Found\n"), "\(missing)")
        #expect(missing.contains("Raised by: polls.views.detail"))
        #expect(missing.contains("No Question matches the given query."))
        #expect(response(run, labelled: "The results of a question").contains("Raised by: polls.views.results"))
        let nowhere = response(run, labelled: "A path no pattern matches")
        #expect(nowhere.contains("The current path, polls/1/nowhere/, didn't match any of these."), "\(nowhere)")

        let json = response(run, labelled: "The same questions as JSON")
        #expect(json.contains("{\"id\": 3, \"question_text\": \"Shallots or onions?\", \"choices\": [\"Shallots\", \"Onions\", \"Both, in a tarte tatin\"]}"), "\(json)")
    }

    @Test("vote.http: 302 to the results, the count up by one, the error message for no choice and for another question's choice; votes accumulate")
    func vote() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        let summary = try shallot(["--color", "never", "--format", "summary", pollsSample("vote.http")], environment: database.environment)
        #expect(statusLines(summary) == ["302 Found", "200 OK", "200 OK", "200 OK", "404 Not Found", "200 OK"], "\(summary)")

        let run = try shallot(["--color", "never", pollsSample("vote.http")], environment: database.environment)
        #expect(run.status == 0, "\(run)")
        let redirect = response(run, labelled: "Vote for \"The sky\"")
        #expect(redirect.contains("HTTP/1.1 302 Found\nContent-Type: text/html; charset=utf-8\nLocation: /polls/1/results/\n"), "\(redirect)")
        let results = response(run, labelled: "Follow the redirect")
        #expect(results.contains("<li>The sky -- 2 votes</li>"), "the summary run voted once, this run once more: \(results)")
        #expect(results.contains("<li>Not much -- 0 votes</li>"))

        let error = "<p><strong>You didn&#x27;t select a choice.</strong></p>"
        let noChoice = response(run, labelled: "A vote without a choice")
        #expect(noChoice.contains("HTTP/1.1 200 OK\n"), "\(noChoice)")
        #expect(noChoice.contains(error))
        #expect(noChoice.contains("<form action=\"/polls/1/vote/\" method=\"post\">"), "the form again")
        #expect(response(run, labelled: "A choice of another question").contains(error))
        #expect(response(run, labelled: "A vote on a question that does not exist").contains("No Question matches the given query."))
        #expect(response(run, labelled: "GET on the vote URL").contains(error))

        // Choice 4 (question 2) was never counted: the wrong question's choice is no vote.
        let other = try shallot(["run", "--color", "never"], stdin: "GET /polls/2/results/\n", environment: database.environment)
        #expect(other.stdout.contains("<li>A shallot -- 3 votes</li>"), "\(other)")
    }

    @Test("a database file without the polls tables is migrated, not loaded: the index says no polls are available")
    func unmigrated() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        let run = try shallot(["run", "--color", "never"], stdin: "GET /polls/\n", environment: database.environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "shallot: migrated the sample database \(database.path) (applied polls.0001_initial)\n", "\(run)")
        #expect(run.stdout.contains("<p>No polls are available.</p>"))
        let again = try shallot(["run", "--color", "never"], stdin: "GET /polls/1/\nAccept: text/plain\n", environment: database.environment)
        #expect(again.stderr == "", "\(again)")
        #expect(again.stdout.hasPrefix("HTTP/1.1 404 Not Found\n"))
    }

    @Test("commands that do not handle requests leave the database alone")
    func noDatabaseForOtherCommands() throws {
        let database = try FreshSampleDatabase()
        defer { database.remove() }
        for arguments in [["routes"], ["check"], ["parse", "-"], ["run", "--echo", "-"]] {
            let run = try shallot(arguments, stdin: "GET /polls/\n", environment: database.environment)
            #expect(run.status == 0, "\(arguments): \(run)")
            #expect(!run.stderr.contains("sample database"), "\(arguments): \(run)")
        }
        #expect(!FileManager.default.fileExists(atPath: database.path))
    }
}
