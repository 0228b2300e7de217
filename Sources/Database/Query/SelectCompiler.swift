/// What a SELECT is for: model objects, named values, a count, an existence check, aggregates,
/// or the primary keys (for UPDATE/DELETE over joins).
enum SelectMode {
    case models
    case values([String])
    case count
    case exists
    case aggregate([(String, any Aggregate)])
    case primaryKeys
}

/// A select-related foreign key of the queried model: where its columns start, its own selected
/// relations, and how to attach what it decodes.
struct RelatedColumns<M: Model>: Sendable {
    let selection: RelatedSelection
    let attach: @Sendable (inout M, [SQLValue], Int, [RelatedSelection]) throws -> Void
}

/// The select-related foreign keys of a compiled model query, kept with their model's type
/// erased: a compiled SELECT is then no generic type, which code not specialised for the model
/// would look up at run time to copy or destroy.
final class RelatedPlan: Sendable {
    private let columns: any Sendable
    init<M: Model>(_ columns: [RelatedColumns<M>]) { self.columns = columns }
    /// The columns, for the model they were compiled for.
    func columns<M: Model>(for model: M.Type) -> [RelatedColumns<M>] { columns as! [RelatedColumns<M>] }
}

/// A compiled SELECT: SQL with placeholders, its parameters in order, and for model queries where
/// each select-related object's columns start (nil when none are selected).
struct CompiledSelect {
    var sql: String
    var parameters: [SQLValue]
    var related: RelatedPlan?

    init(sql: String, parameters: [SQLValue], related: RelatedPlan? = nil) {
        self.sql = sql
        self.parameters = parameters
        self.related = related
    }
}

extension QuerySet {
    /// The SELECT for this query set in a mode. Compiles joins, WHERE, GROUP BY, HAVING,
    /// ORDER BY, LIMIT/OFFSET; names are resolved (or refused) against the schema.
    func compileSelect(_ dialect: any SQLDialect, mode: SelectMode,
                       after initialParameters: [SQLValue] = []) throws -> CompiledSelect {
        var sources: [ParameterSource]?
        return try compileSelect(dialect, mode: mode, after: initialParameters, sources: &sources)
    }

