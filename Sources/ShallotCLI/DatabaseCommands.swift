import ArgumentParser
import Console
import Database
import Foundation
import Framework

/// What the database subcommands share: the site with its settings overrides, its databases
/// handed to the connection registry and its `ready` hook run (as Django runs every app's
/// `ready()` before a management command), and database errors turned into exit status 7.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The database alias (a key of DATABASES).") var database = "default"
    @OptionGroup var siteOptions: SiteOptions

    func prepare(_ site: Framework.Site) throws -> Framework.Site {
        let site = try siteOptions.apply(to: site)
        guard site.settings.databases[database] != nil else {
            let known = site.settings.databases.keys.sorted()
            throw CommandFailure(message: known.isEmpty ? "this site has no DATABASES"
                                 : "no database '\(database)' in DATABASES (known: \(known.joined(separator: ", ")))")
        }
        site.configureDatabases()
        try databaseErrors { try site.ready?(site) }
        return site
    }

    func migrator(_ site: Framework.Site) throws -> Migrator {
        try databaseErrors { try Migrator(using: database, migrations: site.migrations) }
    }
}

/// Runs `body`, reporting a database error as one line and exit status 7.
func databaseErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(message: "\(error)", status: .database)
    }
}

/// `shallot migrate`: applies the site's unapplied migrations, as Django prints it.
struct MigrateCommand: SiteCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply the site's migrations that are not applied yet.")

    @Flag(help: "Show the migrations that would apply and their operations, without applying them.") var plan = false
    @OptionGroup var options: DatabaseOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let site = try options.prepare(site)
        let migrator = try options.migrator(site)
        let pending = try databaseErrors { try migrator.plan() }
        let out = TextOutput.standardOutput
        if plan {
            out.write("Planned operations:\n")
            if pending.isEmpty { out.write("  No planned migration operations.\n") }
            for migration in pending {
                out.write("\(migration.label)\n" + migration.operations.map { "    \($0.description)\n" }.joined())
            }
            return .success
        }
        let apps = Array(Set(site.migrations.map(\.app))).sorted()
        out.write("Operations to perform:\n  Apply all migrations: \(apps.isEmpty ? "(none)" : apps.joined(separator: ", "))\nRunning migrations:\n")
        guard !pending.isEmpty else {
            out.write("  No migrations to apply.\n")
            return .success
        }
        for migration in pending {
            out.write("  Applying \(migration.label)...")
            do {
                try Migrator(migrator.connection, migrations: site.migrations.prefix { $0 != migration } + [migration]).migrate()
            } catch {
                out.write(" FAILED\n")
                throw CommandFailure(message: "\(error)", status: .database)
            }
            out.write(" OK\n")
        }
        return .success
    }
}

/// `shallot showmigrations`: every migration of every app, [X] when applied.
struct ShowMigrationsCommand: SiteCommand {
    static let configuration = CommandConfiguration(commandName: "showmigrations", abstract: "List the site's migrations, marking those applied with [X].")

    @Argument(help: "Only these apps.") var apps: [String] = []
    @OptionGroup var options: DatabaseOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let site = try options.prepare(site)
        let applied = try databaseErrors { try options.migrator(site).applied() }
        let known = Array(Set(site.migrations.map(\.app))).sorted()
        for app in apps where !known.contains(app) {
            throw CommandFailure(message: "No installed app with label '\(app)'.")
        }
        var out = ""
        for app in apps.isEmpty ? known : apps {
            out += app + "\n"
            for migration in site.migrations where migration.app == app {
                out += " [\(applied.contains(migration.label) ? "X" : " ")] \(migration.name)\n"
            }
        }
        TextOutput.standardOutput.write(out.isEmpty ? "(no migrations)\n" : out)
        return .success
    }
}

/// `shallot makemigrations`: the next migration of each app whose models differ from what its
/// migrations build, written as Swift for the site's migrations list.
struct MakeMigrationsCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "makemigrations",
        abstract: "Write the next migration of each app whose models changed, as Swift source.",
        discussion: "Each new migration is written to DIR/<app>_<number>_<name>.swift; add it to the site's migrations list.")

    @Argument(help: "Only these apps.") var apps: [String] = []
    @Option(help: "The migration's name (default: initial, or auto).") var name: String?
    @Option(help: ArgumentHelp("Where to write the migration files.", valueName: "dir")) var output = "migrations"
    @Flag(help: "Show the migrations without writing them.") var dryRun = false
    @Flag(help: "Exit 1 when a migration is needed, writing nothing (for CI).") var check = false
    @OptionGroup var siteOptions: SiteOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let site = try siteOptions.apply(to: site)
        let made = try databaseErrors { try MigrationPlanner(site: site).nextMigrations(apps: apps, name: name) }
        let out = TextOutput.standardOutput
        guard !made.isEmpty else {
            out.write("No changes detected\n")
            return .success
        }
        if check {
            out.write(made.map { "Migrations for '\($0.app)': \($0.name) (not written: --check)\n" }.joined())
            return .usage
        }
        for migration in made {
            let file = (output as NSString).appendingPathComponent("\(migration.app)_\(migration.name).swift")
            out.write("Migrations for '\(migration.app)':\n  \(dryRun ? migration.label : file)\n")
            out.write(migration.operations.map { "    - \($0.description)\n" }.joined())
            let source = "import Database\n\n/// `\(migration.label)`, written by `shallot makemigrations`.\n"
                + "let \(migration.app)_\(migration.name) = \(migration.swiftSource)\n"
            if dryRun { continue }
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                try source.write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "cannot write \(file): \(error.localizedDescription)")
            }
        }
        return .success
    }
}

/// `makemigrations`' comparison: per app, the site's models against the state its migrations
/// leave, as Django's autodetector does it.
struct MigrationPlanner {
    var site: Framework.Site

    func nextMigrations(apps wanted: [String], name: String?) throws -> [Migration] {
        var byApp: [String: [ModelState]] = [:]
        for model in site.models { byApp[appLabel(model), default: []].append(modelState(model)) }
        // A model an app's migrations created belongs to that app, even once deleted.
        var createdBy: [String: String] = [:]
        for migration in site.migrations {
            for case .createModel(let model) in migration.operations { createdBy[model.name] = migration.app }
        }
        let state = try ProjectState(applying: site.migrations)
        let apps = Set(byApp.keys).union(createdBy.values).sorted()
        for app in wanted where !apps.contains(app) { throw CommandFailure(message: "App '\(app)' could not be found.") }
        var made: [Migration] = []
        for app in apps where wanted.isEmpty || wanted.contains(app) {
            let models = byApp[app] ?? []
            let names = Set(models.map(\.name)).union(createdBy.filter { $0.value == app }.map(\.key))
            let appState = ProjectState(models: state.models.values.filter { names.contains($0.name) })
            let operations = Autodetector.changes(from: appState, to: models)
            guard !operations.isEmpty else { continue }
            let number = site.migrations.filter { $0.app == app }.count + 1
            let digits = String(number)
            let prefix = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            made.append(Migration(app: app, name: prefix + "_" + (name ?? (number == 1 ? "initial" : "auto")), operations: operations))
        }
        return made
    }

    private func appLabel(_ model: any Model.Type) -> String { label(model) }
    private func label<M: Model>(_ model: M.Type) -> String { M.meta.schema.app }
    private func modelState(_ model: any Model.Type) -> ModelState { state(model) }
    private func state<M: Model>(_ model: M.Type) -> ModelState { ModelState(model) }
}
