/// Turns names into SQL for one statement: resolves field paths against the model's schema
/// (`question__pub_date` → a JOIN and a quoted column), keeps the joins, and refuses any name that
/// is not a field, relation, lookup or annotation. Only schema-declared identifiers ever reach the
/// SQL text; every value is a bound parameter.
struct QueryCompiler {
    let dialect: any SQLDialect
    let base: TableSchema
    let baseAlias: String
    private(set) var joins: [String] = []
    private var joinAliases: [String: String] = [:]
    private var usedAliases: Set<String>
    /// Annotation names and their aggregate SQL.
    var annotations: [String: String] = [:]
    /// Which filter() call is compiling: each gets its own joins along reverse (multi-valued)
    /// relations, as in Django, so `filter(choice__votes=3).filter(choice__votes=5)` may match two
    /// different choices.
    var generation = 0
    /// Whether a reverse (multi-valued) relation was joined.
    private(set) var joinedMultiValued = false
    /// Where each parameter bound so far came from (the filter leaf, in visiting order, and how
    /// its value was shaped), so the SQL can be reused for other values; nil once something was
    /// compiled whose SQL depends on more of a value than its nullness.
    var parameterSources: [ParameterSource]? = []
    /// How many lookups (filter leaves) were compiled.
    private(set) var leafCount = 0

    init(dialect: any SQLDialect, base: TableSchema) {
        self.dialect = dialect
        self.base = base
        baseAlias = base.table
        usedAliases = [base.table]
    }

    /// Where a path leads: the column expression, the field (nil for an annotation), the parts left
    /// over (transforms and the lookup), whether the value may be NULL through the way it was
    /// reached, and whether it is an aggregate (filters on it go to HAVING).
    struct Target {
        var column: String
        var field: FieldInfo?
        var rest: [String]
        var nullable: Bool
        var aggregate: Bool
    }

    func column(_ alias: String, _ column: String) -> String { dialect.quote(alias) + "." + dialect.quote(column) }

    var from: String { ([dialect.quote(base.table)] + joins).joined(separator: " ") }

    private func isLookupOrTransform(_ name: String) -> Bool {
        Lookup(rawValue: name) != nil || DatePart(rawValue: name) != nil
    }

    /// Resolves `parts` from the base model, joining along foreign keys (forward: INNER, or LEFT
    /// OUTER when nullable; reverse: LEFT OUTER).
    mutating func resolve(_ parts: [String]) throws -> Target {
        guard let first = parts.first, !first.isEmpty else { throw FieldError("Cannot resolve an empty field name.") }
        if let annotation = annotations[first] {
            return Target(column: annotation, field: nil, rest: Array(parts.dropFirst()), nullable: false, aggregate: true)
        }
        var schema = base
        var alias = baseAlias
        var nullable = false
        var index = 0
        var path = ""
        var multiValued = false
        while index < parts.count {
            let name = parts[index]
            path += (path.isEmpty ? "" : "__") + name
            let key = multiValued ? "\(generation):\(path)" : path
            if let field = schema.field(name) {
                if let related = field.related, index + 1 < parts.count {
                    let next = parts[index + 1]
                    let target = related.schema
                    if target.field(next) != nil || target.reverseRelation(next) != nil || !isLookupOrTransform(next) {
                        nullable = nullable || field.null
                        alias = join(key, from: column(alias, field.column), to: target,
                                     on: target.primaryKey.column, outer: nullable)
                        schema = target
                        index += 1
                        continue
                    }
                }
                return Target(column: column(alias, field.column), field: field, rest: Array(parts[(index + 1)...]),
                              nullable: nullable || field.null, aggregate: false)
            }
            if let reverse = schema.reverseRelation(name) {
                let target = reverse.related.schema
                multiValued = true
                joinedMultiValued = true
                alias = join("\(generation):\(path)", from: column(alias, schema.primaryKey.column), to: target,
                             on: reverse.field.column, outer: true)
                nullable = true
                schema = target
                index += 1
                if index == parts.count || (isLookupOrTransform(parts[index]) && target.field(parts[index]) == nil) {
                    return Target(column: column(alias, target.primaryKey.column), field: target.primaryKey,
                                  rest: Array(parts[index...]), nullable: true, aggregate: false)
                }
                continue
            }
            var choices = schema.choiceNames
            if schema === base { choices += annotations.keys }
            throw FieldError("Cannot resolve keyword '\(name)' into field. Choices are: \(choices.sorted().joined(separator: ", "))")
        }
        throw FieldError("Cannot resolve '\(parts.joined(separator: "__"))' into a field.")
    }

    /// A path that must end on a field (order_by, values, aggregates): no lookups left over.
    mutating func resolveField(_ path: String) throws -> Target {
        let parts = lookupParts(path)
        let target = try resolve(parts)
        guard target.rest.isEmpty else {
            throw FieldError("Cannot resolve keyword '\(target.rest[0])' into field. Join on '\(parts.dropLast(target.rest.count).joined(separator: "__"))' not permitted.")
        }
        return target
    }

