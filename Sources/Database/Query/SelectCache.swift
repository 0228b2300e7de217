import Synchronization

/// Where one bound parameter of a compiled SELECT comes from: the value of the filter leaf at
/// `leaf` (in the order the compiler visits the lookups), shaped as the lookup shapes it.
struct ParameterSource: Sendable {
    let leaf: Int
    /// A `Date` compared with a DateField is bound as its day.
    let day: Bool
    /// A pattern lookup (`contains`, `istartswith`...) binds the dialect's pattern for the text.
    let pattern: Lookup?
    /// The lookup's path, for the error a pattern lookup on a value that is not text raises.
    let path: String

    func parameter(_ value: SQLValue, _ dialect: any SQLDialect) throws -> SQLValue {
        var value = value
        if day, case .value(let shaped) = OperandValue.value(value).prepared(for: .date) { value = shaped }
        guard let pattern else { return value }
        return try Self.pattern(pattern, of: value, path: path, dialect)
    }

    /// What a pattern lookup (`contains`, `istartswith`...) binds: the dialect's pattern for the
    /// text; any other value is a usage error.
    static func pattern(_ lookup: Lookup, of value: SQLValue, path: String, _ dialect: any SQLDialect) throws -> SQLValue {
        guard case .text(let text) = value else {
            throw QueryUsageError("The '\(lookup.rawValue)' lookup of '\(path)' takes text")
        }
        return .text(dialect.patternValue(lookup, text))
    }
}

/// What makes two query sets compile to the same SQL: everything but the values their filters
/// compare against (only their nullness, which turns `= ?` into `IS NULL`). Query sets with
/// annotations, or filters whose SQL depends on more of a value (lists, ranges, expressions,
/// `isnull`, negations), are not cached.
struct SelectShape: Hashable, Sendable {
    enum Token: Hashable, Sendable {
        case and(Int)
        case or(Int)
        case leaf(String, isNull: Bool)
    }

    let mode: UInt8
    let dialect: ObjectIdentifier
    let filters: [Token]
    let ordering: [String]?
    let low: Int
    let high: Int?
    let isDistinct: Bool
    let related: [String]
    let matchesNothing: Bool

    /// Hashes a sketch of the shape — its numbers, and each name's length and first and last
    /// bytes — rather than every byte of every name: equal shapes hash alike, and the rare
    /// different shapes with the same sketch are told apart by `==`.
    func hash(into hasher: inout Hasher) {
        var sketch = Sketch()
        sketch.mix(Int(mode))
        sketch.mix(filters.count)
        for token in filters {
            switch token {
            case .and(let count): sketch.mix(1 &+ count &<< 2)
            case .or(let count): sketch.mix(2 &+ count &<< 2)
            case .leaf(let path, let isNull):
                sketch.mix(isNull ? 3 : 0)
                sketch.mix(path)
            }
        }
        if let ordering {
            sketch.mix(ordering.count)
            for name in ordering { sketch.mix(name) }
        } else {
            sketch.mix(-1)
        }
        sketch.mix(low)
        sketch.mix(high ?? -1)
        sketch.mix((isDistinct ? 1 : 0) | (matchesNothing ? 2 : 0))
        sketch.mix(related.count)
        for name in related { sketch.mix(name) }
        hasher.combine(sketch.value)
        hasher.combine(dialect)
    }

    /// Appends a filter's tokens and its leaves' values in compile order; false when the filter
    /// is not cacheable. (A static function over `inout` arrays, not a nested function capturing
    /// them, which would check exclusive access at run time on every append.)
    static func walk(_ node: Q.Node, _ tokens: inout [Token], _ values: inout [SQLValue]) -> Bool {
        switch node {
        case .lookup(let path, let operand):
            guard case .value(let value)? = try? operand.operand() else { return false }
            tokens.append(.leaf(path, isNull: value.isNull))
            values.append(value)
            return true
        case .and(let children):
            tokens.append(.and(children.count))
            for child in children where !walk(child, &tokens, &values) { return false }
            return true
        case .or(let children):
            tokens.append(.or(children.count))
            for child in children where !walk(child, &tokens, &values) { return false }
            return true
        case .not:
            return false
        }
    }