    /// As above, also telling where each parameter came from (nil when the SQL cannot be reused
    /// for other values: see `QueryCompiler.parameterSources`).
    func compileSelect(_ dialect: any SQLDialect, mode: SelectMode, after initialParameters: [SQLValue] = [],
                       sources: inout [ParameterSource]?) throws -> CompiledSelect {
        if let invalidSlice { throw QueryUsageError(invalidSlice) }
        let schema = M.meta.schema
        var compiler = QueryCompiler(dialect: dialect, base: schema)
        // Annotations first, so filters and ordering can name them.
        var annotationColumns: [(String, String)] = []
        for annotation in annotations {
            try validateAlias(annotation.name, against: schema)
            let sql = try compiler.aggregateSQL(annotation.aggregate)
            compiler.annotations[annotation.name] = sql
            annotationColumns.append((annotation.name, sql))
        }
        // One running parameter list in the order the placeholders appear: WHERE, then HAVING.
        var parameters = initialParameters
        var whereParts: [String] = []
        var havingFilters: [(Int, Q.Node)] = []
        // (A closure, not a key path: in this generic context a key path is built on every call.)
        let annotationNames = Set(annotations.map { $0.name })
        for (index, filter) in filters.enumerated() {
            if !annotationNames.isEmpty && filter.refersTo(annotationNames) { havingFilters.append((index, filter)); continue }
            compiler.generation = index + 1
            whereParts.append(try compiler.compile(filter, into: &parameters).sql)
        }
        var havingParts: [String] = []
        for (index, filter) in havingFilters {
            compiler.generation = index + 1
            havingParts.append(try compiler.compile(filter, into: &parameters).sql)
        }
        compiler.generation = 0
        sources = initialParameters.isEmpty && havingFilters.isEmpty ? compiler.parameterSources : nil
        if matchesNothing { whereParts.append("0 = 1") }

        var columns: [String] = []
        var groupBy: [String] = []
        var relatedColumns: [RelatedColumns<M>] = []
        var ordered = false
        var aggregateSelect = false
        switch mode {
        case .models:
            columns = schema.fields.map { compiler.column(compiler.baseAlias, $0.column) }
            let paths = related.map { $0.split(separator: "__", omittingEmptySubsequences: false).map(String.init) }
            for selection in try selectRelated(schema, prefix: "", paths: paths, compiler: &compiler, columns: &columns) {
                guard let attach = M.meta.field(selection.name)?.attachRelated else { continue }
                relatedColumns.append(RelatedColumns(selection: selection, attach: attach))
            }
            if !annotationColumns.isEmpty { groupBy = columns }
            columns += annotationColumns.map { "\($0.1) AS \(dialect.quote($0.0))" }
            ordered = true
        case .values(let names):
            let wanted = names.isEmpty ? schema.fields.map { $0.column } + annotations.map { $0.name } : names
            for name in wanted {
                let target = try compiler.resolveField(name)
                columns.append("\(target.column) AS \(dialect.quote(name))")
                if !target.aggregate { groupBy.append(target.column) }
            }
            if annotationColumns.isEmpty { groupBy = [] }
            ordered = true
        case .count, .exists:
            columns = mode.isCount ? ["COUNT(*)"] : ["1"]
        case .aggregate(let aggregates):
            for (name, aggregate) in aggregates {
                try validateAlias(name, against: schema)
                columns.append("\(try compiler.aggregateSQL(aggregate)) AS \(dialect.quote(name))")
            }
            aggregateSelect = true
        case .primaryKeys:
            columns = [compiler.column(compiler.baseAlias, schema.primaryKey.column)]
        }
        if !annotationColumns.isEmpty && groupBy.isEmpty, case .values = mode {
            // values() naming only annotations: one group.
        } else if !annotationColumns.isEmpty && groupBy.isEmpty && !aggregateSelect {
            groupBy = [compiler.column(compiler.baseAlias, schema.primaryKey.column)]
        }
        var orderTerms: [String] = []
        if ordered { orderTerms = try compiler.ordering(effectiveOrdering) }

        var sql = "SELECT " + (isDistinct && ordered ? "DISTINCT " : "") + columns.joined(separator: ", ")
        sql += " FROM " + compiler.from
        if !whereParts.isEmpty { sql += " WHERE " + whereParts.joined(separator: " AND ") }
        if !groupBy.isEmpty { sql += " GROUP BY " + groupBy.joined(separator: ", ") }
        if !havingParts.isEmpty { sql += " HAVING " + havingParts.joined(separator: " AND ") }
        if !orderTerms.isEmpty { sql += " ORDER BY " + orderTerms.joined(separator: ", ") }
        if case .exists = mode {
            sql += " LIMIT \(high.map { $0 > low ? 1 : 0 } ?? 1)" + (low > 0 ? " OFFSET \(low)" : "")
        } else if isSliced {
            sql += " LIMIT \(high.map { $0 - low } ?? -1)"
            if low > 0 { sql += " OFFSET \(low)" }
        }
        // A count over DISTINCT, groups or a slice counts the rows of the query as a subquery.
        if case .count = mode, isDistinct || isSliced || !annotationColumns.isEmpty || !havingParts.isEmpty {
            var inner = self
            inner.ordering = []
            let subquery = try inner.compileSelect(dialect, mode: isDistinct ? .values([]) : .primaryKeys, after: initialParameters)
            sql = "SELECT COUNT(*) FROM (\(subquery.sql)) subquery"
            parameters = subquery.parameters
            sources = nil
        }
        return CompiledSelect(sql: sql, parameters: parameters, related: relatedColumns.isEmpty ? nil : RelatedPlan(relatedColumns))
    }
}

extension QuerySet {
    /// The select_related plan for paths below a model: each named foreign key joined (LEFT OUTER
    /// when nullable), its target's columns added, then its own paths.
    fileprivate func selectRelated(_ schema: TableSchema, prefix: String, paths: [[String]],
                                   compiler: inout QueryCompiler, columns: inout [String]) throws -> [RelatedSelection] {
        var names: [String] = []
        for path in paths where !path.isEmpty && !names.contains(path[0]) { names.append(path[0]) }
        var selections: [RelatedSelection] = []
        for name in names {
            guard let field = schema.field(name), name != "pk", let target = field.related?.schema else {
                let choices = schema.fields.filter(\.isRelation).map(\.name).joined(separator: ", ")
                throw FieldError("Invalid field name(s) given in select_related: '\(prefix + name)'. Choices are: \(choices)")
            }
            let pk = try compiler.resolveField(prefix + name + "__" + target.primaryKey.name)
            let alias = String(pk.column.prefix { $0 != "." })
            let start = columns.count
            columns += target.fields.map { alias + "." + compiler.dialect.quote($0.column) }
            let below = paths.filter { $0.first == name && $0.count > 1 }.map { Array($0.dropFirst()) }
            let nested = try selectRelated(target, prefix: prefix + name + "__", paths: below, compiler: &compiler, columns: &columns)
            selections.append(RelatedSelection(name: name, start: start, nested: nested))
        }
        return selections
    }
}

extension SelectMode {
    var isCount: Bool { if case .count = self { return true } else { return false } }
}
