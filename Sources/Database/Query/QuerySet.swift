/// An aggregate added per row under a name (`annotate`). Not nested in the generic `QuerySet`:
/// code not specialised for the model would look up its metadata at run time on every use.
struct QueryAnnotation: Sendable {
    let name: String
    let aggregate: any Aggregate
}

/// A query set's loaded rows, of whatever model (see `QuerySet.loadedResults`).
final class LoadedResults: Sendable {
    let objects: any Sendable
    init(_ objects: any Sendable) { self.objects = objects }
}

/// A lazy, chainable query over a model's table (Django's `QuerySet`). Building one runs nothing;
/// `fetch()`, `get()`, `count()`, `first()`... run one statement on the current registry's
/// connection for its alias. Every method returns a new value; the original is unchanged.
public struct QuerySet<M: Model>: Sendable {
    typealias Annotation = QueryAnnotation

    var filters: [Q.Node] = []
    var ordering: [String]?
    var low = 0
    var high: Int?
    var isDistinct = false
    var related: [String] = []
    var prefetch: [String] = []
    var annotations: [Annotation] = []
    var alias = "default"
    var handler: ConnectionHandler?
    var matchesNothing = false
    var invalidSlice: String?
    /// Rows already loaded (a prefetched relation's), kept type-erased: with no stored property
    /// whose type depends on the model, copying a query set (every chained call does) needs no
    /// run-time metadata in code not specialised for the model.
    var loadedResults: LoadedResults?
    var resultCache: [M]? {
        get { loadedResults.map { $0.objects as! [M] } }
        set { loadedResults = newValue.map(LoadedResults.init) }
    }

    public init() {}

    // MARK: chaining

    // Chained calls take the query set they are called on (`consuming`), change it and hand it
    // on with `return consume self`: in code not specialised for the model, a query set is copied
    // field by field (and the original released) wherever it is not moved like this.

    /// A copy without cached results (Django's `all()`).
    public consuming func all() -> QuerySet { loadedResults = nil; return consume self }

    /// A query set that matches nothing and runs no query (Django's `none()`).
    public consuming func none() -> QuerySet { loadedResults = nil; matchesNothing = true; return consume self }

    consuming func dropCache() -> QuerySet { loadedResults = nil; return consume self }

    /// Rows matching a lookup: `filter("pub_date__year", 2026)`.
    public consuming func filter(_ lookup: String, _ value: any Operand) -> QuerySet {
        loadedResults = nil
        filters.append(.lookup(lookup, value))
        return consume self
    }
    /// Rows matching all the lookups.
    public consuming func filter(_ lookups: KeyValuePairs<String, any Operand>) -> QuerySet {
        loadedResults = nil
        filters.append(Q(lookups).node)
        return consume self
    }
    /// Rows matching a `Q` condition.
    public consuming func filter(_ condition: Q) -> QuerySet {
        loadedResults = nil
        filters.append(condition.node)
        return consume self
    }

    /// Rows not matching a lookup (rows where the field is NULL are kept, as in Django).
    public consuming func exclude(_ lookup: String, _ value: any Operand) -> QuerySet { (consume self).exclude(Q(lookup, value)) }
    public consuming func exclude(_ lookups: KeyValuePairs<String, any Operand>) -> QuerySet { (consume self).exclude(Q(lookups)) }
    public consuming func exclude(_ condition: Q) -> QuerySet { (consume self).filter(~condition) }

    /// Orders by fields (`-` for descending, `__` across relations, `?` for random); no names
    /// clears the ordering, default included.
    public consuming func orderBy(_ names: String...) -> QuerySet {
        loadedResults = nil
        ordering = names
        return consume self
    }
    public consuming func orderBy(_ names: [String]) -> QuerySet {
        loadedResults = nil
        ordering = names
        return consume self
    }

    /// The ordering reversed (Django's `reverse()`).
    public consuming func reversed() -> QuerySet {
        loadedResults = nil
        ordering = effectiveOrdering.map { $0.hasPrefix("-") ? String($0.dropFirst()) : $0 == "?" ? $0 : "-" + $0 }
        return consume self
    }

    var effectiveOrdering: [String] { ordering ?? M.meta.schema.ordering }

