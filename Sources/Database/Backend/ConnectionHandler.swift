import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of Django's `DATABASES` setting: the engine, the database name (a file path, or
/// ":memory:") and connection options.
public struct DatabaseSettings: Sendable {
    public var backend: any DatabaseBackend
    public var name: String
    /// Seconds to wait for a lock before failing with "database is locked" (SQLite's busy timeout).
    public var timeout: Double
    /// Django's `CONN_MAX_AGE`: seconds a connection may be reused across requests; 0 (the
    /// default) closes it at the end of each request, nil keeps it open.
    public var connMaxAge: Double?

    public init(backend: any DatabaseBackend, name: String, timeout: Double = 5, connMaxAge: Double? = 0) {
        self.backend = backend
        self.name = name
        self.timeout = timeout
        self.connMaxAge = connMaxAge
    }

    /// A SQLite database at a path (":memory:" for a private in-memory database per connection).
    public static func sqlite(_ name: String, timeout: Double = 5, connMaxAge: Double? = 0) -> DatabaseSettings {
        DatabaseSettings(backend: SQLiteBackend(), name: name, timeout: timeout, connMaxAge: connMaxAge)
    }

    /// Settings from Django's `DATABASES` entry names: `ENGINE` must be a backend this build has
    /// (`django.db.backends.sqlite3`).
    public init(engine: String, name: String, timeout: Double = 5, connMaxAge: Double? = 0) throws {
        switch engine {
        case "django.db.backends.sqlite3", "sqlite3", "sqlite":
            self.init(backend: SQLiteBackend(), name: name, timeout: timeout, connMaxAge: connMaxAge)
        default:
            throw ProgrammingError(message: "'\(engine)' isn't an available database backend. Try using 'django.db.backends.sqlite3'.")
        }
    }
}

/// The connection registry (Django's `django.db.connections`): database settings by alias, and one
/// lazily opened connection per alias per thread, as Django keeps one per worker thread.
/// Thread-safe. Query sets use `ConnectionHandler.current`, which is `shared` unless a task runs
/// inside `activate { }` of another handler (tests use a private handler each).
public final class ConnectionHandler: Sendable {
    /// The process's registry, configured at startup from the site's settings.
    public static let shared = ConnectionHandler()

    /// The registry queries use in the current task.
    @TaskLocal public static var current: ConnectionHandler = .shared

    private struct State {
        var databases: [String: DatabaseSettings] = [:]
        var connections: [Key: Connection] = [:]
    }

    private struct Key: Hashable {
        let alias: String
        let thread: UInt

        /// The thread and the alias's length: a few aliases per thread, told apart by `==`
        /// (every query looks its connection up; hashing the whole alias cost more).
        func hash(into hasher: inout Hasher) {
            hasher.combine(thread &+ UInt(bitPattern: alias.utf8.count) &<< 48)
        }
    }

    private let state: Mutex<State>
    /// This handler's number (from 1), naming it in the threads' caches of the last connection
    /// found (`LastConnection`).
    private let serial: UInt64
    private static let serials = Atomic<UInt64>(0)
    /// Advanced whenever a connection leaves `state`: a thread's cached connection is used only
    /// while the generation it was found in is current.
    private let generation = Atomic<UInt64>(0)
    /// How many connections in `state` have a `connMaxAge` (only those can grow old): while
    /// none do, `closeOldConnections` — twice per request — returns without taking the lock.
    private let ageing = Atomic<Int>(0)

    public init(_ databases: [String: DatabaseSettings] = [:]) {
        state = Mutex(State(databases: databases))
        serial = Self.serials.add(1, ordering: .relaxed).newValue
    }

    /// Sets (or replaces) the settings for an alias. Connections already open keep their settings.
    public func configure(_ alias: String = "default", _ settings: DatabaseSettings) {
        state.withLock { $0.databases[alias] = settings }
    }

    /// The configured aliases.
    public var aliases: [String] { state.withLock { $0.databases.keys.sorted() } }

