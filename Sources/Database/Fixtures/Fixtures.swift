import Foundation

/// Django's JSON fixtures: `dumpData` writes a model's rows as `dumpdata` does
/// (`[{"model": "polls.question", "pk": 1, "fields": {...}}]`), `loadData` installs them as
/// `loaddata` does (in one transaction, rows with a known primary key updated, `autoNow` left alone).
public enum Fixtures {
    /// The rows of the models, in the order given and each model's default ordering, as JSON.
    /// `indent` pretty-prints each object as Django's `--indent` does.
    public static func dumpData(_ models: [any Model.Type], indent: Int? = nil, using alias: String = "default") throws -> String {
        var objects: [String] = []
        for model in models { objects += try dump(model, indent: indent, alias: alias) }
        guard let indent, indent > 0 else { return "[" + objects.joined(separator: ", ") + "]" }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    private static func dump<M: Model>(_ model: M.Type, indent: Int?, alias: String) throws -> [String] {
        let schema = M.meta.schema
        let pad = String(repeating: " ", count: indent ?? 0)
        return try M.objects.using(alias).fetch().map { object in
            var fields: [String] = []
            for field in M.meta.fields where !field.info.primaryKey {
                fields.append(JSONText.string(field.info.name) + ": " + JSONText.value(field.read(object), kind: field.info.kind))
            }
            let pk = JSONText.value(object.pk, kind: schema.primaryKey.kind)
            guard indent != nil && !pad.isEmpty else {
                return "{\"model\": \(JSONText.string(schema.label)), \"pk\": \(pk), \"fields\": {\(fields.joined(separator: ", "))}}"
            }
            let inner = fields.map { pad + pad + $0 }.joined(separator: ",\n")
            return "{\n\(pad)\"model\": \(JSONText.string(schema.label)),\n\(pad)\"pk\": \(pk),\n\(pad)\"fields\": {\n\(inner)\n\(pad)}\n}"
        }
    }

    /// Installs the objects of a JSON fixture; returns how many. Every model named must be among
    /// `models`, every field among its fields.
    @discardableResult
    public static func loadData(_ json: String, models: [any Model.Type], using alias: String = "default") throws -> Int {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw DeserializationError("Problem installing fixture: \(error.localizedDescription)")
        }
        guard let objects = parsed as? [[String: Any]] else {
            throw DeserializationError("Problem installing fixture: expected a list of objects")
        }
        let connection = try ConnectionHandler.current.connection(alias)
        return try connection.atomic {
            for (position, object) in objects.enumerated() {
                guard let label = object["model"] as? String else {
                    throw DeserializationError("Object \(position) has no \"model\"")
                }
                guard let model = models.first(where: { modelLabel($0) == label.lowercased() }) else {
                    throw DeserializationError("Invalid model identifier: '\(label)'")
                }
                try install(model, object, connection)
            }
            return objects.count
        }
    }

    private static func modelLabel<M: Model>(_ model: M.Type) -> String { M.meta.schema.label }

    private static func install<M: Model>(_ model: M.Type, _ object: [String: Any], _ connection: Connection) throws {
        var instance = M()
        let meta = M.meta
        let fields = object["fields"] as? [String: Any] ?? [:]
        for name in fields.keys where meta.field(name) == nil || meta.field(name)!.info.primaryKey {
            throw DeserializationError("\(meta.schema.label) has no field named '\(name)'")
        }
        for field in meta.fields {
            let raw: Any?
            if field.info.primaryKey { raw = object["pk"] } else if let value = fields[field.info.name] { raw = value } else { continue }
            guard let raw else { continue }
            do {
                try field.write(&instance, try JSONText.sqlValue(raw, kind: field.info.kind))
            } catch let error as DeserializationError {
                throw error
            } catch {
                throw DeserializationError("\(meta.schema.label).\(field.info.name): \(error)")
            }
        }
        try instance.save(to: connection, raw: true)
    }
}

/// A fixture could not be read (Django's `DeserializationError`).
public struct DeserializationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "DeserializationError: \(message)" }
}
