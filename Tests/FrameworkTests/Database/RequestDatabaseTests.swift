import Database
import Foundation
import Framework
import Gateway
import Testing

/// A model for the framework's database tests.
struct Note: Model {
    var id: Int?
    var text = ""
    var tagSet = RelatedSet<Tag>()
    static let meta = ModelMeta<Note>(app: "notes", fields: [.autoField(\.id), .charField("text", \.text, maxLength: 100)],
                                      related: [.reverse("tag_set", \.tagSet, via: \Tag.note)])
}

struct Tag: Model {
    var id: Int?
    var note = ForeignKey<Note>()
    var name = ""
    static let meta = ModelMeta<Tag>(app: "notes", fields: [
        .autoField(\.id), .foreignKey("note", \.note, onDelete: .cascade), .charField("name", \.name, maxLength: 20),
    ])
}

@Suite("Framework: the database in the request lifecycle")
struct RequestDatabaseTests {
    /// Runs `body` with a private connection registry and a migrated temporary database, and a
    /// site whose DATABASES point at it.
    func withSite(_ patterns: [URLEntry], atomic: Bool = false, connMaxAge: Double? = 0, templates: [String: String] = [:],
                  _ body: (Site) throws -> Void) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-fw-\(UUID().uuidString).sqlite3").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        var settings = Settings()
        settings.allowedHosts = ["testserver"]
        settings.databases["default"] = .sqlite(file, connMaxAge: connMaxAge)
        settings.atomicRequests = atomic
        let migrations = [Migration(app: "notes", name: "0001_initial", operations: [.createModel(ModelState(Note.self)), .createModel(ModelState(Tag.self))])]
        let site = Site(name: "t", settings: settings, urlpatterns: patterns, templates: templates, models: [Note.self, Tag.self],
                        migrations: migrations, ready: { _ in try Migrator(migrations: migrations).migrate() })
        try ConnectionHandler().activate {
            site.configureDatabases()
            try site.ready?(site)
            try body(site)
        }
    }

    static let createThenFail = View("create_then_fail") { _, _ in
        var note = Note(text: "half-written")
        try note.save()
        throw ValueError("boom")
    }

    @Test("ATOMIC_REQUESTS rolls back what a failing view wrote; without it the write stays")
    func atomicRequests() throws {
        for atomic in [true, false] {
            try withSite([path("fail/", Self.createThenFail)], atomic: atomic) { site in
                let response = try call(site, environ("/fail/"))
                #expect(response.statusCode == 500)
                #expect(try Note.objects.count() == (atomic ? 0 : 1), "ATOMIC_REQUESTS=\(atomic)")
            }
        }
    }

    @Test("getObjectOr404: the object, or Django's 404 naming the model")
    func getObjectOr404() throws {
        let show = View("show") { _, arguments in
            let note = try Framework.getObjectOr404(Note.objects, "pk", arguments["id"]!.int!)
            return HTTPResponse(note.text)
        }
        try withSite([path("notes/<int:id>/", show)]) { site in
            var note = Note(text: "hello")
            try note.save()
            #expect(String(decoding: try call(site, environ("/notes/\(note.id!)/")).body, as: UTF8.self) == "hello")
            var debug = site
            debug.settings.debug = true
            let missing = try call(debug, environ("/notes/99/", headers: ["HTTP_ACCEPT": "text/plain"]))
            #expect(missing.statusCode == 404)
            #expect(String(decoding: missing.body, as: UTF8.self).contains("No Note matches the given query."))
        }
    }

    @Test("a traced request shows each query under its view, with the count")
    func trace() throws {
        let list = View("notes.list") { _, _ in HTTPResponse("\(try Note.objects.count()) \(try Note.objects.filter("text__startswith", "h").count())") }
        try withSite([path("notes/", list)]) { site in
            var environ = environ("/notes/")
            let trace = LifecycleTrace()
            environ.extensions[LifecycleTrace.key] = trace
            _ = try call(site, environ)
            let queries = trace.events.filter { $0.phase == "query" }
            #expect(queries.count == 2)
            #expect(queries.last?.name.contains("LIKE") == true || queries.last?.name.contains("GLOB") == true, "\(queries)")
            #expect(queries.last?.detail.contains("params:") == true)
            let view = try #require(trace.events.first { $0.phase == "view" })
            #expect(view.detail == "200 OK · 2 queries")
            #expect(queries.allSatisfy { $0.depth == view.depth })
        }
    }

    @Test("CONN_MAX_AGE=0 closes the connection when the request finishes; None keeps it")
    func connMaxAge() throws {
        let touch = View("touch") { _, _ in HTTPResponse("\(try Note.objects.count())") }
        for age in [0, nil] as [Double?] {
            try withSite([path("t/", touch)], connMaxAge: age) { site in
                _ = try call(site, environ("/t/"))
                let connection = try ConnectionHandler.current.connection()
                #expect(connection.isOpen == (age == nil), "CONN_MAX_AGE=\(String(describing: age))")
            }
        }
    }

    @Test("templates see a reverse relation's all and count, and iterate a query set")
    func templates() throws {
        let page = View("page") { request, _ in
            try render(request, "notes.html", ["notes": Note.objects.orderBy("id")])
        }
        let source = "{% for n in notes.all %}{{ n.text }}: {% for t in n.tag_set.all %}{{ t.name }}/{{ t.note.text }} {% endfor %}"
            + "({{ n.tag_set.count }}); {% endfor %}"
        try withSite([path("p/", page)], templates: ["notes.html": source]) { site in
            var note = Note(text: "a")
            try note.save()
            _ = try note.tagSet.create(Tag(name: "x"))
            _ = try note.tagSet.create(Tag(name: "y"))
            var other = Note(text: "b")
            try other.save()
            let body = String(decoding: try call(site, environ("/p/")).body, as: UTF8.self)
            #expect(body == "a: x/a y/a (2); b: (0); ")
        }
    }
}
