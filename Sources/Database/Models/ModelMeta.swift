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
public final class ModelMeta<M: Model>: Sendable {
    public let schema: TableSchema
    let fields: [Field<M>]
    /// `fields.count`, read without the array (whose metadata code not specialised for the
    /// model would look up at run time).
    @usableFromInline let fieldCount: Int
    /// Bit n set when field n reads a datetime's seconds as its text (`Field.readsDateTimeSeconds`).
    let dateTimeColumns: UInt64
    /// The objects of a query's rows, each decoded from its first `fieldCount` values: compiled
    /// for the model where it is declared (see `init`), so building the array takes no run-time
    /// metadata lookups.
    let decodeRows: @Sendable (ModelMeta<M>, FlatRows) throws -> [M]
    let related: [ReverseRelation<M>]
    let primaryKeyPosition: Int
    /// The SELECTs compiled for this model's query sets, by shape.
    let selectCache = SelectCache<M>()
    /// What `subscript(field:)` answers by name, worked out once (see `Model.subscript(field:)`).
    let attributes: [String: @Sendable (M) -> any Sendable]
    /// The same names as templates see them: optional values unwrapped (see `templateAttribute`).
    public let templateAttributes: [String: @Sendable (M) -> Any?]
    /// `templateAttributes` over a model passed as `Any` (it must be an `M`): a table of one
    /// concrete type, for lookups made where the model's type is not known statically.
    public let erasedTemplateAttributes: [String: @Sendable (Any) -> Any?]

    /// `app` is the app label (`polls`). As in Django, the table defaults to `app_modelname`
    /// (`polls_question`) and the app label to the table's prefix.
    /// Inlinable, so that `decodeRows` is compiled for the model in the module declaring it.
    @inlinable
    public convenience init(table: String? = nil, app: String? = nil, ordering: [String] = [], fields: [Field<M>],
                            related: [ReverseRelation<M>] = [], indexes: [Index] = [], constraints: [UniqueConstraint] = []) {
        self.init(table: table, app: app, ordering: ordering, fields: fields, related: related, indexes: indexes,
                  constraints: constraints, decodeRows: { meta, rows in
                      var objects: [M] = []
                      objects.reserveCapacity(rows.count)
                      let width = meta.fieldCount
                      for index in 0..<rows.count { objects.append(try meta.decode(rows[index].prefix(width))) }
                      return objects
                  })
    }

    @usableFromInline
    init(table: String?, app: String?, ordering: [String], fields: [Field<M>], related: [ReverseRelation<M>],
         indexes: [Index], constraints: [UniqueConstraint],
         decodeRows: @escaping @Sendable (ModelMeta<M>, FlatRows) throws -> [M]) {
        self.fields = fields
        fieldCount = fields.count
        var dateTimeColumns: UInt64 = 0
        for (index, field) in fields.enumerated() where index < 64 && field.readsDateTimeSeconds {
            dateTimeColumns |= 1 << UInt64(index)
        }
        self.dateTimeColumns = dateTimeColumns
        self.decodeRows = decodeRows
        self.related = related
        let modelName = "\(M.self)"
        let table = table ?? (app.map { $0 + "_" } ?? "") + modelName.lowercased()
        schema = TableSchema(modelName: modelName, app: app ?? String(table.prefix { $0 != "_" }), table: table, fields: fields.map(\.info), ordering: ordering,
                             indexes: indexes, constraints: constraints, reverse: related.map(\.info))
        primaryKeyPosition = fields.firstIndex { $0.info.primaryKey }!
        attributes = Self.attributeTable(fields, related, schema, primaryKeyPosition)
        var unwrapped: [String: @Sendable (M) -> Any?] = attributes.mapValues { get in { get($0) } }
        for field in fields { unwrapped[field.info.name] = field.unwrappedProperty }
        unwrapped["pk"] = fields[primaryKeyPosition].unwrappedProperty
        templateAttributes = unwrapped
        var erased: [String: @Sendable (Any) -> Any?] = unwrapped.mapValues { get in { get($0 as! M) } }
        // Stored properties are read in place; a relation's getter, or a property without an
        // offset, goes through the cast above.
        for relation in related {
            let name = relation.info.accessorName
            guard let read = relation.getAt, name != "pk",
                  fields.allSatisfy({ $0.info.name != name && $0.info.column != name }) else { continue }
            let get = relation.get
            erased[name] = StoredProperty.erased(M.self, read, fallback: { get($0) })
        }
        for field in fields { if let read = field.unwrappedAt { erased[field.info.name] = StoredProperty.erased(M.self, read, fallback: field.unwrappedProperty) } }
        if let read = fields[primaryKeyPosition].unwrappedAt {
            erased["pk"] = StoredProperty.erased(M.self, read, fallback: fields[primaryKeyPosition].unwrappedProperty)
        }
        erasedTemplateAttributes = erased
        fill = Self.fillChain(fields)
        bindAll = Self.bindChain(related)
        readPrimaryKey = fields[primaryKeyPosition].read
    }

