import Foundation

/// A named, ordered set of operations of an app (Django's `Migration`, as in
/// `polls/migrations/0001_initial.py`). Applied ones are recorded in `django_migrations`.
public struct Migration: Sendable, Hashable {
    public let app: String
    public let name: String
    public let operations: [Operation]

    public init(app: String, name: String, operations: [Operation]) {
        self.app = app
        self.name = name
        self.operations = operations
    }

    /// `app.name`, as Django prints a migration.
    public var label: String { "\(app).\(name)" }
}

/// Applies migrations in order and records them (Django's `MigrationExecutor` with its
/// `MigrationRecorder`): the `django_migrations` table lists what has been applied.
public struct Migrator {
    public let connection: Connection
    /// Every migration of every app, in the order they apply.
    public let migrations: [Migration]

    public init(_ connection: Connection, migrations: [Migration]) throws {
        var seen: Set<String> = []
        for migration in migrations where !seen.insert(migration.label).inserted {
            throw MigrationError("Migration \(migration.label) is listed twice")
        }
        self.connection = connection
        self.migrations = migrations
    }

    /// The current registry's connection for an alias.
    public init(using alias: String = "default", migrations: [Migration]) throws {
        try self.init(ConnectionHandler.current.connection(alias), migrations: migrations)
    }

    private func ensureRecorderTable() throws {
        let editor = SchemaEditor(connection)
        guard try !editor.tableNames().contains("django_migrations") else { return }
        let recorder = ModelState(name: "Migration", table: "django_migrations", fields: [
            FieldInfo(name: "id", kind: .autoField),
            FieldInfo(name: "app", kind: .char(maxLength: 255)),
            FieldInfo(name: "name", kind: .char(maxLength: 255)),
            FieldInfo(name: "applied", kind: .dateTime),
        ])
        try editor.createModel(recorder) { _ in nil }
    }

    /// The labels (`app.name`) of the applied migrations.
    public func applied() throws -> Set<String> {
        try ensureRecorderTable()
        let rows = try connection.query("SELECT \"app\", \"name\" FROM \"django_migrations\"")
        return Set(try rows.map { try String(sqlValue: $0[0]) + "." + String(sqlValue: $0[1]) })
    }

    /// The migrations not yet applied, in order.
    public func plan() throws -> [Migration] {
        let done = try applied()
        return migrations.filter { !done.contains($0.label) }
    }

    /// The project state after every migration (what `makeMigration` compares models to).
    public func state() throws -> ProjectState { try ProjectState(applying: migrations) }

    /// Applies the unapplied migrations, each in its own transaction with its record, and returns
    /// them. Foreign-key enforcement is off while a migration runs and checked after it.
    @discardableResult
    public func migrate() throws -> [Migration] {
        guard !connection.inAtomicBlock else {
            throw MigrationError("Migrations cannot run inside an atomic block: SQLite cannot switch foreign-key checks in a transaction")
        }
        let done = try applied()
        var state = ProjectState()
        var ran: [Migration] = []
        let dialect = connection.dialect
        let editor = SchemaEditor(connection)
        for migration in migrations {
            var after = state
            for operation in migration.operations { try after.apply(operation) }
            defer { state = after }
            if done.contains(migration.label) { continue }
            for statement in dialect.disableConstraintChecking { try connection.execute(statement) }
            defer { for statement in dialect.enableConstraintChecking { _ = try? connection.execute(statement) } }
            try connection.atomic {
                var current = state
                for operation in migration.operations {
                    var next = current
                    try next.apply(operation)
                    try editor.apply(operation, from: current, to: next)
                    current = next
                }
                if let check = dialect.constraintViolationsQuery, let row = try connection.query(check).first {
                    throw IntegrityError(message: "Migration \(migration.label) leaves a broken foreign key: \(row)")
                }
                let now = SQLValue.text(DateCoding.dateTimeString(Date()))
                try connection.execute("INSERT INTO \"django_migrations\" (\"app\", \"name\", \"applied\") VALUES (\(dialect.placeholder(1)), \(dialect.placeholder(2)), \(dialect.placeholder(3)))",
                                       [.text(migration.app), .text(migration.name), now])
            }
            ran.append(migration)
        }
        return ran
    }
}

extension ProjectState {
    /// The state a list of migrations builds, in order (what `makemigrations` compares models to).
    public init(applying migrations: [Migration]) throws {
        self.init()
        for migration in migrations {
            for operation in migration.operations { try apply(operation) }
        }
    }
}
