import ArgumentParser
import Console
import Foundation
import Framework
import Gateway

/// A subcommand that needs the site (its callable) and reports one of ``ExitStatus``.
protocol SiteCommand: ParsableCommand {
    func run(site: Framework.Site) throws -> ExitStatus
}

/// The `shallot` command line, as a library: parses arguments, hands the site to the subcommand,
/// and turns every outcome into a documented exit status.
public enum ShallotCommand {
    static let exitCodes = """
        Exit status:
          0  every request was answered
          1  usage error: a bad option or an unreadable input (nothing ran)
          2  a request could not be parsed (file:line:column: rule: message on stderr)
          3  the application raised or broke the WSGI contract (--lint errors too)
          4  --fail-on 4xx and a response was 4xx
          5  --fail-on 4xx or 5xx and a response was 5xx
          6  the site is misconfigured (shallot check says why)
          7  a database command failed (migration, fixture, locked or missing database)
        When several apply, the first of 6, 7, 2, 3, 5, 4 is the status.
        """

    /// Runs the command line for `site` and exits the process.
    public static func main(site: Framework.Site, arguments: [String]? = nil) -> Never {
        exit(run(site: site, arguments: arguments ?? Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs the command line and returns the exit status instead of exiting.
    public static func run(site: Framework.Site, arguments: [String]) -> Int32 {
        do {
            var command = try Shallot.parseAsRoot(subcommandFirst(arguments))
            if let siteCommand = command as? any SiteCommand {
                return try siteCommand.run(site: site).rawValue
            }
            try command.run()
            return ExitStatus.success.rawValue
        } catch let failure as CommandFailure {
            TextOutput.standardError.write("shallot: \(failure.message)\n")
            return failure.status.rawValue
        } catch {
            let code = Shallot.exitCode(for: error)
            if code == .success {
                print(Shallot.fullMessage(for: error))
                return 0
            }
            let message = Shallot.fullMessage(for: error)
            TextOutput.standardError.write("shallot: " + message + (message.hasSuffix("\n") ? "" : "\n"))
            return ExitStatus.usage.rawValue
        }
    }
}

/// A failure found after parsing (an unreadable input, a site that cannot start): one line, no
/// usage text, and its exit status.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus = .usage
}

/// `shallot --color never parse FILE` means `shallot parse --color never FILE`: options are the
/// subcommands', so a subcommand named after some options is moved to the front.
func subcommandFirst(_ arguments: [String]) -> [String] {
    let names = Shallot.configuration.subcommands.compactMap { $0.configuration.commandName }
    guard let first = arguments.first, first.hasPrefix("-"), first != "-", !names.contains(first),
          let index = arguments.firstIndex(where: names.contains) else { return arguments }
    var reordered = arguments
    let name = reordered.remove(at: index)
    return [name] + reordered
}

struct Shallot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shallot",
        abstract: "See, test and serve a web request from the inside: Django's WSGI lifecycle in Swift.",
        discussion: """
            A raw HTTP request (a .http file, stdin) is parsed into a WSGI environ and handed to the \
            site's application(environ, start_response). `shallot FILE...` is short for `shallot run FILE...`.

            \(ShallotCommand.exitCodes)
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ServeCommand.self, ReplSubcommand.self, ParseCommand.self, EnvironCommand.self, RoutesCommand.self, CheckCommand.self, TemplateCommand.self,
            MigrateCommand.self, ShowMigrationsCommand.self, MakeMigrationsCommand.self, LoadDataCommand.self, DumpDataCommand.self, DBShellCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}
