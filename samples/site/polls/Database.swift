import Database
import Foundation
import Framework

/// The sample site's embedded database: where it lives, and what its `ready` hook does — on the
/// first run it creates the file, applies the polls migrations and loads the fixture, naming the
/// file in one line on stderr; later runs apply migrations the file lacks, if any.
enum SampleDatabase {
    /// The environment variable that names the database file instead (tests give each run its own).
    static let variable = "SHALLOT_SAMPLE_DB"

    /// `$SHALLOT_SAMPLE_DB`, else `$XDG_DATA_HOME/shallot/polls.sqlite3`, else
    /// `~/.local/share/shallot/polls.sqlite3`, else the same under the temporary folder: the first
    /// whose folder is writable or could be created. Nothing is created here (every command
    /// builds the site); `prepare` creates the folder when it creates the database.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let chosen = environment[variable], !chosen.isEmpty { return chosen }
        var folders: [String] = []
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { folders.append(data + "/shallot") }
        if let home = environment["HOME"], home.hasPrefix("/") { folders.append(home + "/.local/share/shallot") }
        let temporary = FileManager.default.temporaryDirectory.path
        folders.append(temporary + "/shallot-\(getuid())")
        for folder in folders where writable(folder) { return folder + "/polls.sqlite3" }
        return temporary + "/polls.sqlite3"
    }

    /// Whether a folder is writable, or its nearest existing ancestor is (so it could be created).
    private static func writable(_ folder: String) -> Bool {
        var path = folder
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { return false }
            path = parent
        }
        return isFolder.boolValue && FileManager.default.isWritableFile(atPath: path)
    }

    /// The `ready` hook: a database file that is missing is built beside its final name and moved
    /// into place only when complete (so runs started together never see half a database, and
    /// only the first to finish says it created it); one that exists gets the migrations it lacks.
    @Sendable static func prepare(_ site: Site) throws {
        guard let database = site.settings.databases["default"] else { return }
        let path = database.name
        guard path != ":memory:", !path.isEmpty else { return }
        if FileManager.default.fileExists(atPath: path) {
            let applied = try Migrator(migrations: site.migrations).migrate()
            if !applied.isEmpty {
                report("migrated the sample database \(path) (applied \(applied.map(\.label).joined(separator: ", ")))")
            }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let building = path + ".building-\(getpid())-\(UUID().uuidString.prefix(8))"
        defer { remove(building) }
        var settings = database
        settings.name = building
        let registry = ConnectionHandler(["default": settings])
        let (applied, loaded) = try registry.activate {
            defer { registry.closeThreadConnections() }
            let applied = try Migrator(migrations: site.migrations).migrate()
            let loaded = try Fixtures.loadData(Polls.fixture, models: site.models)
            return (applied, loaded)
        }
        // link(2) never replaces: when another run got there first, its database stands. (A file
        // system without hard links gets a rename.)
        if link(building, path) != 0 {
            if errno == EEXIST { return }
            guard rename(building, path) == 0 else {
                throw MigrationError("cannot create the sample database \(path): \(String(cString: strerror(errno)))")
            }
        }
        report("created the sample database \(path) (migrated \(applied.map(\.label).joined(separator: ", ")), loaded \(loaded) objects)")
    }

    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func report(_ line: String) {
        FileHandle.standardError.write(Data("shallot: \(line)\n".utf8))
    }
}
