import Foundation
import Testing

@Suite("shallot repl, piped: the REPL's syntax read from a transcript")
struct ReplPipedTests {
    @Test("requests, a body ended by '.', variables and a cookie carried to the next request")
    func transcript() throws {
        let transcript = """
            @who = world
            GET /login

            POST /form
            Content-Type: text/plain

            hello {{who}}
            .
            GET /whoami

            """
        let run = try shallot(["repl", "--echo"], stdin: transcript)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Set-Cookie: sessionid=demo-session"), "\(run)")
        #expect(run.stdout.contains("11 bytes of body\nhello world\n"), "\(run)")
        #expect(run.stdout.contains("HTTP_COOKIE = sessionid=demo-session"), "\(run)")
        #expect(!run.stdout.contains("shallot>"), "no prompts when piped")
    }

    @Test(":set adds a default header; a request's own header wins; :unset stops it")
    func defaultHeaders() throws {
        let run = try shallot(["repl", "--echo"], stdin: """
            :set X-Team: onion
            GET /a

            GET /b
            X-Team: leek

            :unset X-Team
            GET /c

            """)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP_X_TEAM = onion") == 1, "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP_X_TEAM = leek") == 1, "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP_X_TEAM") == 2, "\(run)")
    }

    @Test("errors are one line each and the session goes on")
    func errorsGoOn() throws {
        let run = try shallot(["repl"], stdin: ":bogus\n:load /no/such.http\n:last\nGET /\n\n")
        #expect(run.stderr == """
            shallot: unknown command :bogus; :help lists them
            shallot: cannot read "/no/such.http": no such file
            shallot: no response yet

            """, "\(run)")
        #expect(run.stdout.contains("Hello from the Shallot sample site."), "\(run)")
        #expect(run.status == 0)
    }

    @Test("a malformed request names its line, the next still runs, and the exit status is 2")
    func malformed() throws {
        let run = try shallot(["repl"], stdin: "GET /\nBad Header\n\nGET /\n\n")
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.hasPrefix("shallot: <repl>:2"), "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP/1.1 200 OK") == 1, "\(run)")
    }

    @Test(":routes, :vars, :cookies, :last --headers, :parse and :environ")
    func inspection() throws {
        let run = try shallot(["repl", "--var", "x=1"], stdin: ":routes\n:vars\nGET /polls/\n\n:last --headers\n:parse\n:environ\n:cookies\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("/polls/<int:question_id>/vote/"), "\(run)")
        #expect(run.stdout.contains("@x = 1"), "\(run)")
        #expect(run.stdout.occurrences(of: "HTTP/1.1 200 OK") == 2, "\(run)")
        #expect(run.stdout.contains("target   /polls/"), "\(run)")
        #expect(run.stdout.contains("PATH_INFO = /polls/"), "\(run)")
        #expect(run.stdout.contains("(no cookies)"), "\(run)")
    }

    @Test(":save writes a .http file that shallot run replays with the same responses")
    func saveAndReplay() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let saved = directory.url.appendingPathComponent("session.http").path
        let session = try shallot(["repl", "--echo", "--format", "raw"], stdin: """
            @name = onion
            GET /login

            POST /echo?who={{name}}
            Content-Type: application/x-www-form-urlencoded

            a=1&b=2
            .
            :save \(saved)

            """)
        #expect(session.status == 0, "\(session)")
        #expect(session.stdout.contains("saved 2 requests to \(saved)"), "\(session)")
        let replay = try shallot(["run", "--echo", "--format", "raw", saved])
        #expect(replay.status == 0, "\(replay)")
        let typed = session.stdout.components(separatedBy: "saved 2 requests")[0]
        #expect(replay.stdout == typed, "\(replay)")
    }

    @Test(":load runs a request file in the session, sharing its cookies")
    func load() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("login.http", "@user = ada\n\nGET /login?u={{user}}\n")
        let run = try shallot(["repl", "--echo"], stdin: ":load \(file)\n:vars\nGET /next\n\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("@user = ada"), "\(run)")
        #expect(run.stdout.contains("HTTP_COOKIE = sessionid=demo-session"), "\(run)")
    }
}

@Suite("shallot repl at a terminal (tmux)", .enabled(if: TmuxSession.isAvailable), .serialized)
struct ReplTerminalTests {
    /// The REPL in a terminal, with its own HOME (so its own history file).
    func start(_ arguments: [String] = [], home: URL) throws -> TmuxSession {
        let session = try TmuxSession([shallotBinary.path, "repl", "--color", "never"] + arguments,
                                      environment: ["HOME": home.path, "TERM": "xterm", "NO_COLOR": "1",
                                                    sampleDatabaseVariable: sharedSampleDatabase])
        try #require(try session.waitFor("shallot>").contains("shallot>"), "the REPL did not start")
        return session
    }

    @Test("typing a request line and an empty line shows the response and a new prompt")
    func typeRequest() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let repl = try start(home: home.url)
        defer { repl.kill() }
        try repl.type("GET /")
        try repl.press("Enter")
        try #require(try repl.waitFor("head>").contains("head>"))
        try repl.press("Enter")
        let screen = try repl.waitFor("shallot>", count: 2)
        #expect(screen.contains("HTTP/1.1 200 OK"), "\(screen)")
        #expect(screen.contains("Hello from the Shallot sample site."), "\(screen)")
    }

    @Test("Tab completes a route from the site's resolver")
    func completion() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let repl = try start(home: home.url)
        defer { repl.kill() }
        try repl.type("GET /ab")
        try repl.press("Tab")
        let screen = try repl.waitFor("GET /about/")
        #expect(screen.contains("shallot> GET /about/"), "\(screen)")
    }

    @Test("Ctrl-C abandons the request being typed; the session goes on")
    func interrupt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let repl = try start(home: home.url)
        defer { repl.kill() }
        try repl.type("POST /polls/1/vote/")
        try repl.press("Enter")
        try repl.waitFor("head>")
        try repl.type("Accept: text/html")
        try repl.press("C-c")
        var screen = try repl.waitFor("(request abandoned)")
        #expect(screen.contains("(request abandoned)"), "\(screen)")
        try repl.waitFor("shallot>", count: 2)
        try repl.type("GET /about/")
        try repl.press("Enter", "Enter")
        screen = try repl.waitFor("HTTP/1.1 200 OK")
        #expect(screen.contains("HTTP/1.1 200 OK"), "\(screen)")
        #expect(!screen.contains("405"), "the abandoned POST was never sent: \(screen)")
    }

    @Test("history is kept across sessions and recalled with the up arrow")
    func history() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let first = try start(home: home.url)
        try first.type("GET /about/")
        try first.press("Enter", "Enter")
        try first.waitFor("shallot>", count: 2)
        try first.press("C-d")
        Thread.sleep(forTimeInterval: 0.3)
        first.kill()
        let historyFile = home.url.appendingPathComponent(".local/state/shallot/history").path
        #expect(FileManager.default.fileExists(atPath: historyFile))

        let second = try start(home: home.url)
        defer { second.kill() }
        try second.press("Up")
        let screen = try second.waitFor("shallot> GET /about/")
        #expect(screen.contains("shallot> GET /about/"), "\(screen)")
    }

    @Test("a cookie set by one response is sent with the next")
    func cookies() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let repl = try start(["--echo"], home: home.url)
        defer { repl.kill() }
        try repl.type("GET /login")
        try repl.press("Enter", "Enter")
        try repl.waitFor("shallot>", count: 2)
        try repl.type(":cookies")
        try repl.press("Enter")
        let screen = try repl.waitFor("sessionid=demo-session  domain=localhost")
        #expect(screen.contains("sessionid=demo-session  domain=localhost path=/ httponly"), "\(screen)")
    }
}
