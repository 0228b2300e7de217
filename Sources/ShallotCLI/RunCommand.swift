import ArgumentParser
import Console
import Framework
import Gateway

extension OutputFormat: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

/// `shallot run FILE… | -`: every request through the site's callable, responses printed.
struct RunCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Send every request of every file (or stdin) through the application and print the responses.",
        discussion: ShallotCommand.exitCodes
    )

    @OptionGroup var input: InputOptions

    @Option(help: "pretty (like curl -i), raw (the bytes a server writes), json (one object per line), summary (one line each).")
    var format: OutputFormat = .pretty

    @Flag(help: "Check both sides of the WSGI contract, as wsgiref.validate does; violations go to stderr and exit 3.")
    var lint = false

    @Option(help: ArgumentHelp("Exit non-zero on 4xx (4, or 5 for any 5xx) or only on 5xx (5).", valueName: "4xx|5xx"))
    var failOn: FailOn?

    @Flag(help: "Do not keep cookies from one response for the next request.")
    var noCookies = false

    @Flag(help: "Show each request's path through the site: middleware hooks, resolver, view, exceptions, timings.")
    var trace = false

    @Flag(help: "Answer with the demo echo application instead of the site: shows exactly what the callable receives.")
    var echo = false

    @OptionGroup var siteOptions: SiteOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let application = echo ? DemoApplication.application : try siteOptions.application(for: site)
        let inputs = try input.load()
        var options = SessionOptions()
        options.environ = input.environ
        options.lint = lint
        options.cookies = !noCookies
        options.trace = trace
        let runner = BatchRunner(
            reader: input.reader,
            session: RequestSession(application: application, options: options),
            printer: ResponsePrinter(format: format, style: input.color.style),
            failOn: failOn)
        return runner.run(inputs)
    }
}

/// `shallot parse`: what the parser saw, or the precise rule a request broke.
struct ParseCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what the parser saw in each request: method, target, version, headers in wire order, body, and what it assumed.")

    @OptionGroup var input: InputOptions
    @Flag(help: "One JSON object per request.") var json = false

    func run(site: Framework.Site) throws -> ExitStatus { try input.inspect(.parse, json: json) }
}

/// `shallot environ`: the environ the application would receive, without calling it.
struct EnvironCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "environ",
        abstract: "Show the WSGI environ each request would produce, without running the application.")

    @OptionGroup var input: InputOptions
    @Flag(help: "One JSON object per request.") var json = false

    func run(site: Framework.Site) throws -> ExitStatus { try input.inspect(.environ, json: json) }
}
