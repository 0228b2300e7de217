/// A model's table as migrations track it: name, table, fields, indexes and constraints, with
/// foreign keys naming their target model (Django's `ModelState`).
public struct ModelState: Sendable, Hashable {
    public var name: String
    public var table: String
    public var fields: [FieldInfo]
    public var indexes: [Index]
    public var constraints: [UniqueConstraint]

    public init(name: String, table: String, fields: [FieldInfo], indexes: [Index] = [], constraints: [UniqueConstraint] = []) {
        self.name = name
        self.table = table
        self.fields = fields
        self.indexes = indexes
        self.constraints = constraints
    }

    public init(_ schema: TableSchema) {
        self.init(name: schema.modelName, table: schema.table, fields: schema.fields, indexes: schema.indexes,
                  constraints: schema.constraints)
    }

    /// The current state of a model type.
    public init<M: Model>(_ model: M.Type) { self.init(M.meta.schema) }

    public func field(_ name: String) -> FieldInfo? { fields.first { $0.name == name } }
    public var primaryKey: FieldInfo? { fields.first { $0.primaryKey } }
}

/// Where a foreign key's target lives: its table and primary-key column.
public typealias ReferenceResolver = (String) -> (table: String, column: String)?

/// Data definition in a dialect: tables, columns, indexes (Django's `BaseDatabaseSchemaEditor`
/// SQL). Defaults follow Django's SQLite DDL; a dialect may override any of them.
extension SQLDialect {
    /// A constant as an SQL literal (DDL cannot take parameters): quotes doubled in text.
    public func literal(_ value: SQLValue) -> String { value.description }

    /// A column's definition in CREATE TABLE.
    public func columnDefinition(_ field: FieldInfo, references: ReferenceResolver) -> String {
        var parts = [quote(field.column), columnType(field)]
        parts.append(field.null ? "NULL" : "NOT NULL")
        if field.primaryKey {
            parts.append(field.kind.isAuto ? "PRIMARY KEY AUTOINCREMENT" : "PRIMARY KEY")
        } else if field.unique {
            parts.append("UNIQUE")
        }
        if let value = field.defaultValue { parts.append("DEFAULT " + literal(value)) }
        if field.kind == .json {
            parts.append("CHECK ((JSON_VALID(\(quote(field.column))) OR \(quote(field.column)) IS NULL))")
        }
        if case .foreignKey(let target, let onDelete) = field.kind, let (table, column) = references(target.name) {
            parts.append("REFERENCES \(quote(table)) (\(quote(column))) ON DELETE \(onDelete.rawValue) DEFERRABLE INITIALLY DEFERRED")
        }
        return parts.joined(separator: " ")
    }

    /// CREATE TABLE (under `tableName`, the model's table unless given), and separately the
    /// indexes: on foreign keys and `dbIndex` fields, and `Meta.indexes`.
    public func createTable(_ model: ModelState, named tableName: String? = nil,
                            references: ReferenceResolver) -> (table: String, indexes: [String]) {
        var columns = model.fields.map { columnDefinition($0, references: references) }
        for constraint in model.constraints {
            let names = constraint.fields.compactMap { model.field($0)?.column }.map(quote)
            columns.append("CONSTRAINT \(quote(constraint.name)) UNIQUE (\(names.joined(separator: ", ")))")
        }
        let table = "CREATE TABLE \(quote(tableName ?? model.table)) (\(columns.joined(separator: ", ")))"
        var indexes: [String] = []
        for field in model.fields where (field.isRelation || field.dbIndex) && !field.unique {
            indexes.append(createIndex(model, Index(fields: [field.name], name: indexName(model.table, [field.column]))))
        }
        for index in model.indexes { indexes.append(createIndex(model, index)) }
        return (table, indexes)
    }

