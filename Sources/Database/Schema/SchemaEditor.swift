/// Data definition in a dialect: tables, columns, indexes for model schemas (Django's
/// `BaseDatabaseSchemaEditor`). Default implementations follow Django's SQLite DDL; a dialect
/// may override any of them.
extension SQLDialect {
    /// A constant as an SQL literal (DDL cannot take parameters): quotes doubled in text.
    public func literal(_ value: SQLValue) -> String { value.description }

    /// A column's definition in CREATE TABLE / ADD COLUMN.
    public func columnDefinition(_ field: FieldInfo) -> String {
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
        if case .foreignKey(let target, let onDelete) = field.kind {
            let schema = target.schema
            parts.append("REFERENCES \(quote(schema.table)) (\(quote(schema.primaryKey.column))) ON DELETE \(onDelete.rawValue) DEFERRABLE INITIALLY DEFERRED")
        }
        return parts.joined(separator: " ")
    }

    /// CREATE TABLE plus the indexes: on foreign keys and `dbIndex` fields, and `Meta.indexes`.
    public func createTable(_ schema: TableSchema) -> [String] {
        var columns = schema.fields.map(columnDefinition)
        for constraint in schema.constraints {
            let names = constraint.fields.compactMap { schema.field($0)?.column }.map(quote)
            columns.append("CONSTRAINT \(quote(constraint.name)) UNIQUE (\(names.joined(separator: ", ")))")
        }
        var statements = ["CREATE TABLE \(quote(schema.table)) (\(columns.joined(separator: ", ")))"]
        for field in schema.fields where (field.isRelation || field.dbIndex) && !field.unique {
            statements.append(createIndex(schema, Index(fields: [field.name], name: indexName(schema.table, [field.column]))))
        }
        for index in schema.indexes { statements.append(createIndex(schema, index)) }
        return statements
    }

    public func createIndex(_ schema: TableSchema, _ index: Index) -> String {
        let columns = index.fields.map { name -> String in
            let descending = name.hasPrefix("-")
            let field = String(descending ? name.dropFirst() : name[...])
            return quote(schema.field(field)?.column ?? field) + (descending ? " DESC" : "")
        }
        return "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(quote(index.name)) ON \(quote(schema.table)) (\(columns.joined(separator: ", ")))"
    }

    /// Django-style index names: table and columns, then a short stable hash.
    public func indexName(_ table: String, _ columns: [String]) -> String {
        var hash: UInt32 = 2166136261
        for byte in (table + "." + columns.joined(separator: ".")).utf8 { hash = (hash ^ UInt32(byte)) &* 16777619 }
        let hex = String(hash, radix: 16)
        return "\(table)_\(columns.joined(separator: "_"))_\(String(repeating: "0", count: 8 - hex.count) + hex)"
    }
}

/// Creates and drops model tables on a connection (Django's schema editor), running each
/// statement through the connection so the query log sees it.
public struct SchemaEditor {
    public let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    /// The current registry's connection for an alias.
    public init(using alias: String = "default") throws {
        connection = try ConnectionHandler.current.connection(alias)
    }

    /// CREATE TABLE (and its indexes) for a model.
    public func createModel<M: Model>(_ model: M.Type) throws { try createModel(M.meta.schema) }

    public func createModel(_ schema: TableSchema) throws {
        try connection.atomic {
            for statement in connection.dialect.createTable(schema) { try connection.execute(statement) }
        }
    }

    /// DROP TABLE for a model.
    public func deleteModel(_ schema: TableSchema) throws {
        try connection.execute("DROP TABLE \(connection.dialect.quote(schema.table))")
    }

    /// The tables that exist (Django's `connection.introspection.table_names()`).
    public func tableNames() throws -> [String] {
        try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .map { try String(sqlValue: $0[0]) }
    }
}
