import ArgumentParser
import Console
import Database
import Foundation
import Framework

/// `shallot loaddata FIXTURE…`: installs Django JSON fixtures, all or nothing.
struct LoadDataCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "loaddata",
        abstract: "Install objects from fixtures in Django's JSON format (- reads standard input); all or nothing.")

    @Argument(help: ArgumentHelp("Fixture files.", valueName: "fixture")) var fixtures: [String]
    @OptionGroup var options: DatabaseOptions

    func validate() throws {
        if fixtures.isEmpty { throw ValidationError("No database fixture specified. Please provide the path of at least one fixture in the command line.") }
    }

    func run(site: Framework.Site) throws -> ExitStatus {
        let texts = try fixtures.map { path -> (String, String) in
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else { throw CommandFailure(message: "No fixture named '\(path)' found.") }
            return (path, String(decoding: data, as: UTF8.self))
        }
        let site = try options.prepare(site)
        let connection = try databaseErrors { try ConnectionHandler.current.connection(options.database) }
        var count = 0
        try databaseErrors {
            try connection.atomic {
                for (path, text) in texts {
                    do {
                        count += try Fixtures.loadData(text, models: site.models, using: options.database)
                    } catch {
                        throw CommandFailure(message: "\(path): \(error) (nothing was installed)", status: .database)
                    }
                }
            }
        }
        TextOutput.standardOutput.write("Installed \(count) object(s) from \(texts.count) fixture(s)\n")
        return .success
    }
}

/// `shallot dumpdata [app[.Model]…]`: the database's objects as a Django JSON fixture.
struct DumpDataCommand: SiteCommand {
    static let configuration = CommandConfiguration(commandName: "dumpdata", abstract: "Write the objects of the site's models as a Django JSON fixture.")

    @Argument(help: ArgumentHelp("Only these apps or models (polls, polls.Question).", valueName: "app[.Model]")) var labels: [String] = []
    @Option(help: "Indent the JSON by this many spaces.") var indent: Int?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?
    @OptionGroup var options: DatabaseOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let site = try options.prepare(site)
        var models: [any Model.Type] = []
        for label in labels {
            let matching = site.models.filter { matches($0, label.lowercased()) }
            guard !matching.isEmpty else {
                throw CommandFailure(message: label.contains(".") ? "Unknown model: \(label)" : "No installed app with label '\(label)'.")
            }
            models += matching.filter { model in !models.contains { $0 == model } }
        }
        let json = try databaseErrors { try Fixtures.dumpData(labels.isEmpty ? site.models : models, indent: indent, using: options.database) }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data((json + "\n").utf8)) else {
                throw CommandFailure(message: "cannot write \(output)")
            }
        } else {
            TextOutput.standardOutput.write(json + "\n")
        }
        return .success
    }

    private func matches(_ model: any Model.Type, _ label: String) -> Bool { matches(model, label, ()) }
    private func matches<M: Model>(_ model: M.Type, _ label: String, _: Void) -> Bool {
        let schema = M.meta.schema
        return label == schema.app.lowercased() || label == schema.label
    }
}

/// `shallot dbshell`: the database's own command-line client (sqlite3) on the site's database.
struct DBShellCommand: SiteCommand {
    static let configuration = CommandConfiguration(commandName: "dbshell", abstract: "Start sqlite3 on the site's database.")

    @Argument(parsing: .postTerminator, help: "Arguments for sqlite3, after --.") var arguments: [String] = []
    @OptionGroup var options: DatabaseOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let site = try options.prepare(site)
        let database = site.settings.databases[options.database]!
        guard database.backend.vendor == "sqlite" else {
            throw CommandFailure(message: "dbshell knows sqlite3 only; this database is \(database.backend.vendor)")
        }
        let client = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let client else {
            throw CommandFailure(message: "You appear not to have the 'sqlite3' program installed or on your path (apt install sqlite3).")
        }
        let argv = ([client, database.name] + arguments).map { strdup($0) } + [nil]
        execv(client, argv)
        throw CommandFailure(message: "cannot start \(client): \(String(cString: strerror(errno)))")
    }
}
