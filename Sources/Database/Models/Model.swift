import Foundation

/// A model: a Swift value type mapped to a table (Django's `models.Model`). Declare stored
/// properties with defaults and a `meta` listing the fields:
///
/// ```swift
/// struct Question: Model {
///     var id: Int?
///     var questionText = ""
///     var pubDate = Date()
///     var choiceSet = RelatedSet<Choice>()
///     static let meta = ModelMeta<Question>(app: "polls", ordering: ["-pub_date"], fields: [
///         .autoField(\.id),
///         .charField("question_text", \.questionText, maxLength: 200),
///         .dateTimeField("pub_date", \.pubDate),
///     ], related: [.reverse("choice_set", \.choiceSet, via: \Choice.question)])
/// }
///
/// struct Choice: Model {
///     var id: Int?
///     var question = ForeignKey<Question>()
///     var choiceText = ""
///     var votes = 0
///     static let meta = ModelMeta<Choice>(app: "polls", fields: [
///         .autoField(\.id),
///         .foreignKey("question", \.question, onDelete: .cascade),
///         .charField("choice_text", \.choiceText, maxLength: 200),
///         .integerField("votes", \.votes, .default(.integer(0))),
///     ])
/// }
/// ```
///
/// Field names are Django's (snake_case), used in lookups; the table defaults to `app_modelname`.
public protocol Model: Operand {
    /// An empty instance, which rows are decoded into.
    init()
    /// The table, options and fields.
    static var meta: ModelMeta<Self> { get }
}

extension Model {
    /// The default manager (Django's `Question.objects`): a query set over every row.
    public static var objects: QuerySet<Self> { QuerySet() }

    /// The primary key's value (`.null` before the first save).
    public var pk: SQLValue { Self.meta.fields[Self.meta.primaryKeyPosition].read(self) }

    /// A field's Swift value by its Django name (`question_text` → the `String`, `question` → the
    /// `ForeignKey`), the primary key as `pk`, a foreign key's column (`question_id` → its key as an
    /// `SQLValue`), or a reverse accessor (`choice_set` → the `RelatedSet`): attribute lookup as
    /// Django templates do it. Nil when the model has no such name.
    public subscript(field name: String) -> (any Sendable)? {
        // One dictionary lookup, in a table built with the model's metadata (templates look up
        // fields on every row).
        Self.meta.attributes[name]?(self)
    }

    /// `subscript(field:)` as the template language sees it: the same names, an optional value
    /// unwrapped (`.some(nil)` for None), nil when the model has no such name.
    public func templateAttribute(_ name: String) -> Any?? {
        guard let get = Self.meta.templateAttributes[name] else { return nil }
        return .some(get(self))
    }

    /// Inserts the object, or updates its row when it has a primary key (inserting if no row has it).
    /// Sets `autoNow`/`autoNowAdd` fields, and the primary key after an insert.
    public mutating func save(using alias: String = "default") throws {
        try save(to: ConnectionHandler.current.connection(alias))
    }

    /// Deletes the object's row (and, through the database, rows cascading from it); returns the
    /// number of rows deleted.
    @discardableResult
    public func delete(using alias: String = "default") throws -> Int {
        guard !pk.isNull else {
            throw QueryUsageError("\(Self.self) object can't be deleted because its id attribute is set to None.")
        }
        return try Self.objects.using(alias).filter("pk", pk).delete()
    }

    /// Reloads the fields from the database (Django's `refresh_from_db()`).
    public mutating func refreshFromDatabase(using alias: String = "default") throws {
        self = try Self.objects.using(alias).get("pk", pk)
    }

    /// The related rows of a reverse relation by its query set (Django's `question.choice_set`),
    /// for models that do not store a `RelatedSet`.
    public func related<R: Model>(_ foreignKey: KeyPath<R, ForeignKey<Self>> & Sendable) -> QuerySet<R> {
        guard !pk.isNull, let field = R.meta.fields.first(where: { $0.keyPath == foreignKey as AnyKeyPath }) else {
            return R.objects.none()
        }
        return R.objects.filter(field.info.name, pk)
    }

    /// Saves; `raw` (loading fixtures) stores the values exactly as given, `autoNow` fields included.
    mutating func save(to connection: Connection, raw: Bool = false) throws {
        let meta = Self.meta
        let now = Date()
        let adding = pk.isNull
        for field in meta.fields where !raw && (field.info.autoNow || (adding && field.info.autoNowAdd)) {
            try field.write(&self, now.sqlValue)
        }
        if adding {
            try insert(into: connection, stampAutoFields: false)
            return
        }
        let dialect = connection.dialect
        var assignments: [String] = []
        var parameters: [SQLValue] = []
        for (index, field) in meta.fields.enumerated() where index != meta.primaryKeyPosition {
            parameters.append(field.read(self))
            assignments.append("\(dialect.quote(field.info.column)) = \(dialect.placeholder(parameters.count))")
        }
        parameters.append(pk)
        let table = dialect.quote(meta.schema.table)
        let pkColumn = dialect.quote(meta.schema.primaryKey.column)
        let changed = assignments.isEmpty
            ? try connection.query("SELECT 1 FROM \(table) WHERE \(pkColumn) = \(dialect.placeholder(1))", [pk]).count
            : try connection.execute("UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE \(pkColumn) = \(dialect.placeholder(parameters.count))", parameters).changes
        if changed == 0 { try insert(into: connection, stampAutoFields: false) }
    }

    mutating func insert(into connection: Connection, stampAutoFields: Bool = true) throws {
        let meta = Self.meta
        if stampAutoFields {
            let now = Date()
            for field in meta.fields where field.info.autoNow || field.info.autoNowAdd {
                try field.write(&self, now.sqlValue)
            }
        }
        let dialect = connection.dialect
        var columns: [String] = []
        var parameters: [SQLValue] = []
        for field in meta.fields {
            let value = field.read(self)
            if field.info.kind.isAuto && value.isNull { continue }
            columns.append(dialect.quote(field.info.column))
            parameters.append(value)
        }
        let table = dialect.quote(meta.schema.table)
        let returning = " RETURNING " + dialect.quote(meta.schema.primaryKey.column)
        let sql = columns.isEmpty
            ? "INSERT INTO \(table) DEFAULT VALUES" + returning
            : "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(parameters.indices.map { dialect.placeholder($0 + 1) }.joined(separator: ", ")))" + returning
        let result = try connection.execute(sql, parameters)
        if let key = result.rows.first?[0] {
            try meta.fields[meta.primaryKeyPosition].write(&self, key)
        }
        meta.bindRelated(&self)
    }
}