    public func createIndex(_ model: ModelState, _ index: Index) -> String {
        let columns = index.fields.map { name -> String in
            let descending = name.hasPrefix("-")
            let field = String(descending ? name.dropFirst() : name[...])
            return quote(model.field(field)?.column ?? field) + (descending ? " DESC" : "")
        }
        return "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(quote(index.name)) ON \(quote(model.table)) (\(columns.joined(separator: ", ")))"
    }

    /// Django-style index names: table and columns, then a short stable hash.
    public func indexName(_ table: String, _ columns: [String]) -> String {
        var hash: UInt32 = 2166136261
        for byte in (table + "." + columns.joined(separator: ".")).utf8 { hash = (hash ^ UInt32(byte)) &* 16777619 }
        let hex = String(hash, radix: 16)
        return "\(table)_\(columns.joined(separator: "_"))_\(String(repeating: "0", count: 8 - hex.count) + hex)"
    }
}

/// Creates, alters and drops tables on a connection (Django's schema editor), each statement run
/// through the connection so the query log sees it.
public struct SchemaEditor {
    public let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    /// The current registry's connection for an alias.
    public init(using alias: String = "default") throws {
        connection = try ConnectionHandler.current.connection(alias)
    }

    var dialect: any SQLDialect { connection.dialect }

    /// CREATE TABLE (and its indexes) for a model type, as it is declared now.
    public func createModel<M: Model>(_ model: M.Type) throws {
        try createModel(ModelState(M.meta.schema)) { name in
            guard let field = M.meta.schema.fields.first(where: { $0.related?.name == name }),
                  let target = field.related?.schema else { return nil }
            return (target.table, target.primaryKey.column)
        }
    }

    /// CREATE TABLE (and its indexes) for a model state, foreign keys resolved by `references`.
    public func createModel(_ model: ModelState, references: ReferenceResolver) throws {
        let sql = dialect.createTable(model, references: references)
        try connection.atomic {
            try connection.execute(sql.table)
            for statement in sql.indexes { try connection.execute(statement) }
        }
    }

    /// DROP TABLE.
    public func deleteModel(_ model: ModelState) throws {
        try connection.execute("DROP TABLE \(dialect.quote(model.table))")
    }

    public func addIndex(_ model: ModelState, _ index: Index) throws {
        try connection.execute(dialect.createIndex(model, index))
    }

    public func removeIndex(_ index: Index) throws {
        try connection.execute("DROP INDEX \(dialect.quote(index.name))")
    }

    /// Rebuilds a table in a new shape, as Django's SQLite schema editor does for any column
    /// change: create `new__<table>`, copy the columns both shapes have (a new column gets its
    /// default, or NULL), drop the old table, rename, recreate the indexes. Run with foreign-key
    /// enforcement off (the migrator does), or dropping the old table would cascade.
    public func remakeTable(from old: ModelState, to new: ModelState, references: ReferenceResolver) throws {
        let temporary = "new__" + new.table
        let sql = dialect.createTable(new, named: temporary, references: references)
        var targets: [String] = []
        var sources: [String] = []
        for field in new.fields {
            targets.append(dialect.quote(field.column))
            if let previous = old.fields.first(where: { $0.name == field.name }) {
                sources.append(dialect.quote(previous.column))
            } else {
                sources.append(field.defaultValue.map(dialect.literal) ?? "NULL")
            }
        }
        try connection.execute(sql.table)
        try connection.execute("INSERT INTO \(dialect.quote(temporary)) (\(targets.joined(separator: ", "))) SELECT \(sources.joined(separator: ", ")) FROM \(dialect.quote(old.table))")
        try connection.execute("DROP TABLE \(dialect.quote(old.table))")
        try connection.execute("ALTER TABLE \(dialect.quote(temporary)) RENAME TO \(dialect.quote(new.table))")
        for statement in sql.indexes { try connection.execute(statement) }
    }

    /// The tables that exist (Django's `connection.introspection.table_names()`).
    public func tableNames() throws -> [String] {
        try connection.query(dialect.tableNamesQuery).map { try String(sqlValue: $0[0]) }
    }
}
