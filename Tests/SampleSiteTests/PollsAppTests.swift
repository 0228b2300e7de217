import Database
import Foundation
@testable import Framework
import Gateway
@testable import SampleSite
import Testing

/// The polls app of the sample site, in process: its migration in step with its models, its
/// fixture, its database's location, and its views on a database of their own.
@Suite("SampleSite: the polls app")
struct PollsAppTests {
    /// Runs `body` with a private connection registry and the sample site on a database file in a
    /// fresh folder (not yet created: the handler's `ready` creates it).
    func withSite(_ body: (Site, String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("polls.sqlite3").path
        let registry = ConnectionHandler()
        defer { registry.activate { registry.closeThreadConnections() } }
        try registry.activate { try body(SampleSite.make(databasePath: path), path) }
    }

    @Test("makemigrations finds no changes: 0001_initial is what the models declare")
    func migrationsMatchModels() throws {
        let models = [ModelState(Question.self), ModelState(Choice.self)]
        let state = try ProjectState(applying: Polls.migrations)
        #expect(Autodetector.changes(from: state, to: models).isEmpty)
        // And written afresh from the models, the migration is the same one.
        let written = try #require(try Migrator(ConnectionHandler(["default": .sqlite(":memory:")]).connection(), migrations: [])
            .makeMigration(app: "polls", models: models))
        #expect(written == Polls.initial, "\(written.swiftSource)")
        #expect(written.swiftSource.contains("FieldInfo(name: \"pub_date\", kind: .dateTime, options: [.verboseName(\"date published\")])"))
        #expect(Question.meta.schema.table == "polls_question")
        #expect(Choice.meta.schema.table == "polls_choice")
    }

    @Test("was_published_recently as part 2 writes it")
    func wasPublishedRecently() {
        let now = Date()
        #expect(Question(pubDate: now.addingTimeInterval(-3600)).wasPublishedRecently(now: now))
        #expect(!Question(pubDate: now.addingTimeInterval(-2 * 86_400)).wasPublishedRecently(now: now))
        #expect(Question(pubDate: now.addingTimeInterval(30 * 86_400)).wasPublishedRecently(now: now), "part 5's bug, kept")
        #expect(Question(questionText: "What's up?").description == "What's up?")
    }

    @Test("the database: created, migrated and loaded with the fixture by ready; every question in the past")
    func ready() throws {
        try withSite { site, path in
            _ = try Handler(site: site)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try Migrator(migrations: site.migrations).plan().isEmpty)
            #expect(try Question.objects.count() == 3)
            #expect(try Choice.objects.count() == 8)
            #expect(try Question.objects.filter("pub_date__gt", Date()).count() == 0)
            let question = try Question.objects.get("pk", 2)
            #expect(try question.choiceSet.all().orderBy("id").fetch().map(\.choiceText) == ["A shallot", "An onion"])
            // Building another handler finds the database and changes nothing.
            _ = try Handler(site: site)
            #expect(try Question.objects.count() == 3)
        }
    }

    @Test("where the database lives: SHALLOT_SAMPLE_DB, else XDG_DATA_HOME, else ~/.local/share")
    func location() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(SampleDatabase.defaultPath(environment: ["SHALLOT_SAMPLE_DB": "/x/db.sqlite3", "HOME": folder.path]) == "/x/db.sqlite3")
        #expect(SampleDatabase.defaultPath(environment: ["XDG_DATA_HOME": folder.path + "/data", "HOME": folder.path])
                == folder.path + "/data/shallot/polls.sqlite3")
        #expect(SampleDatabase.defaultPath(environment: ["HOME": folder.path]) == folder.path + "/.local/share/shallot/polls.sqlite3")
        #expect(SampleDatabase.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": folder.path])
                == folder.path + "/.local/share/shallot/polls.sqlite3", "a relative XDG_DATA_HOME is ignored, as the spec says")
        #expect(SampleDatabase.defaultPath(environment: [:]).hasPrefix(FileManager.default.temporaryDirectory.path))
        #expect(!FileManager.default.fileExists(atPath: folder.path), "choosing the location creates nothing")
        // A home under a regular file can never be created: the temporary folder is used.
        let file = folder.path + "-file"
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        #expect(SampleDatabase.defaultPath(environment: ["HOME": file + "/home"]).hasPrefix(FileManager.default.temporaryDirectory.path + "/shallot-"))
    }

    @Test("votes from several threads at once all count: F(\"votes\") + 1 in the database, a connection per thread")
    func concurrentVotes() throws {
        try withSite { site, _ in
            let application = try Handler(site: site).application
            let registry = ConnectionHandler.current
            let statuses = Statuses()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                registry.activate {
                    for _ in 0..<25 {
                        let body = Array("choice=3".utf8)
                        let environ = vote(body)
                        let status = (try? CompletedResponse.collect(from: application, environ: environ))?.statusCode ?? 0
                        statuses.add(status)
                    }
                    registry.closeThreadConnections()
                }
            }
            #expect(statuses.all == Array(repeating: 302, count: 100))
            #expect(try Choice.objects.get("pk", 3).votes == 100)
        }
    }
}

/// An environ posting `body` as a form to /polls/1/vote/.
private func vote(_ body: [UInt8]) -> Environ {
    var environ = Environ(input: BytesInput(body), errors: CapturedErrorStream())
    for (key, value) in [("REQUEST_METHOD", "POST"), ("SCRIPT_NAME", ""), ("PATH_INFO", "/polls/1/vote/"), ("QUERY_STRING", ""),
                         ("SERVER_NAME", "testserver"), ("SERVER_PORT", "80"), ("SERVER_PROTOCOL", "HTTP/1.1"),
                         ("HTTP_HOST", "testserver"), ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
                         ("CONTENT_LENGTH", String(body.count))] {
        environ[key] = value
    }
    return environ
}

/// Statuses collected from several threads.
private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func add(_ status: Int) { lock.withLock { values.append(status) } }
    var all: [Int] { lock.withLock { values } }
}