    /// Names to getters, with `subscript(field:)`'s precedence: `pk`, then a field's name, then a
    /// foreign key's column (`question_id`, its key), then a reverse accessor (`choice_set`).
    private static func attributeTable(_ fields: [Field<M>], _ related: [ReverseRelation<M>], _ schema: TableSchema,
                                       _ primaryKeyPosition: Int) -> [String: @Sendable (M) -> any Sendable] {
        var table: [String: @Sendable (M) -> any Sendable] = [:]
        for relation in related where table[relation.info.accessorName] == nil {
            table[relation.info.accessorName] = relation.get
        }
        for (index, field) in fields.enumerated() where field.info.name != field.info.column && field.info.isRelation
            && schema.position(of: field.info.column) == index {
            let read = field.read
            table[field.info.column] = { read($0) }
        }
        for field in fields { table[field.info.name] = field.property }
        table["pk"] = fields[primaryKeyPosition].property
        return table
    }

    /// A model from a row's values, in field order starting at the slice's start.
    @inlinable
    func decode(_ values: ArraySlice<SQLValue>) throws -> M {
        var model = M()
        try fill(&model, values, values.startIndex)
        bindRelated(&model)
        return model
    }

    /// Binds every reverse relation (`question.choiceSet`) to the object's primary key.
    @inlinable @inline(__always)
    func bindRelated(_ model: inout M) {
        guard let bindAll else { return }
        let key = readPrimaryKey(model)
        withUnsafeMutablePointer(to: &model) { bindAll(UnsafeMutableRawPointer($0), key) }
    }

    /// Writes each field from the values at `position` on, in field order: a chain of closures
    /// built once, so decoding walks no array of generic fields (which, in code not specialised
    /// for the model, costs a runtime metadata lookup per walk).
    @usableFromInline let fill: @Sendable (inout M, ArraySlice<SQLValue>, Int) throws -> Void
    /// Binds every reverse relation of the model at an address to a key (nil when there are none).
    @usableFromInline let bindAll: (@Sendable (UnsafeMutableRawPointer, SQLValue) -> Void)?
    /// The primary key's value.
    @usableFromInline let readPrimaryKey: @Sendable (M) -> SQLValue

    private static func fillChain(_ fields: [Field<M>]) -> @Sendable (inout M, ArraySlice<SQLValue>, Int) throws -> Void {
        var chain: @Sendable (inout M, ArraySlice<SQLValue>, Int) throws -> Void = { _, _, _ in }
        for field in fields.reversed() {
            let write = field.write, next = chain
            chain = { model, values, position in
                try write(&model, values[position])
                try next(&model, values, position + 1)
            }
        }
        return chain
    }

    private static func bindChain(_ related: [ReverseRelation<M>]) -> (@Sendable (UnsafeMutableRawPointer, SQLValue) -> Void)? {
        guard var chain = related.last?.bind else { return nil }
        for relation in related.dropLast().reversed() {
            let bind = relation.bind, next = chain
            chain = { model, key in
                bind(model, key)
                next(model, key)
            }
        }
        return chain
    }

    func field(_ name: String) -> Field<M>? { schema.position(of: name).map { fields[$0] } }
}
