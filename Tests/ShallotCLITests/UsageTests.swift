import Foundation
import Testing

@Suite("shallot: usage errors and help")
struct UsageTests {
    @Test("a missing file: exit 1, nothing run")
    func missingFile() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "nope.http"])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "shallot: cannot read \"nope.http\": no such file\n")
    }

    @Test("a missing file after good ones: still nothing runs")
    func missingFileAfterGoodOnes() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("form.http"), "nope.http"])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("cannot read \"nope.http\""))
    }

    @Test("a directory is not a request file")
    func directory() throws {
        let run = try shallot(["run", "--echo", "--color", "never", "samples"])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "shallot: cannot read \"samples\": it is a directory\n")
    }

    @Test("bad options: exit 1 with the reason on stderr", arguments: [
        (["run", "--bogus", "x.http"], "Unknown option '--bogus'"),
        (["run", "--var", "novalue", "x.http"], "--var takes name=value, got \"novalue\""),
        (["run", "--var", "=v", "x.http"], "--var takes name=value"),
        (["run", "--scheme", "ftp", "x.http"], "--scheme is http or https, got \"ftp\""),
        (["run", "--script-name", "app", "x.http"], "--script-name starts with '/'"),
        (["run", "--script-name", "/app/", "x.http"], "--script-name starts with '/'"),
        (["run", "--format", "xml", "x.http"], "--format"),
        (["run", "--fail-on", "3xx", "x.http"], "--fail-on"),
        (["run", "--echo", "--color", "sometimes", "x.http"], "--color"),
        (["run", "--limit-request-body=-1", "x.http"], "--limit-request-body cannot be negative"),
        (["environ", "--scheme", "gopher", "x.http"], "--scheme is http or https"),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let run = try shallot(arguments, stdin: "GET /\n")
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("shallot: "))
        #expect(run.stderr.contains(message))
    }

    @Test("--help: exit 0, the subcommands and the exit statuses", arguments: [["--help"], ["run", "--help"], ["help", "run"]])
    func help(arguments: [String]) throws {
        let run = try shallot(arguments)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Exit status:"))
        #expect(run.stdout.contains("  1  usage error"))
        #expect(run.stdout.contains("  2  a request could not be parsed"))
        #expect(run.stdout.contains("  5  --fail-on 4xx or 5xx and a response was 5xx"))
        #expect(run.stdout.contains("  6  the site is misconfigured"))
        #expect(run.stdout.contains("When several apply, the first of 6, 7, 2, 3, 5, 4 is the status."))
        #expect(run.stderr == "")
    }

    @Test("--help lists the subcommands, run by default")
    func helpSubcommands() throws {
        let run = try shallot(["--help"])
        #expect(run.stdout.contains("run (default)"))
        #expect(run.stdout.contains("parse"))
        #expect(run.stdout.contains("environ"))
    }

    @Test("options before the subcommand still reach it", arguments: ["parse", "environ", "run"])
    func optionsBeforeTheSubcommand(subcommand: String) throws {
        let run = try shallot(["--color", "never", subcommand, "-"], stdin: "GET /moved\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("/moved"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("--version")
    func version() throws {
        let run = try shallot(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "0.1.0\n")
    }
}

@Suite("shallot: colour")
struct ColorTests {
    let escape = "\u{1B}["

    @Test("--color always: the status line is painted by class")
    func always() throws {
        let ok = try shallot(["run", "--echo", "--color", "always"], stdin: "GET /\n")
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("\u{1B}[1;32mHTTP/1.1 200 OK\u{1B}[0m\n"))
        #expect(ok.stdout.contains("\u{1B}[36mContent-Type\u{1B}[0m: text/plain"))
        let notFound = try shallot(["run", "--echo", "--color", "always"], stdin: "GET /status/404\n")
        #expect(notFound.stdout.hasPrefix("\u{1B}[1;33mHTTP/1.1 404 Not Found\u{1B}[0m\n"))
        let failing = try shallot(["run", "--echo", "--color", "always"], stdin: "GET /error\n")
        #expect(failing.stdout.hasPrefix("\u{1B}[1;31mHTTP/1.1 500 Internal Server Error\u{1B}[0m\n"))
    }

    @Test("--color never: no escapes, even with always-worthy output")
    func never() throws {
        let run = try shallot(["run", "--echo", "--color", "never", sample("session.http")])
        #expect(!run.stdout.contains(escape))
    }

    @Test("--color auto into a pipe: no escapes")
    func autoPipe() throws {
        let run = try shallot(["run", "--echo", "--color", "auto"], stdin: "GET /\n")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("HTTP/1.1 200 OK\n"))
        #expect(!run.stdout.contains(escape))
        let byDefault = try shallot(["run", "--echo", sample("get.http")])
        #expect(!byDefault.stdout.contains(escape))
    }

    @Test("--color auto with NO_COLOR set into a pipe: no escapes")
    func noColorPipe() throws {
        let run = try shallot(["run", "--echo", "--color", "auto"], stdin: "GET /\n", environment: ["NO_COLOR": "1"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains(escape))
    }

    @Test("--color auto on a terminal: escapes, unless NO_COLOR is set and not empty",
          .enabled(if: PseudoTerminal.isAvailable), arguments: [(nil, true), ("1", false), ("", true)] as [(String?, Bool)])
    func autoTerminal(noColor: String?, painted: Bool) throws {
        let run = try shallot(["run", "--echo", "--color", "auto"], stdin: "GET /\n", environment: ["NO_COLOR": noColor], terminal: true)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("HTTP/1.1 200 OK"))
        #expect(run.stdout.hasPrefix("\u{1B}[1;32mHTTP/1.1 200 OK") == painted, "\(run)")
        #expect(run.stdout.contains(escape) == painted)
    }

    @Test("--color always reaches the stderr diagnostics too")
    func stderrColour() throws {
        let run = try shallot(["run", "--echo", "--color", "always"], stdin: "GET /x HTTP/1.1\nContent-Length: x\n")
        #expect(run.status == 2)
        #expect(run.stderr.contains("\u{1B}[31mcontent-length\u{1B}[0m"))
    }
}
