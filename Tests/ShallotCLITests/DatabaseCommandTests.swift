import Foundation
import Testing

/// The database subcommands on the sample site's polls app, each on a fresh database of its own
/// (SHALLOT_SAMPLE_DB), as a user runs them.
@Suite("shallot migrate, showmigrations, makemigrations, loaddata, dumpdata, dbshell")
struct DatabaseCommandTests {
    /// Runs `shallot args…` with the sample database in `directory`.
    func run(_ arguments: [String], in directory: TemporaryDirectory, stdin: String? = nil) throws -> ShallotRun {
        try shallot(arguments, stdin: stdin, cwd: directory.url,
                    environment: ["SHALLOT_SAMPLE_DB": directory.url.appendingPathComponent("polls.sqlite3").path])
    }

    @Test("migrate on a fresh database: the sample creates it, then nothing is left to apply")
    func migrate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try run(["migrate"], in: directory)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr.contains("created the sample database"), "\(first)")
        #expect(first.stdout == "Operations to perform:\n  Apply all migrations: polls\nRunning migrations:\n  No migrations to apply.\n", "\(first)")
        let plan = try run(["migrate", "--plan"], in: directory)
        #expect(plan.stdout == "Planned operations:\n  No planned migration operations.\n", "\(plan)")
        #expect(!plan.stderr.contains("created"), "the second run finds the database: \(plan)")
    }

    @Test("showmigrations marks applied migrations; an unknown app is an error")
    func showMigrations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shown = try run(["showmigrations"], in: directory)
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.hasPrefix("polls\n [X] 0001_initial\n"), "\(shown)")
        let unknown = try run(["showmigrations", "nope"], in: directory)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "shallot: No installed app with label 'nope'.\n", "\(unknown)")
    }

    @Test("makemigrations finds the models and migrations in step")
    func makeMigrations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let made = try run(["makemigrations", "--check"], in: directory)
        #expect(made.status == 0, "\(made)")
        #expect(made.stdout == "No changes detected\n", "\(made)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("migrations").path))
    }

    @Test("dumpdata writes the fixture that loaddata reads back, into an empty database")
    func dumpAndLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dumped = try run(["dumpdata", "polls", "--indent", "2"], in: directory)
        #expect(dumped.status == 0, "\(dumped)")
        #expect(dumped.stdout.contains("\"model\": \"polls.question\""), "\(dumped)")
        let objects = dumped.stdout.occurrences(of: "\"model\":")
        #expect(objects > 0)
        let questions = try run(["dumpdata", "polls.Question"], in: directory)
        #expect(!questions.stdout.contains("polls.choice"), "\(questions)")

        let other = try TemporaryDirectory()
        defer { other.remove() }
        _ = try run(["migrate"], in: other)
        // The fresh sample database has the fixture already: loading the same objects replaces them.
        let loaded = try run(["loaddata", "-"], in: other, stdin: dumped.stdout)
        #expect(loaded.status == 0, "\(loaded)")
        #expect(loaded.stdout == "Installed \(objects) object(s) from 1 fixture(s)\n", "\(loaded)")
    }

    @Test("a malformed fixture installs nothing and exits 7, naming the file")
    func badFixture() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = "{\"model\": \"polls.question\", \"pk\": 900, \"fields\": {\"question_text\": \"New?\", \"pub_date\": \"2026-01-01T00:00:00Z\"}}"
        let file = try directory.write("bad.json", "[\(good), {\"model\": \"polls.nothing\", \"pk\": 1, \"fields\": {}}]")
        let loaded = try run(["loaddata", file], in: directory)
        #expect(loaded.status == 7, "\(loaded)")
        #expect(loaded.stderr.contains("bad.json"), "\(loaded)")
        #expect(loaded.stderr.contains("Invalid model identifier: 'polls.nothing'"), "\(loaded)")
        let after = try run(["dumpdata", "polls.Question"], in: directory)
        #expect(!after.stdout.contains("\"pk\": 900") && !after.stdout.contains("\"pk\":900"), "nothing was installed: \(after)")
        let missing = try run(["loaddata", "no-such.json"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr == "shallot: No fixture named 'no-such.json' found.\n", "\(missing)")
    }

    @Test("dbshell runs sqlite3 on the sample database", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func dbshell() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shell = try run(["dbshell", "--", "-batch", "SELECT name FROM django_migrations;"], in: directory)
        #expect(shell.status == 0, "\(shell)")
        #expect(shell.stdout == "0001_initial\n", "\(shell)")
    }

    @Test("a traced request lists its queries under the view")
    func traceShowsQueries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let traced = try run(["run", "--trace", "--color", "never", "-"], in: directory, stdin: "GET /polls/\n")
        #expect(traced.status == 0, "\(traced)")
        #expect(traced.stdout.contains("query SELECT"), "\(traced)")
        #expect(traced.stdout.contains("quer"), "\(traced)")
        let viewLine = try #require(traced.stdoutLines.first { $0.contains("view polls.views.index") })
        #expect(viewLine.contains("· 1 query") || viewLine.contains("queries"), "\(viewLine)")
    }
}
