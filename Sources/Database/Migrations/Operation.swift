/// One schema change in a migration (Django's `migrations.CreateModel`, `AddField`, ...). Each
/// knows how it changes the project state and the database.
public enum Operation: Sendable, Hashable {
    case createModel(ModelState)
    case deleteModel(name: String)
    case addField(model: String, field: FieldInfo)
    case removeField(model: String, name: String)
    case alterField(model: String, field: FieldInfo)
    case addIndex(model: String, index: Index)
    case removeIndex(model: String, name: String)
    /// Raw SQL, one statement per entry (Django's `RunSQL`); the state is unchanged.
    case runSQL([String])

    /// Django's name for the operation, with what it changes, for plans and logs.
    public var description: String {
        switch self {
        case .createModel(let model): return "Create model \(model.name)"
        case .deleteModel(let name): return "Delete model \(name)"
        case .addField(let model, let field): return "Add field \(field.name) to \(model.lowercased())"
        case .removeField(let model, let name): return "Remove field \(name) from \(model.lowercased())"
        case .alterField(let model, let field): return "Alter field \(field.name) on \(model.lowercased())"
        case .addIndex(let model, let index): return "Create index \(index.name) on \(model.lowercased())"
        case .removeIndex(let model, let name): return "Remove index \(name) from \(model.lowercased())"
        case .runSQL: return "Raw SQL operation"
        }
    }
}

/// The models as the migrations so far leave them (Django's `ProjectState`).
public struct ProjectState: Sendable, Hashable {
    public private(set) var models: [String: ModelState] = [:]

    public init(models: [ModelState] = []) {
        for model in models { self.models[model.name] = model }
    }

    /// A foreign key's target table and primary-key column, by model name.
    public func reference(_ name: String) -> (table: String, column: String)? {
        guard let model = models[name], let pk = model.primaryKey else { return nil }
        return (model.table, pk.column)
    }

    func model(_ name: String) throws -> ModelState {
        guard let model = models[name] else { throw MigrationError("No model named '\(name)' in the migration state") }
        return model
    }

    /// The state after an operation; throws when the operation does not fit the state.
    public mutating func apply(_ operation: Operation) throws {
        switch operation {
        case .createModel(let model):
            guard models[model.name] == nil else { throw MigrationError("Model '\(model.name)' already exists") }
            models[model.name] = model
        case .deleteModel(let name):
            _ = try model(name)
            models[name] = nil
        case .addField(let name, let field):
            var model = try model(name)
            guard model.field(field.name) == nil else { throw MigrationError("\(name).\(field.name) already exists") }
            model.fields.append(field)
            models[name] = model
        case .removeField(let name, let fieldName):
            var model = try model(name)
            guard model.field(fieldName) != nil else { throw MigrationError("\(name) has no field '\(fieldName)'") }
            model.fields.removeAll { $0.name == fieldName }
            models[name] = model
        case .alterField(let name, let field):
            var model = try model(name)
            guard let index = model.fields.firstIndex(where: { $0.name == field.name }) else {
                throw MigrationError("\(name) has no field '\(field.name)'")
            }
            model.fields[index] = field
            models[name] = model
        case .addIndex(let name, let index):
            var model = try model(name)
            model.indexes.append(index)
            models[name] = model
        case .removeIndex(let name, let indexName):
            var model = try model(name)
            guard model.indexes.contains(where: { $0.name == indexName }) else {
                throw MigrationError("\(name) has no index '\(indexName)'")
            }
            model.indexes.removeAll { $0.name == indexName }
            models[name] = model
        case .runSQL:
            break
        }
    }
}

/// A migration could not be built, ordered or applied (Django's migration exceptions).
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SchemaEditor {
    /// Applies an operation to the database, `before` being the state it starts from.
    func apply(_ operation: Operation, from before: ProjectState, to after: ProjectState) throws {
        switch operation {
        case .createModel(let model):
            try createModel(model, references: after.reference)
        case .deleteModel(let name):
            try deleteModel(before.model(name))
        case .addField(let name, _), .removeField(let name, _), .alterField(let name, _):
            try remakeTable(from: before.model(name), to: after.model(name), references: after.reference)
        case .addIndex(let name, let index):
            try addIndex(after.model(name), index)
        case .removeIndex(let name, let indexName):
            guard let index = try before.model(name).indexes.first(where: { $0.name == indexName }) else { return }
            try removeIndex(index)
        case .runSQL(let statements):
            for statement in statements { try connection.execute(statement) }
        }
    }
}