    /// Only distinct rows (`SELECT DISTINCT`).
    public consuming func distinct() -> QuerySet { loadedResults = nil; isDistinct = true; return consume self }

    /// Loads the named foreign keys' objects in the same query, by JOIN (`choice.question.object`).
    public consuming func selectRelated(_ names: String...) -> QuerySet {
        loadedResults = nil
        related += names
        return consume self
    }

    /// Loads reverse relations (`choice_set`) in one extra query each, into the objects' `RelatedSet`s.
    public consuming func prefetchRelated(_ names: String...) -> QuerySet {
        loadedResults = nil
        prefetch += names
        return consume self
    }

    /// Adds an aggregate per row under a name, usable in `filter`, `orderBy` and `values`
    /// (`annotate("num_choices", Count("choice"))`).
    public consuming func annotate(_ name: String, _ aggregate: any Aggregate) -> QuerySet {
        loadedResults = nil
        annotations.append(Annotation(name: name, aggregate: aggregate))
        return consume self
    }

    /// Runs on another configured database alias (Django's `using()`).
    public consuming func using(_ alias: String) -> QuerySet { loadedResults = nil; self.alias = alias; return consume self }

    /// Runs on a specific connection registry rather than `ConnectionHandler.current`.
    public consuming func using(_ handler: ConnectionHandler, alias: String = "default") -> QuerySet {
        loadedResults = nil
        self.handler = handler
        self.alias = alias
        return consume self
    }

    // MARK: slicing (LIMIT / OFFSET)

    /// Rows `range` of the result, as Python's `qs[2:5]`. Negative bounds are refused when run.
    public subscript(range: Range<Int>) -> QuerySet { __consuming get { (consume self).sliced(range.lowerBound, range.upperBound) } }
    public subscript(range: PartialRangeFrom<Int>) -> QuerySet { __consuming get { (consume self).sliced(range.lowerBound, nil) } }
    public subscript(range: PartialRangeUpTo<Int>) -> QuerySet { __consuming get { (consume self).sliced(0, range.upperBound) } }

    /// The row at a position (`qs[0]`); throws `DoesNotExist` past the end.
    public subscript(index: Int) -> M {
        get throws {
            guard index >= 0 else { throw QueryUsageError("Negative indexing is not supported.") }
            if loadedResults != nil, let resultCache {
                guard index < resultCache.count else { throw DoesNotExist(model: "\(M.self)") }
                return resultCache[index]
            }
            guard let object = try sliced(index, index + 1).fetch().first else { throw DoesNotExist(model: "\(M.self)") }
            return object
        }
    }

    private consuming func sliced(_ start: Int, _ end: Int?) -> QuerySet {
        loadedResults = nil
        if start < 0 || (end ?? 0) < 0 {
            invalidSlice = "Negative indexing is not supported."
            return consume self
        }
        let newLow = low + start
        var newHigh: Int?
        if let end { newHigh = low + end }
        if let high { newHigh = Swift.min(newHigh ?? high, high) }
        low = newLow
        if let newHigh { high = Swift.max(newHigh, newLow) } else { high = nil }
        return consume self
    }

    var isSliced: Bool { low != 0 || high != nil }

    // MARK: running

    func connection() throws -> Connection {
        try (handler ?? ConnectionHandler.current).connection(alias)
    }

    /// Runs the query and returns the objects.
    public func fetch() throws -> [M] {
        if loadedResults != nil, let resultCache { return resultCache }
        return try load(annotated: false).objects
    }

    /// Runs the query and returns each object with its annotations (`annotate(...)`) by name,
    /// as Django sets them as attributes (`question.num_choices`).
    public func fetchAnnotated() throws -> [(object: M, annotations: Row)] {
        let loaded = try load(annotated: true)
        return Array(zip(loaded.objects, loaded.annotations))
    }

    private func load(annotated: Bool) throws -> (objects: [M], annotations: [Row]) {
        if matchesNothing { return ([], []) }
        let meta = M.meta
        // Checked before the query runs, so an unknown name runs none.
        if !prefetch.isEmpty { _ = try prefetchRelations(meta) }
        let connection = try connection()
        let select = try cachedSelect(connection.dialect, mode: .models)
        let rows = try connection.flatRows(select.sql, select.parameters, dateTimeColumns: meta.dateTimeColumns)
        var objects = try meta.decodeRows(meta, rows)
        // The rarer parts in functions of their own: in code not specialised for the model, each
        // generic array they use costs a run-time metadata lookup, wherever in the function.
        if let related = select.related { try attachRelated(related, rows, &objects) }
        let annotationRows = annotated ? annotationRows(rows) : []
        if !prefetch.isEmpty { try prefetchRelated(meta, &objects) }
        return (objects, annotationRows)
    }

