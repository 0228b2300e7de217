/// Writes through a query set (Django's `create`, `get_or_create`, `update_or_create`,
/// `bulk_create`, `update`, `delete`).
extension QuerySet {
    /// Inserts the object and returns it with its primary key.
    @discardableResult
    public func create(_ object: M) throws -> M {
        var object = object
        try object.insert(into: connection())
        return object
    }

    /// Inserts a new object set up by `configure` (`create { $0.questionText = "What's up?" }`).
    @discardableResult
    public func create(_ configure: (inout M) throws -> Void) throws -> M {
        var object = M()
        try configure(&object)
        return try create(object)
    }

    /// Inserts the objects in one transaction and returns them with their primary keys.
    @discardableResult
    public func bulkCreate(_ objects: [M]) throws -> [M] {
        let connection = try connection()
        return try connection.atomic {
            var saved = objects
            for index in saved.indices { try saved[index].insert(into: connection) }
            return saved
        }
    }

    /// The object matching the exact lookups, or a new one made from them and `defaults`
    /// (Django's `get_or_create`); `created` tells which.
    public func getOrCreate(_ lookups: KeyValuePairs<String, any Operand>,
                            defaults: KeyValuePairs<String, any Operand> = [:]) throws -> (object: M, created: Bool) {
        do {
            return (try filter(lookups).get(), false)
        } catch is DoesNotExist {
            let connection = try connection()
            do {
                return try connection.atomic {
                    var object = M()
                    try Self.assign(lookups.filter { !$0.key.contains("__") }, to: &object)
                    try Self.assign(Array(defaults), to: &object)
                    try object.insert(into: connection)
                    return (object, true)
                }
            } catch let error as IntegrityError {
                // Another writer created it first: take theirs.
                if let existing = try? filter(lookups).get() { return (existing, false) }
                throw error
            }
        }
    }

    /// The object matching the lookups updated with `defaults`, or a new one made from both
    /// (Django's `update_or_create`).
    public func updateOrCreate(_ lookups: KeyValuePairs<String, any Operand>,
                               defaults: KeyValuePairs<String, any Operand> = [:]) throws -> (object: M, created: Bool) {
        let connection = try connection()
        return try connection.atomic {
            let (found, created) = try getOrCreate(lookups, defaults: defaults)
            if created { return (found, true) }
            var object = found
            try Self.assign(Array(defaults), to: &object)
            try object.save(to: connection)
            return (object, false)
        }
    }

    static func assign(_ values: [(key: String, value: any Operand)], to object: inout M) throws {
        for (name, value) in values {
            guard let field = M.meta.field(name) else {
                throw FieldError("Invalid field name '\(name)' for model \(M.self). Choices are: \(M.meta.schema.fields.map(\.name).joined(separator: ", "))")
            }
            guard case .value(let sqlValue) = try value.operand() else {
                throw QueryUsageError("'\(name)' must be given a value, not an expression, list or range")
            }
            try field.write(&object, sqlValue)
        }
    }

    /// Sets fields on every matching row in one UPDATE, and returns how many rows matched
    /// (`update(["votes": F("votes") + 1])`). Does not run `save()` or set `autoNow` fields.
    @discardableResult
    public func update(_ values: KeyValuePairs<String, any Operand>) throws -> Int {
        if isSliced { throw QueryUsageError("Cannot update a query once a slice has been taken.") }
        if matchesNothing { return 0 }
        guard !values.isEmpty else { return 0 }
        let connection = try connection()
        let dialect = connection.dialect
        let schema = M.meta.schema
        var compiler = QueryCompiler(dialect: dialect, base: schema)
        var parameters: [SQLValue] = []
        var assignments: [String] = []
        for (name, value) in values {
            guard let field = schema.field(name) else {
                throw FieldError("Cannot resolve keyword '\(name)' into field. Choices are: \(schema.fields.map(\.name).joined(separator: ", "))")
            }
            let rhs: String
            switch try value.operand() {
            case .value(let sqlValue):
                parameters.append(sqlValue)
                rhs = dialect.placeholder(parameters.count)
            case .expression(let expression):
                rhs = try compiler.expression(expression, into: &parameters)
                guard compiler.joins.isEmpty else { throw FieldError("Joined field references are not permitted in this query") }
            default:
                throw QueryUsageError("update() takes a value or an F expression for '\(name)'")
            }
            assignments.append("\(dialect.quote(field.column)) = \(rhs)")
        }
        let condition = try whereClause(dialect, into: &parameters)
        let sql = "UPDATE \(dialect.quote(schema.table)) SET \(assignments.joined(separator: ", "))\(condition)"
        return try connection.execute(sql, parameters).changes
    }

    /// Deletes every matching row in one DELETE and returns how many rows the database changed:
    /// those deleted, rows removed by `.cascade` foreign keys, and rows whose `.setNull` reference
    /// was cleared. `.protect` references refuse it with `ProtectedError`.
    @discardableResult
    public func delete() throws -> Int {
        if isSliced { throw QueryUsageError("Cannot use 'limit' or 'offset' with delete().") }
        if isDistinct { throw QueryUsageError("Cannot call delete() after .distinct().") }
        if matchesNothing { return 0 }
        let connection = try connection()
        var parameters: [SQLValue] = []
        let condition = try whereClause(connection.dialect, into: &parameters)
        let sql = "DELETE FROM \(connection.dialect.quote(M.meta.schema.table))\(condition)"
        do {
            return try connection.execute(sql, parameters).changes
        } catch let error as IntegrityError where error.message.contains("FOREIGN KEY") {
            throw ProtectedError(message: "Cannot delete some instances of model '\(M.self)' because they are referenced through restricted or protected foreign keys.", sql: error.sql)
        }
    }

    /// ` WHERE ...` for UPDATE/DELETE: the filters directly when they need no join, else
    /// `pk IN (SELECT pk ...)`.
    private func whereClause(_ dialect: any SQLDialect, into parameters: inout [SQLValue]) throws -> String {
        guard !filters.isEmpty else { return "" }
        var compiler = QueryCompiler(dialect: dialect, base: M.meta.schema)
        var local = parameters
        var parts: [String] = []
        if annotations.isEmpty {
            for (index, filter) in filters.enumerated() {
                compiler.generation = index + 1
                parts.append(try compiler.compile(filter, into: &local).sql)
            }
            if compiler.joins.isEmpty {
                parameters = local
                return " WHERE " + parts.joined(separator: " AND ")
            }
        }
        var inner = self
        inner.ordering = []
        let select = try inner.compileSelect(dialect, mode: .primaryKeys, after: parameters)
        parameters = select.parameters
        let pk = dialect.quote(M.meta.schema.primaryKey.column)
        return " WHERE \(pk) IN (\(select.sql))"
    }
}
