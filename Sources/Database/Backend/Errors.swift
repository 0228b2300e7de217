/// The root of the database errors, as Django's `django.db.DatabaseError`: every error raised by a
/// backend conforms, and carries the SQL that failed when there was one.
public protocol DatabaseError: Error, CustomStringConvertible, Sendable {
    var message: String { get }
    var sql: String? { get }
}

extension DatabaseError {
    public var description: String {
        guard let sql else { return "\(Self.self): \(message)" }
        return "\(Self.self): \(message)\n  SQL: \(sql)"
    }
}

/// A constraint failed: unique, not null, foreign key, check (Django's `IntegrityError`).
public struct IntegrityError: DatabaseError {
    public let message: String
    public let sql: String?
    public init(message: String, sql: String? = nil) { self.message = message; self.sql = sql }
}

/// The database could not do what was asked for reasons outside the statement's data: a missing
/// table or column, a locked database, a file that cannot be opened (Django's `OperationalError`).
public struct OperationalError: DatabaseError {
    public let message: String
    public let sql: String?
    /// What to do about it, when known (a missing table suggests running the migrations).
    public let hint: String?
    public init(message: String, sql: String? = nil, hint: String? = nil) {
        self.message = message; self.sql = sql; self.hint = hint
    }
    public var description: String {
        var text = "OperationalError: \(message)"
        if let hint { text += " (\(hint))" }
        if let sql { text += "\n  SQL: \(sql)" }
        return text
    }
}

/// The program used the database wrongly: a closed connection, a misused transaction
/// (Django's `ProgrammingError`).
public struct ProgrammingError: DatabaseError {
    public let message: String
    public let sql: String?
    public init(message: String, sql: String? = nil) { self.message = message; self.sql = sql }
}

/// A value did not fit: wrong type, out of range, too big (Django's `DataError`).
public struct DataError: DatabaseError {
    public let message: String
    public let sql: String?
    public init(message: String, sql: String? = nil) { self.message = message; self.sql = sql }
}

/// The backend failed in a way it does not explain further (Django's `InternalError`).
public struct InternalError: DatabaseError {
    public let message: String
    public let sql: String?
    public init(message: String, sql: String? = nil) { self.message = message; self.sql = sql }
}

/// A deletion was refused because rows still refer to the object through a `.protect` foreign key
/// (Django's `ProtectedError`, an `IntegrityError`).
public struct ProtectedError: DatabaseError {
    public let message: String
    public let sql: String?
    public init(message: String, sql: String? = nil) { self.message = message; self.sql = sql }
}

/// A query named something that is not a field, relation, lookup or annotation of the model, or
/// used one wrongly (Django's `FieldError`). Names are checked against the model, never
/// interpolated, so this is also what an injection attempt through a name gets.
public struct FieldError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "FieldError: \(message)" }
}

/// `get()` found nothing (Django's `Model.DoesNotExist`).
public struct DoesNotExist: Error, CustomStringConvertible, Sendable {
    public let model: String
    public init(model: String) { self.model = model }
    public var description: String { "\(model) matching query does not exist." }
}

/// `get()` found more than one row (Django's `Model.MultipleObjectsReturned`).
public struct MultipleObjectsReturned: Error, CustomStringConvertible, Sendable {
    public let model: String
    public let count: Int
    public init(model: String, count: Int) { self.model = model; self.count = count }
    public var description: String { "get() returned more than one \(model) -- it returned \(count)!" }
}

/// A query set was used in a way Django refuses too: negative indexing, updating a slice,
/// a bad annotation name (Django raises `TypeError`/`ValueError`/`AssertionError` for these).
public struct QueryUsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
