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
    /// A sketch of the shape — its numbers, and each name's length and first and last bytes —
    /// which a query set's probe works out without building the shape (`QuerySet.cachedSelect`).
    let sketch: UInt64

    init(mode: UInt8, dialect: ObjectIdentifier, filters: [Token], ordering: [String]?, low: Int, high: Int?,
         isDistinct: Bool, related: [String], matchesNothing: Bool) {
        self.mode = mode
        self.dialect = dialect
        self.filters = filters
        self.ordering = ordering
        self.low = low
        self.high = high
        self.isDistinct = isDistinct
        self.related = related
        self.matchesNothing = matchesNothing
        var sketch = Sketch(mode)
        for token in filters {
            switch token {
            case .and(let count): sketch.and(count)
            case .or(let count): sketch.or(count)
            case .leaf(let path, let isNull): sketch.leaf(path, isNull: isNull)
            }
        }
        sketch.finish(tokens: filters.count, ordering, low, high, isDistinct, matchesNothing, related, dialect)
        self.sketch = sketch.value
    }

    func hash(into hasher: inout Hasher) { hasher.combine(sketch) }

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

    /// `walk` without the tokens: mixes them into a sketch as the shape's init does, and counts
    /// them.
    static func probe(_ node: Q.Node, _ sketch: inout Sketch, _ values: inout [SQLValue], _ tokens: inout Int) -> Bool {
        tokens += 1
        switch node {
        case .lookup(let path, let operand):
            guard case .value(let value)? = try? operand.operand() else { return false }
            sketch.leaf(path, isNull: value.isNull)
            values.append(value)
            return true
        case .and(let children):
            sketch.and(children.count)
            for child in children where !probe(child, &sketch, &values, &tokens) { return false }
            return true
        case .or(let children):
            sketch.or(children.count)
            for child in children where !probe(child, &sketch, &values, &tokens) { return false }
            return true
        case .not:
            return false
        }
    }

    /// Whether filters (with their leaves' values, as `probe` found them) have this shape's tokens.
    func matches(_ nodes: [Q.Node], _ values: [SQLValue]) -> Bool {
        var token = 0, leaf = 0
        for node in nodes where !matches(node, values, &token, &leaf) { return false }
        return token == filters.count
    }

    private func matches(_ node: Q.Node, _ values: [SQLValue], _ token: inout Int, _ leaf: inout Int) -> Bool {
        guard token < filters.count else { return false }
        switch (node, filters[token]) {
        case (.lookup(let path, _), .leaf(let expected, let isNull)):
            token += 1
            leaf += 1
            return path == expected && values[leaf - 1].isNull == isNull
        case (.and(let children), .and(let count)) where children.count == count,
             (.or(let children), .or(let count)) where children.count == count:
            token += 1
            for child in children where !matches(child, values, &token, &leaf) { return false }
            return true
        default:
            return false
        }
    }

    /// FNV-1a over words, mixed in the same order from a shape's tokens and from a probe.
    struct Sketch {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
        init(_ mode: UInt8) { mix(Int(mode)) }
        mutating func and(_ count: Int) { mix(1 &+ count &<< 2) }
        mutating func or(_ count: Int) { mix(2 &+ count &<< 2) }
        mutating func leaf(_ path: String, isNull: Bool) {
            mix(isNull ? 3 : 0)
            mix(path)
        }
        mutating func finish(tokens: Int, _ ordering: [String]?, _ low: Int, _ high: Int?, _ isDistinct: Bool,
                             _ matchesNothing: Bool, _ related: [String], _ dialect: ObjectIdentifier) {
            mix(tokens)
            if let ordering {
                mix(ordering.count)
                for name in ordering { mix(name) }
            } else {
                mix(-1)
            }
            mix(low)
            mix(high ?? -1)
            mix((isDistinct ? 1 : 0) | (matchesNothing ? 2 : 0))
            mix(related.count)
            for name in related { mix(name) }
            mix(Int(bitPattern: UInt(bitPattern: dialect)))
        }
        private mutating func mix(_ number: Int) {
            value = (value ^ UInt64(bitPattern: Int64(number))) &* 0x0000_0100_0000_01b3
        }
        private mutating func mix(_ name: String) {
            // Read from the string's own bytes when it has them together (native and small
            // strings), else through its UTF-8 view: the same numbers either way.
            let utf8 = name.utf8
            let word = utf8.withContiguousStorageIfAvailable { bytes in
                bytes.count &<< 16 | Int(bytes.first ?? 0) &<< 8 | Int(bytes.last ?? 0)
            } ?? (utf8.count &<< 16 | Int(utf8.first ?? 0) &<< 8 | Int(utf8.last ?? 0))
            mix(word)
        }
    }
}

