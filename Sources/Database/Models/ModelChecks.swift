/// One finding of the model checks, worded and numbered as Django's (`fields.E320`), for
/// `shallot check` to print beside the framework's own.
public struct ModelCheckMessage: Sendable, Equatable, CustomStringConvertible {
    public let isError: Bool
    /// Django's check id: "fields.E300", "models.E015".
    public let id: String
    public let message: String
    public let hint: String?
    /// What it is about, as Django prints it: `polls.Choice.question`.
    public let object: String

    public var description: String { "\(object): (\(id)) \(message)" + (hint.map { "\n\tHINT: \($0)" } ?? "") }
}

/// Django's model system checks for what this ORM has: relations to models that are not
/// installed, SET_NULL on non-nullable keys, bad field parameters, orderings, indexes and
/// constraints naming fields that do not exist, tables shared by two models.
public enum ModelChecks {
    public static func run(_ models: [any Model.Type]) -> [ModelCheckMessage] {
        let schemas = models.map { schema(of: $0) }
        let installed = Set(schemas.map(\.modelName))
        var found: [ModelCheckMessage] = []
        func report(_ id: String, _ message: String, _ object: String, hint: String? = nil) {
            found.append(ModelCheckMessage(isError: id.contains(".E"), id: id, message: message, hint: hint, object: object))
        }
        for schema in schemas {
            let modelLabel = schema.app + "." + schema.modelName
            for field in schema.fields {
                let object = modelLabel + "." + field.name
                switch field.kind {
                case .char(let maxLength) where maxLength <= 0:
                    report("fields.E121", "'max_length' must be a positive integer.", object)
                case .decimal(let digits, let places):
                    if digits <= 0 { report("fields.E133", "'max_digits' must be a positive integer.", object) }
                    if places < 0 { report("fields.E131", "'decimal_places' must be a non-negative integer.", object) }
                    if digits > 0 && places > digits {
                        report("fields.E134", "'max_digits' must be greater or equal to 'decimal_places'.", object)
                    }
                case .foreignKey(let target, let onDelete):
                    if !installed.contains(target.name) {
                        report("fields.E300", "Field defines a relation with model '\(target.name)', which is either not installed, or is abstract.", object)
                    }
                    if onDelete == .setNull && !field.null {
                        report("fields.E320", "Field specifies on_delete=SET_NULL, but cannot be null.", object,
                               hint: "Set null=True argument on the field, or change the on_delete rule.")
                    }
                default:
                    break
                }
                if [field.autoNow, field.autoNowAdd, field.defaultValue != nil].filter({ $0 }).count > 1 {
                    report("fields.E160", "The options auto_now, auto_now_add, and default are mutually exclusive. Only one of these options may be present.", object)
                }
            }
            var compiler = QueryCompiler(dialect: SQLiteDialect(), base: schema)
            for name in schema.ordering where name != "?" {
                let path = name.hasPrefix("-") ? String(name.dropFirst()) : name
                let resolvable = schema.fields.allSatisfy { $0.related.map { installed.contains($0.name) } ?? true }
                guard resolvable else { continue }
                if (try? compiler.resolveField(path)) == nil {
                    report("models.E015", "'ordering' refers to the nonexistent field, related field, or lookup '\(path)'.", modelLabel)
                }
            }
            for index in schema.indexes {
                for name in index.fields {
                    let field = name.hasPrefix("-") ? String(name.dropFirst()) : name
                    if schema.field(field) == nil {
                        report("models.E012", "'indexes' refers to the nonexistent field '\(field)'.", modelLabel)
                    }
                }
            }
            for constraint in schema.constraints {
                for name in constraint.fields where schema.field(name) == nil {
                    report("models.E012", "'constraints' refers to the nonexistent field '\(name)'.", modelLabel)
                }
            }
        }
        var byTable: [String: [String]] = [:]
        for schema in schemas { byTable[schema.table, default: []].append(schema.app + "." + schema.modelName) }
        for (table, owners) in byTable.sorted(by: { $0.key < $1.key }) where owners.count > 1 {
            report("models.E028", "db_table '\(table)' is used by multiple models: \(owners.joined(separator: ", ")).", owners[0])
        }
        return found
    }

    private static func schema<M: Model>(of model: M.Type) -> TableSchema { M.meta.schema }
}