    /// This thread's connection for the alias, created (not yet opened) on first request. The
    /// last one a thread found is kept for it (`LastConnection`) and handed out again, without the
    /// lock, while it is still in the registry.
    public func connection(_ alias: String = "default") throws -> Connection {
        let last = LastConnection.ofThisThread
        let generation = generation.load(ordering: .acquiring)
        if last.serial == serial, last.generation == generation, last.alias == alias, let connection = last.connection {
            return connection
        }
        let connection = try registered(alias)
        last.remember(connection, alias: alias, serial: serial, generation: generation)
        return connection
    }

    /// This thread's connection for the alias from the registry, created if there is none.
    private func registered(_ alias: String) throws -> Connection {
        let key = Key(alias: alias, thread: Self.threadID())
        return try state.withLock { state in
            if let connection = state.connections[key] { return connection }
            guard let settings = state.databases[alias] else {
                throw ProgrammingError(message: "The connection '\(alias)' doesn't exist.")
            }
            let connection = Connection(alias: alias, settings: settings)
            state.connections[key] = connection
            if settings.connMaxAge != nil { ageing.add(1, ordering: .relaxed) }
            return connection
        }
    }

    /// Takes a connection out of the registry (the caller holds the lock).
    private func remove(_ key: Key, from state: inout State) -> Connection? {
        guard let connection = state.connections.removeValue(forKey: key) else { return nil }
        generation.add(1, ordering: .releasing)
        if connection.settings.connMaxAge != nil { ageing.subtract(1, ordering: .relaxed) }
        return connection
    }

    /// Closes this thread's connections (Django closes them when a request finishes).
    public func closeThreadConnections() {
        let thread = Self.threadID()
        let mine = state.withLock { state in
            let keys = state.connections.keys.filter { $0.thread == thread }
            return keys.compactMap { remove($0, from: &state) }
        }
        LastConnection.ofThisThread.forget(serial)
        for connection in mine { connection.close() }
    }

    /// Closes this thread's connections that have outlived their `connMaxAge` (Django's
    /// `close_old_connections`, run when a request starts and finishes). Connections inside an
    /// atomic block are left alone.
    public func closeOldConnections() {
        // Connections without a CONN_MAX_AGE (kept open for good) never expire.
        guard ageing.load(ordering: .relaxed) > 0 else { return }
        let thread = Self.threadID()
        let expired = state.withLock { state -> [Connection] in
            var keys: [Key] = []
            for (key, connection) in state.connections
            where key.thread == thread && !connection.inAtomicBlock && connection.isObsolete {
                keys.append(key)
            }
            return keys.compactMap { remove($0, from: &state) }
        }
        if !expired.isEmpty { LastConnection.ofThisThread.forget(serial) }
        for connection in expired { connection.close() }
    }

    /// Forgets every thread's connection; each closes when its thread lets go of it. For shutdown.
    public func closeAll() {
        state.withLock { state in
            state.connections.removeAll()
            ageing.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
        }
        LastConnection.ofThisThread.forget(serial)
    }

    /// Runs `body` with this handler as `ConnectionHandler.current`.
    public func activate<T>(_ body: () throws -> T) rethrows -> T {
        try Self.$current.withValue(self, operation: body)
    }

    private static func threadID() -> UInt {
        #if canImport(Darwin)
        return UInt(bitPattern: pthread_self())
        #else
        return UInt(pthread_self())
        #endif
    }
}

/// The connection a thread last found (`ConnectionHandler.connection`), with the handler's serial,
/// the generation and the alias it was found under. One per thread, reached through a pthread
/// key (released when the thread ends); only its thread uses it.
final class LastConnection {
    private(set) var serial: UInt64 = 0
    private(set) var generation: UInt64 = 0
    private(set) var alias = ""
    private(set) var connection: Connection?

    func remember(_ connection: Connection, alias: String, serial: UInt64, generation: UInt64) {
        self.connection = connection
        self.alias = alias
        self.serial = serial
        self.generation = generation
    }

    /// Lets go of the connection if a handler with this serial handed it out.
    func forget(_ serial: UInt64) {
        guard self.serial == serial else { return }
        self.serial = 0
        connection = nil
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<LastConnection>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<LastConnection>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// This thread's instance, made on first use.
    static var ofThisThread: LastConnection {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<LastConnection>.fromOpaque(pointer).takeUnretainedValue()
        }
        let made = LastConnection()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}
