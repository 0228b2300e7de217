/// An index over one or more fields (Django's `Meta.indexes` entry, `models.Index`).
public struct Index: Sendable, Hashable {
    public let fields: [String]
    public let name: String
    public let unique: Bool
    public init(fields: [String], name: String, unique: Bool = false) {
        self.fields = fields; self.name = name; self.unique = unique
    }
}

/// A uniqueness constraint over several fields (Django's `models.UniqueConstraint`).
public struct UniqueConstraint: Sendable, Hashable {
    public let fields: [String]
    public let name: String
    public init(fields: [String], name: String) { self.fields = fields; self.name = name }
}

/// A model's table as the query compiler and schema editor see it: no Swift types, only names,
/// columns and kinds. Built once per model.
public final class TableSchema: Sendable {
    public let modelName: String
    /// The app label (`polls`).
    public let app: String
    public let table: String
    public let fields: [FieldInfo]
    public let ordering: [String]
    public let indexes: [Index]
    public let constraints: [UniqueConstraint]
    public let reverse: [ReverseInfo]
    public let primaryKey: FieldInfo
    private let positions: [String: Int]

    init(modelName: String, app: String, table: String, fields: [FieldInfo], ordering: [String], indexes: [Index],
         constraints: [UniqueConstraint], reverse: [ReverseInfo]) {
        self.modelName = modelName
        self.app = app
        self.table = table
        self.fields = fields
        self.ordering = ordering
        self.indexes = indexes
        self.constraints = constraints
        self.reverse = reverse
        let keys = fields.filter(\.primaryKey)
        precondition(keys.count == 1, "\(modelName) must declare exactly one primary key field (found \(keys.count))")
        primaryKey = keys[0]
        var positions: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            precondition(!field.name.contains("__") && !field.name.hasSuffix("_") && !field.name.isEmpty,
                         "\(modelName).\(field.name): field names must not contain '__' or end with '_'")
            precondition(positions[field.name] == nil, "\(modelName): two fields named '\(field.name)'")
            positions[field.name] = index
        }
        for (index, field) in fields.enumerated() where positions[field.column] == nil {
            positions[field.column] = index
        }
        self.positions = positions
    }

    /// Django's model label, `app.modelname` (`polls.question`), as fixtures name models.
    public var label: String { app + "." + modelName.lowercased() }

    /// The field with this name (or column name, as `question_id`; `pk` is the primary key).
    public func field(_ name: String) -> FieldInfo? {
        if name == "pk" { return primaryKey }
        return positions[name].map { fields[$0] }
    }

    /// The position of a field in `fields` (and in a model's select list).
    func position(of name: String) -> Int? { name == "pk" ? positions[primaryKey.name] : positions[name] }

    /// The reverse relation lookups reach by this name (`choice`) or accessor (`choice_set`).
    public func reverseRelation(_ name: String) -> ReverseInfo? {
        reverse.first { $0.queryName == name } ?? reverse.first { $0.accessorName == name }
    }

    /// The names a lookup may start with, for error messages (Django lists "Choices are: ...").
    var choiceNames: [String] { fields.map(\.name) + reverse.map(\.queryName) }
}

/// A model's options and fields (Django's `class Meta` plus the field declarations): the table, the
/// default ordering, the fields in column order, reverse relations, indexes and constraints.
public struct ModelMeta<M: Model>: Sendable {
    public let schema: TableSchema
    let fields: [Field<M>]
    let related: [ReverseRelation<M>]
    let primaryKeyPosition: Int
    /// The SELECTs compiled for this model's query sets, by shape.
    let selectCache = SelectCache<M>()

    /// `app` is the app label (`polls`). As in Django, the table defaults to `app_modelname`
    /// (`polls_question`) and the app label to the table's prefix.
    public init(table: String? = nil, app: String? = nil, ordering: [String] = [], fields: [Field<M>],
                related: [ReverseRelation<M>] = [], indexes: [Index] = [], constraints: [UniqueConstraint] = []) {
        self.fields = fields
        self.related = related
        let modelName = "\(M.self)"
        let table = table ?? (app.map { $0 + "_" } ?? "") + modelName.lowercased()
        schema = TableSchema(modelName: modelName, app: app ?? String(table.prefix { $0 != "_" }), table: table, fields: fields.map(\.info), ordering: ordering,
                             indexes: indexes, constraints: constraints, reverse: related.map(\.info))
        primaryKeyPosition = fields.firstIndex { $0.info.primaryKey }!
    }

    /// A model from a row's values, in field order starting at the slice's start.
    func decode(_ values: ArraySlice<SQLValue>) throws -> M {
        var model = M()
        var position = values.startIndex
        for field in fields {
            try field.write(&model, values[position])
            position += 1
        }
        if !related.isEmpty { bindRelated(&model) }
        return model
    }

    func bindRelated(_ model: inout M) {
        let key = fields[primaryKeyPosition].read(model)
        for relation in related { relation.bind(&model, key) }
    }

    func field(_ name: String) -> Field<M>? { schema.position(of: name).map { fields[$0] } }
}