/// A compiled SELECT kept for its shape: the SQL, where each parameter comes from, and the
/// select-related plan.
final class CachedSelect: Sendable {
    let sql: String
    let sources: [ParameterSource]
    let related: RelatedPlan?
    /// Whether the parameters are the filters' leaf values as they are, in order (no day, no
    /// pattern, no leaf left out): then they are bound as the probe collected them.
    let takesValuesAsTheyAre: Bool

    init(sql: String, sources: [ParameterSource], related: RelatedPlan?) {
        self.sql = sql
        self.sources = sources
        self.related = related
        takesValuesAsTheyAre = sources.enumerated().allSatisfy { $0.offset == $0.element.leaf && !$0.element.day && $0.element.pattern == nil }
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

    /// The entry whose shape has this sketch and `matches`.
    func entry(_ sketch: UInt64, matching matches: (borrowing SelectShape) -> Bool) -> CachedSelect? {
        // Only `CachedSelect`s are stored here.
        guard let entry = entries.entry(sketch, matching: matches) else { return nil }
        return unsafeDowncast(entry, to: CachedSelect.self)
    }

    func store(_ shape: SelectShape, _ entry: CachedSelect) { entries.store(shape, entry, limit: Self.limit) }

    /// How many shapes are cached (tests).
    var count: Int { entries.count }
}

/// The storage of a `SelectCache`, not generic: entries by their shape's sketch (shapes with the
/// same sketch share a list, told apart by their tokens).
final class SelectEntries: Sendable {
    /// A stored shape with its entry, in a class so that looking through candidates copies no shape.
    private final class Stored: Sendable {
        let shape: SelectShape
        let entry: AnyObject & Sendable
        init(_ shape: SelectShape, _ entry: AnyObject & Sendable) { self.shape = shape; self.entry = entry }

        /// Whether the shape matches, handed to `matches` in place (read through a candidate from
        /// outside, the shape would be copied, its arrays retained, for the call).
        func shapeMatches(_ matches: (borrowing SelectShape) -> Bool) -> Bool { matches(shape) }
    }
    private struct State {
        var bySketch: [UInt64: [Stored]] = [:]
        var count = 0
    }
    private let state = Mutex(State())

    func entry(_ sketch: UInt64, matching matches: (borrowing SelectShape) -> Bool) -> (AnyObject & Sendable)? {
        state.withLock { state in
            guard let candidates = state.bySketch[sketch] else { return nil }
            for candidate in candidates where candidate.shapeMatches(matches) { return candidate.entry }
            return nil
        }
    }

    func store(_ shape: SelectShape, _ entry: AnyObject & Sendable, limit: Int) {
        state.withLock { state in
            guard state.count < limit else { return }
            var candidates = state.bySketch[shape.sketch] ?? []
            if let index = candidates.firstIndex(where: { $0.shape == shape }) {
                candidates[index] = Stored(shape, entry)
            } else {
                candidates.append(Stored(shape, entry))
                state.count += 1
            }
            state.bySketch[shape.sketch] = candidates
        }
    }