    @inline(never)
    private func attachRelated(_ plan: RelatedPlan, _ rows: FlatRows, _ objects: inout [M]) throws {
        let related = plan.columns(for: M.self)
        for index in 0..<rows.count {
            let row = Array(rows[index])
            for part in related {
                try part.attach(&objects[index], row, part.selection.start, part.selection.nested)
            }
        }
    }

    /// Each row's annotations (the values after the model's), by name.
    @inline(never)
    private func annotationRows(_ rows: FlatRows) -> [Row] {
        let names = ColumnIndex(annotations.map { $0.name })
        var annotationRows: [Row] = []
        for index in 0..<rows.count {
            annotationRows.append(Row(columns: names, values: Array(rows[index].suffix(names.names.count))))
        }
        return annotationRows
    }

    @inline(never)
    private func prefetchRelated(_ meta: ModelMeta<M>, _ objects: inout [M]) throws {
        for relation in try prefetchRelations(meta) {
            try (handler ?? ConnectionHandler.current).activate { try relation.prefetch(&objects, alias) }
        }
    }

    /// The reverse relations `prefetchRelated` names.
    private func prefetchRelations(_ meta: ModelMeta<M>) throws -> [ReverseRelation<M>] {
        try prefetch.map { name in
            guard let relation = meta.related.first(where: { $0.info.accessorName == name || $0.info.queryName == name }) else {
                throw FieldError("Cannot find '\(name)' on \(M.self) object, '\(name)' is an invalid parameter to prefetch_related()")
            }
            return relation
        }
    }

    /// Objects from a raw SQL query (Django's `Manager.raw()`): columns are matched to fields by
    /// column name, and fields the query does not return keep their defaults. Values go in
    /// `parameters`, bound, never into `sql`.
    public func raw(_ sql: String, _ parameters: [SQLValue] = []) throws -> [M] {
        let rows = try connection().query(sql, parameters)
        guard let first = rows.first else { return [] }
        let meta = M.meta
        let mapping = meta.fields.compactMap { field in first.columns.position(of: field.info.column).map { (field, $0) } }
        guard mapping.contains(where: { $0.0.info.primaryKey }) else {
            throw FieldError("Raw query must include the primary key")
        }
        return try rows.map { row in
            var object = M()
            for (field, position) in mapping { try field.write(&object, row.values[position]) }
            meta.bindRelated(&object)
            return object
        }
    }

    /// The SQL this query set would run to fetch its objects, and its parameters, without running it
    /// (Django's `str(queryset.query)`, but with the parameters kept apart).
    public func compiledSQL() throws -> (sql: String, parameters: [SQLValue]) {
        let select = try compileSelect(connection().dialect, mode: .models)
        return (select.sql, select.parameters)
    }