    /// Joins the path's table once (later uses reuse the join) and returns its alias.
    private mutating func join(_ path: String, from left: String, to table: TableSchema, on rightColumn: String,
                               outer: Bool) -> String {
        if let alias = joinAliases[path] { return alias }
        var alias = table.table
        if usedAliases.contains(alias) { alias = "T\(usedAliases.count + 1)" }
        usedAliases.insert(alias)
        joinAliases[path] = alias
        let kind = outer ? "LEFT OUTER JOIN" : "INNER JOIN"
        let aliasClause = alias == table.table ? "" : " " + dialect.quote(alias)
        joins.append("\(kind) \(dialect.quote(table.table))\(aliasClause) ON (\(left) = \(column(alias, rightColumn)))")
        return alias
    }

    /// The SQL for a condition tree; `aggregate` tells whether it refers to an annotation.
    mutating func compile(_ node: Q.Node, negated: Bool = false,
                          into parameters: inout [SQLValue]) throws -> (sql: String, aggregate: Bool) {
        switch node {
        case .lookup(let path, let value):
            let leaf = leafCount
            leafCount += 1
            return try compileLookup(path, value, leaf: leaf, negated: negated, into: &parameters)
        case .and(let children), .or(let children):
            var isAnd = true
            if case .or = node { isAnd = false }
            guard !children.isEmpty else { return (isAnd ? "1 = 1" : "0 = 1", false) }
            var parts: [String] = []
            var aggregate = false
            for child in children {
                let compiled = try compile(child, negated: negated, into: &parameters)
                parts.append(compiled.sql)
                aggregate = aggregate || compiled.aggregate
            }
            if parts.count == 1 { return (parts[0], aggregate) }
            return ("(" + parts.joined(separator: isAnd ? " AND " : " OR ") + ")", aggregate)
        case .not(let child):
            // Excluding across a multi-valued relation excludes the objects having any matching
            // related row (Django's subquery), not just the matching joined rows.
            parameterSources = nil
            var probe = QueryCompiler(dialect: dialect, base: base)
            probe.annotations = annotations
            var scratch: [SQLValue] = []
            let probed = try probe.compile(child, into: &scratch)
            if probe.joinedMultiValued && !probed.aggregate {
                var inner = QueryCompiler(dialect: dialect, base: base)
                let compiled = try inner.compile(child, into: &parameters)
                let pk = base.primaryKey.column
                return ("\(column(baseAlias, pk)) NOT IN (SELECT \(inner.column(inner.baseAlias, pk)) FROM \(inner.from) WHERE \(compiled.sql))", false)
            }
            let compiled = try compile(child, negated: !negated, into: &parameters)
            return ("NOT (\(compiled.sql))", compiled.aggregate)
        }
    }

    /// The ORDER BY terms for names such as `-pub_date`, `question__question_text`, `?`.
    mutating func ordering(_ names: [String], reversed: Bool = false) throws -> [String] {
        var terms: [String] = []
        for name in names {
            if name == "?" { terms.append(dialect.randomFunction); continue }
            var descending = name.hasPrefix("-")
            let path = descending || name.hasPrefix("+") ? String(name.dropFirst()) : name
            let target = try resolveField(path)
            if reversed { descending.toggle() }
            terms.append(target.column + (descending ? " DESC" : " ASC"))
        }
        return terms
    }

    /// Registers an annotation (or compiles an aggregate) and returns its SQL.
    mutating func aggregateSQL(_ aggregate: any Aggregate) throws -> String {
        // The function name is spliced into SQL: only a plain upper-case name is accepted.
        guard !aggregate.function.isEmpty, aggregate.function.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || $0 == 95 }) else {
            throw FieldError("'\(aggregate.function)' is not an aggregate function name")
        }
        if aggregate.path == "*" {
            guard aggregate.function == "COUNT" else { throw FieldError("Only Count may take '*'.") }
            return "COUNT(*)"
        }
        let target = try resolveField(aggregate.path)
        guard !target.aggregate else { throw FieldError("Cannot compute \(aggregate.function.capitalized)('\(aggregate.path)'): '\(aggregate.path)' is an aggregate") }
        return "\(aggregate.function)(\(aggregate.distinct ? "DISTINCT " : "")\(target.column))"
    }
}

/// Annotation and aggregate names become SQL aliases, so they must be plain identifiers (Django
/// refuses quotes, semicolons, whitespace and comments in them for the same reason).
func validateAlias(_ name: String, against schema: TableSchema) throws {
    let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
        && !("0"..."9").contains(name.unicodeScalars.first!) && !name.contains("__")
    guard valid else {
        throw QueryUsageError("Column aliases cannot contain whitespace characters, quotation marks, semicolons, or SQL comments, and must be identifiers: '\(name)'")
    }
    if schema.field(name) != nil || schema.reverseRelation(name) != nil {
        throw QueryUsageError("The annotation '\(name)' conflicts with a field on the model.")
    }
}