    var count: Int { state.withLock { $0.count } }
}

extension QuerySet {
    /// The cache's tag for a mode, nil when query sets in this mode (or this one) are not cached.
    private func cacheMode(_ mode: SelectMode) -> UInt8? {
        guard annotations.isEmpty, invalidSlice == nil else { return nil }
        switch mode {
        case .models: return 0
        case .count:
            // A count over DISTINCT or a slice compiles a subquery: not cached.
            guard !isDistinct, !isSliced else { return nil }
            return 1
        case .exists: return 2
        default: return nil
        }
    }

    /// The shape of this query set for a mode, and its filters' leaf values in compile order; nil
    /// when it is not cacheable.
    func selectShape(_ dialect: any SQLDialect, mode: SelectMode) -> (shape: SelectShape, values: [SQLValue])? {
        guard let modeTag = cacheMode(mode) else { return nil }
        var tokens: [SelectShape.Token] = []
        var values: [SQLValue] = []
        for filter in filters where !SelectShape.walk(filter, &tokens, &values) { return nil }
        let shape = SelectShape(mode: modeTag, dialect: ObjectIdentifier(type(of: dialect)), filters: tokens,
                                ordering: ordering, low: low, high: high, isDistinct: isDistinct, related: related,
                                matchesNothing: matchesNothing)
        return (shape, values)
    }

    /// The sketch of this query set's shape for a mode and its filters' leaf values, worked out
    /// without building the shape; nil when it is not cacheable.
    func shapeProbe(_ dialect: any SQLDialect, mode: SelectMode) -> (sketch: UInt64, dialect: ObjectIdentifier, mode: UInt8, values: [SQLValue])? {
        guard let modeTag = cacheMode(mode) else { return nil }
        var sketch = SelectShape.Sketch(modeTag)
        var values: [SQLValue] = []
        var tokens = 0
        for filter in filters where !SelectShape.probe(filter, &sketch, &values, &tokens) { return nil }
        let dialectID = ObjectIdentifier(type(of: dialect))
        sketch.finish(tokens: tokens, ordering, low, high, isDistinct, matchesNothing, related, dialectID)
        return (sketch.value, dialectID, modeTag, values)
    }

    /// `compileSelect` through the model's cache of compiled shapes: the SQL is compiled once per
    /// shape, and only the parameters are worked out from this query set's values. A cached shape
    /// is found by its sketch and checked against this query set's filters and options, without
    /// building this query set's shape (built only to store a new one).
    func cachedSelect(_ dialect: any SQLDialect, mode: SelectMode) throws -> CompiledSelect {
        guard let probe = shapeProbe(dialect, mode: mode) else {
            return try compileSelect(dialect, mode: mode)
        }
        let cache = M.meta.selectCache
        let values = probe.values
        let known = cache.entry(probe.sketch) { shape in
            shape.mode == probe.mode && shape.dialect == probe.dialect && shape.low == low && shape.high == high
                && shape.isDistinct == isDistinct && shape.matchesNothing == matchesNothing
                && shape.ordering == ordering && shape.related == related && shape.matches(filters, values)
        }
        if let known {
            if known.takesValuesAsTheyAre && known.sources.count == values.count {
                return CompiledSelect(sql: known.sql, parameters: values, related: known.related)
            }
            var parameters: [SQLValue] = []
            parameters.reserveCapacity(known.sources.count)
            for source in known.sources { parameters.append(try source.parameter(values[source.leaf], dialect)) }
            return CompiledSelect(sql: known.sql, parameters: parameters, related: known.related)
        }
        var sources: [ParameterSource]?
        let compiled = try compileSelect(dialect, mode: mode, sources: &sources)
        if let sources, let (shape, _) = selectShape(dialect, mode: mode) {
            cache.store(shape, CachedSelect(sql: compiled.sql, sources: sources, related: compiled.related))
        }
        return compiled
    }
}