    /// The objects with these primary keys, by primary key (Django's `in_bulk()`).
    public func inBulk(_ keys: [some SQLConvertible]) throws -> [SQLValue: M] {
        if keys.isEmpty { return [:] }
        let objects = try filter("pk__in", keys.map(\.sqlValue)).fetch()
        return Dictionary(objects.map { ($0.pk, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The object latest by the fields (Django's `latest()`); `DoesNotExist` when none.
    public func latest(_ names: String...) throws -> M {
        guard let object = try orderBy(names.map { $0.hasPrefix("-") ? String($0.dropFirst()) : "-" + $0 })[..<1].fetch().first else {
            throw DoesNotExist(model: "\(M.self)")
        }
        return object
    }

    /// The object earliest by the fields (Django's `earliest()`); `DoesNotExist` when none.
    public func earliest(_ names: String...) throws -> M {
        guard let object = try orderBy(names)[..<1].fetch().first else { throw DoesNotExist(model: "\(M.self)") }
        return object
    }

    /// The one object matching the query (Django's `get()`): `DoesNotExist` when none,
    /// `MultipleObjectsReturned` when more.
    /// Takes the query set it is called on (`consuming`): the query runs on it, changed in place,
    /// with no copy made (code not specialised for the model copies a query set field by field).
    public consuming func get() throws -> M {
        // As Django: at most 21 rows fetched (an unsliced query set), unordered.
        let high = self.high
        if !isSliced { self.high = 21 }
        loadedResults = nil
        ordering = []
        let objects = try fetch()
        // `count`, not `isEmpty`: Array's own property, which code not specialised for the model
        // reads without looking up the array's conformances.
        let found = objects.count
        if found == 0 { throw DoesNotExist(model: "\(M.self)") }
        if found > 1 {
            self.high = high
            let total = found > 20 ? try count() : found
            throw MultipleObjectsReturned(model: "\(M.self)", count: total)
        }
        return objects[0]
    }

    public consuming func get(_ lookup: String, _ value: any Operand) throws -> M { try (consume self).filter(lookup, value).get() }
    public consuming func get(_ lookups: KeyValuePairs<String, any Operand>) throws -> M { try (consume self).filter(lookups).get() }
    public consuming func get(_ condition: Q) throws -> M { try (consume self).filter(condition).get() }

    /// The first object by the ordering (by primary key when unordered), or nil.
    public func first() throws -> M? {
        let query = effectiveOrdering.isEmpty ? orderBy("pk") : self
        return try query[..<1].fetch().first
    }

    /// The last object by the ordering (by primary key when unordered), or nil.
    public func last() throws -> M? {
        let query = effectiveOrdering.isEmpty ? orderBy("-pk") : reversed()
        return try query[..<1].fetch().first
    }

    /// The number of rows (`SELECT COUNT(*)`), without fetching them.
    public func count() throws -> Int {
        if loadedResults != nil, let resultCache { return resultCache.count }
        if matchesNothing { return 0 }
        let connection = try connection()
        let select = try cachedSelect(connection.dialect, mode: .count)
        return try Int(sqlValue: connection.query(select.sql, select.parameters).first?[0] ?? .integer(0))
    }

    /// Whether any row matches (`SELECT 1 ... LIMIT 1`).
    public func exists() throws -> Bool {
        if loadedResults != nil, let resultCache { return !resultCache.isEmpty }
        if matchesNothing { return false }
        let connection = try connection()
        let select = try cachedSelect(connection.dialect, mode: .exists)
        return try !connection.query(select.sql, select.parameters).isEmpty
    }

    /// Rows as name → value (Django's `values()`): the named fields (paths allowed, annotations
    /// too), or every field by column name plus the annotations. With annotations, the named
    /// fields are the GROUP BY, as Django's `values(...).annotate(...)`.
    public func values(_ names: String...) throws -> [Row] { try values(names) }
    public func values(_ names: [String]) throws -> [Row] {
        if matchesNothing { return [] }
        let connection = try connection()
        let select = try compileSelect(connection.dialect, mode: .values(names))
        return try connection.query(select.sql, select.parameters)
    }

    /// Rows as value lists (Django's `values_list()`).
    public func valuesList(_ names: String...) throws -> [[SQLValue]] { try values(names).map(\.values) }

    /// One field's values (Django's `values_list(name, flat=True)`), converted to a Swift type.
    public func valuesList<T: SQLConvertible>(_ name: String, flat: Bool, as type: T.Type = SQLValue.self) throws -> [T] {
        guard flat else { throw QueryUsageError("Use valuesList(_:...) for rows; flat: true takes one field") }
        return try values([name]).map { try T(sqlValue: $0.values[0]) }
    }

    /// Aggregates over the whole query (Django's `aggregate()`): name → value.
    public func aggregate(_ aggregates: KeyValuePairs<String, any Aggregate>) throws -> Row {
        if isSliced { throw QueryUsageError("aggregate() over a sliced query set is not supported") }
        let connection = try connection()
        let select = try compileSelect(connection.dialect, mode: .aggregate(aggregates.map { ($0.key, $0.value) }))
        guard let row = try connection.query(select.sql, select.parameters).first else {
            return Row(columns: ColumnIndex(aggregates.map(\.key)), values: aggregates.map { _ in .null })
        }
        return row
    }
}