    /// FNV-1a over words.
    private struct Sketch {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func mix(_ number: Int) {
            value = (value ^ UInt64(bitPattern: Int64(number))) &* 0x0000_0100_0000_01b3
        }
        mutating func mix(_ name: String) {
            let utf8 = name.utf8
            mix(utf8.count &<< 16 | Int(utf8.first ?? 0) &<< 8 | Int(utf8.last ?? 0))
        }
    }
}

/// A compiled SELECT kept for its shape: the SQL, where each parameter comes from, and the
/// select-related plan.
final class CachedSelect: Sendable {
    let sql: String
    let sources: [ParameterSource]
    let related: RelatedPlan?

    init(sql: String, sources: [ParameterSource], related: RelatedPlan?) {
        self.sql = sql
        self.sources = sources
        self.related = related
    }
}

/// The SELECTs a model's query sets compiled, by shape (Django compiles a query each time; a
/// compiled form per shape is what a prepared-statement cache needs anyway). Bounded: past
/// `limit` shapes new ones are compiled every time, never stored. The entries are kept as
/// `AnyObject` so the dictionary is one concrete type, specialised here, whatever the model.
final class SelectCache<M: Model>: Sendable {
    static var limit: Int { 512 }
    private let entries = SelectEntries()

    init() {}

    func entry(_ shape: SelectShape) -> CachedSelect? {
        // Only `CachedSelect`s are stored here.
        guard let entry = entries.entry(shape) else { return nil }
        return unsafeDowncast(entry, to: CachedSelect.self)
    }

    func store(_ shape: SelectShape, _ entry: CachedSelect) { entries.store(shape, entry, limit: Self.limit) }

    /// How many shapes are cached (tests).
    var count: Int { entries.count }
}

/// The storage of a `SelectCache`, not generic.
final class SelectEntries: Sendable {
    private let entries = Mutex<[SelectShape: AnyObject & Sendable]>([:])

    func entry(_ shape: SelectShape) -> (AnyObject & Sendable)? { entries.withLock { $0[shape] } }

    func store(_ shape: SelectShape, _ entry: AnyObject & Sendable, limit: Int) {
        entries.withLock { if $0.count < limit { $0[shape] = entry } }
    }

    var count: Int { entries.withLock { $0.count } }
}

extension QuerySet {
    /// The shape of this query set for a mode, and its filters' leaf values in compile order; nil
    /// when it is not cacheable.
    func selectShape(_ dialect: any SQLDialect, mode: SelectMode) -> (shape: SelectShape, values: [SQLValue])? {
        guard annotations.isEmpty, invalidSlice == nil else { return nil }
        let modeTag: UInt8
        switch mode {
        case .models: modeTag = 0
        case .count:
            // A count over DISTINCT or a slice compiles a subquery: not cached.
            guard !isDistinct, !isSliced else { return nil }
            modeTag = 1
        case .exists: modeTag = 2
        default: return nil
        }
        var tokens: [SelectShape.Token] = []
        var values: [SQLValue] = []
        for filter in filters where !SelectShape.walk(filter, &tokens, &values) { return nil }
        let shape = SelectShape(mode: modeTag, dialect: ObjectIdentifier(type(of: dialect)), filters: tokens,
                                ordering: ordering, low: low, high: high, isDistinct: isDistinct, related: related,
                                matchesNothing: matchesNothing)
        return (shape, values)
    }

    /// `compileSelect` through the model's cache of compiled shapes: the SQL is compiled once per
    /// shape, and only the parameters are worked out from this query set's values.
    func cachedSelect(_ dialect: any SQLDialect, mode: SelectMode) throws -> CompiledSelect {
        guard let (shape, values) = selectShape(dialect, mode: mode) else {
            return try compileSelect(dialect, mode: mode)
        }
        let cache = M.meta.selectCache
        if let known = cache.entry(shape) {
            var parameters: [SQLValue] = []
            parameters.reserveCapacity(known.sources.count)
            for source in known.sources { parameters.append(try source.parameter(values[source.leaf], dialect)) }
            return CompiledSelect(sql: known.sql, parameters: parameters, related: known.related)
        }
        var sources: [ParameterSource]?
        let compiled = try compileSelect(dialect, mode: mode, sources: &sources)
        if let sources {
            cache.store(shape, CachedSelect(sql: compiled.sql, sources: sources, related: compiled.related))
        }
        return compiled
    }
}
