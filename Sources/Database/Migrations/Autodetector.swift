/// Computes the next migration from the difference between the models as declared and the state
/// the recorded migrations leave (Django's `MigrationAutodetector`, behind `makemigrations`).
public enum Autodetector {
    /// The operations that take `state` to `models`: new models first (a model before those
    /// referring to it), then removed indexes and fields, added and altered fields, new indexes,
    /// and last the deleted models.
    public static func changes(from state: ProjectState, to models: [ModelState]) -> [Operation] {
        var operations: [Operation] = []
        let wanted = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let added = models.filter { state.models[$0.name] == nil }
        // Created models in dependency order (foreign keys to other new models come first).
        var created: Set<String> = []
        var pending = added
        while !pending.isEmpty {
            let ready = pending.filter { model in
                model.fields.allSatisfy { field in
                    guard let target = field.related?.name, target != model.name else { return true }
                    return created.contains(target) || !pending.contains { $0.name == target }
                }
            }
            let batch = ready.isEmpty ? [pending[0]] : ready
            for model in batch {
                operations.append(.createModel(model))
                created.insert(model.name)
            }
            pending.removeAll { model in batch.contains { $0.name == model.name } }
        }
        var removals: [Operation] = []
        var additions: [Operation] = []
        for model in models {
            guard let old = state.models[model.name] else { continue }
            for index in old.indexes where !model.indexes.contains(index) {
                removals.append(.removeIndex(model: model.name, name: index.name))
            }
            for field in old.fields where model.field(field.name) == nil {
                removals.append(.removeField(model: model.name, name: field.name))
            }
            for field in model.fields {
                if let previous = old.field(field.name) {
                    if previous != field { additions.append(.alterField(model: model.name, field: field)) }
                } else {
                    additions.append(.addField(model: model.name, field: field))
                }
            }
            for index in model.indexes where !old.indexes.contains(index) {
                additions.append(.addIndex(model: model.name, index: index))
            }
        }
        operations += removals + additions
        for name in state.models.keys.sorted() where wanted[name] == nil {
            operations.append(.deleteModel(name: name))
        }
        return operations
    }
}

extension Migrator {
    /// The next migration for an app, from its models as declared against the recorded state; nil
    /// when nothing changed. Named `0001_initial` for an app's first, `NNNN_auto` after.
    public func makeMigration(app: String, models: [ModelState], name: String? = nil) throws -> Migration? {
        let operations = Autodetector.changes(from: try state(), to: models)
        guard !operations.isEmpty else { return nil }
        let number = migrations.filter { $0.app == app }.count + 1
        let digits = String(number)
        let prefix = String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
        return Migration(app: app, name: prefix + "_" + (name ?? (number == 1 ? "initial" : "auto")), operations: operations)
    }
}
