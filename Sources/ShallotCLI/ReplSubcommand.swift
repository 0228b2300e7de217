import ArgumentParser
import Console
import Foundation
import Framework
import Gateway
import Wire

/// `shallot repl`: type requests at a prompt (GNU readline), or pipe a transcript in.
struct ReplSubcommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Type or paste requests and see the responses; cookies, variables and default headers carry over.",
        discussion: """
            A request is a request line (GET /polls/, or a full URL), header lines and an empty line; \
            a POST/PUT/PATCH body (or one with Content-Length) ends with a line holding only ".". \
            :help lists the commands. With stdin not a terminal, the same syntax is read without prompts, \
            so a transcript replays: shallot repl < session.txt
            """
    )

    @Option(help: ArgumentHelp("History file (default: $XDG_STATE_HOME/shallot/history, or ~/.local/state/shallot/history).", valueName: "file"))
    var history: String?

    @Flag(help: "Keep no history file.") var noHistory = false

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("A header sent with every request, as :set does (curl's -H).", valueName: "Name: value"))
    var headers: [String] = []

    @Option(name: .customLong("var"), help: ArgumentHelp("A variable, as @name = value.", valueName: "name=value"))
    var variables: [String] = []

    @Option(help: "pretty, raw, json or summary (as shallot run).") var format: OutputFormat = .pretty
    @Flag(help: "Show the lifecycle trace after each response (:trace on).") var trace = false
    @Flag(help: "Keep no cookies between requests.") var noCookies = false
    @Flag(help: "Answer with the demo echo application instead of the site.") var echo = false
    @Option(help: "Host for requests that name none.") var defaultHost = "localhost"
    @Option(help: "Colour: auto, always, never.") var color: ColorChoice = .auto

    @OptionGroup var siteOptions: SiteOptions

    func validate() throws {
        for variable in variables where !variable.contains("=") || variable.hasPrefix("=") {
            throw ValidationError("--var takes name=value, got \(variable.debugDescription)")
        }
    }

    func run(site: Framework.Site) throws -> ExitStatus {
        let application = echo ? DemoApplication.application : try siteOptions.application(for: site)
        var options = SessionOptions()
        options.cookies = !noCookies
        options.trace = trace
        var values: [String: String] = [:]
        for variable in variables {
            let eq = variable.firstIndex(of: "=")!
            values[String(variable[..<eq])] = String(variable[variable.index(after: eq)...])
        }
        let reader = RequestReader(parser: RequestParser(profile: .lenient, defaultHost: defaultHost), variables: values)
        let interactive = isatty(0) == 1
        let routes = site.urls.routes.map(\.route)
        let repl = Repl(session: RequestSession(application: application, options: options), reader: reader,
                        printer: ResponsePrinter(format: format, style: color.style), routes: routes)
        if interactive { repl.bodyLineLimit = 200 }
        for header in headers {
            switch Result(catching: { try Console.ReplCommand(parsing: ":set " + header) }) {
            case .success(let command): repl.perform(command)
            case .failure(let error): throw ValidationError("--header: \(error)")
            }
        }
        if interactive {
            var source = ReadlineLines(completer: Completer(routes: routes), historyFile: noHistory ? nil : historyPath())
            return repl.run(&source)
        }
        var source = PipedLines()
        return repl.run(&source)
    }

    /// The history file: --history, else the XDG state directory (created when missing).
    func historyPath() -> String? {
        if let history { return history }
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? environment["HOME"].map { $0 + "/.local/state" }
        guard let directory = state.map({ $0 + "/shallot" }) else { return nil }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/history"
    }
}
