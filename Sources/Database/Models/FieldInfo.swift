/// What kind of column a field is, with the parameters that shape its type (Django's field classes).
public enum FieldKind: Sendable, Hashable {
    case autoField
    case bigAutoField
    case char(maxLength: Int)
    case text
    case integer
    case bigInteger
    case float
    case decimal(maxDigits: Int, decimalPlaces: Int)
    case boolean
    case date
    case dateTime
    case uuid
    case json
    case binary
    /// A reference to another model's primary key (`ForeignKey`, or `OneToOneField` when unique).
    case foreignKey(to: RelatedModel, onDelete: OnDelete)

    /// Django's class name for the kind, for messages.
    public var djangoName: String {
        switch self {
        case .autoField: return "AutoField"
        case .bigAutoField: return "BigAutoField"
        case .char: return "CharField"
        case .text: return "TextField"
        case .integer: return "IntegerField"
        case .bigInteger: return "BigIntegerField"
        case .float: return "FloatField"
        case .decimal: return "DecimalField"
        case .boolean: return "BooleanField"
        case .date: return "DateField"
        case .dateTime: return "DateTimeField"
        case .uuid: return "UUIDField"
        case .json: return "JSONField"
        case .binary: return "BinaryField"
        case .foreignKey: return "ForeignKey"
        }
    }

    var isAuto: Bool { self == .autoField || self == .bigAutoField }
}

/// The model a foreign key points to, by name, with its schema fetched on demand (so a model may
/// refer to itself, or to a model declared after it). Migration states name the model only.
public struct RelatedModel: Sendable, Hashable {
    public let name: String
    let load: (@Sendable () -> TableSchema)?
    init(name: String, load: @escaping @Sendable () -> TableSchema) { self.name = name; self.load = load }
    /// A reference by model name only, as migrations record it.
    public init(_ name: String) { self.name = name; load = nil }
    /// The target's schema (references declared by name only have none: they are for migrations).
    public var schema: TableSchema {
        guard let load else { preconditionFailure("\(name) is referenced by name only; queries need the model type") }
        return load()
    }
    public static func == (lhs: RelatedModel, rhs: RelatedModel) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// What happens to rows referring to a deleted row (Django's `on_delete`). Enforced by the database
/// (`ON DELETE CASCADE`, `RESTRICT`, `SET NULL`), so it holds for every way a row is deleted.
public enum OnDelete: String, Sendable, Hashable {
    case cascade = "CASCADE"
    case protect = "RESTRICT"
    case setNull = "SET NULL"
}

/// One allowed value of a field with `choices`, and its human-readable label.
public struct FieldChoice: Sendable, Hashable {
    public let value: SQLValue
    public let label: String
    public init(_ value: some SQLConvertible, _ label: String) { self.value = value.sqlValue; self.label = label }
}

/// A field option (Django's field keyword arguments): `.null`, `.unique`, `.default(0)`, ...
public enum FieldOption: Sendable {
    /// The column accepts NULL (implied when the property is optional).
    case null
    /// Validation accepts an empty value.
    case blank
    case unique
    /// An index on the column.
    case dbIndex
    /// The column's default, used in DDL (existing rows when a field is added).
    case `default`(SQLValue)
    case choices([FieldChoice])
    /// The column name, when it differs from the field name (`db_column`).
    case dbColumn(String)
    case primaryKey
    /// Set to now on every save (DateTimeField/DateField).
    case autoNow
    /// Set to now when first inserted (DateTimeField/DateField).
    case autoNowAdd
    /// For `OneToOneField`-like uniqueness on a foreign key.
    case oneToOne
    /// The human-readable name (Django's `verbose_name`, the first positional argument of most
    /// fields: `DateTimeField("date published")`); migrations record it.
    case verboseName(String)
}

/// A field's description, independent of the model's Swift type: what the query compiler, the
/// schema editor and migrations work from.
public struct FieldInfo: Sendable, Hashable {
    /// The Django field name, used in lookups (`pub_date`).
    public var name: String
    /// The column name (`question_id` for a foreign key named `question`).
    public var column: String
    public var kind: FieldKind
    public var null = false
    public var blank = false
    public var unique = false
    public var dbIndex = false
    public var primaryKey = false
    public var defaultValue: SQLValue?
    public var choices: [FieldChoice] = []
    public var autoNow = false
    public var autoNowAdd = false
    /// `verbose_name`, when given (Django derives `pub date` from `pub_date` otherwise).
    public var verboseName: String?

    public init(name: String, column: String? = nil, kind: FieldKind, options: [FieldOption] = []) {
        self.name = name
        self.kind = kind
        self.column = column ?? name
        if kind.isAuto { primaryKey = true }
        for option in options {
            switch option {
            case .null: null = true
            case .blank: blank = true
            case .unique, .oneToOne: unique = true
            case .dbIndex: dbIndex = true
            case .default(let value): defaultValue = value
            case .choices(let list): choices = list
            case .dbColumn(let name): self.column = name
            case .primaryKey: primaryKey = true
            case .autoNow: autoNow = true
            case .autoNowAdd: autoNowAdd = true
            case .verboseName(let text): verboseName = text
            }
        }
        if primaryKey { unique = true; null = false }
    }

    public var isRelation: Bool { related != nil }

    /// The model a foreign key points to.
    public var related: RelatedModel? { if case .foreignKey(let model, _) = kind { return model } else { return nil } }
}
