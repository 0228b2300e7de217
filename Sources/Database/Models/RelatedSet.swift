import Synchronization

/// The reverse side of a foreign key as seen from the referenced object (Django's
/// `question.choice_set`): the rows of `R` that point at this object. Declare it as a stored
/// property with `= RelatedSet()` and list it in the model's `related:` with `.reverse(...)`; the
/// ORM binds it to the object's primary key when the object is loaded or saved.
public struct RelatedSet<R: Model>: Sendable {
    var ownerKey: SQLValue = .null
    var fieldName = ""
    var cache: Box<[R]>?

    public init() {}

    /// The related rows (the prefetched ones when `prefetchRelated` loaded them).
    public func all() -> QuerySet<R> {
        guard !ownerKey.isNull, !fieldName.isEmpty else { return R.objects.none() }
        var query = R.objects.filter(fieldName, ownerKey)
        if let cache { query.resultCache = cache.value }
        return query
    }

    public func filter(_ lookup: String, _ value: any Operand) -> QuerySet<R> { all().dropCache().filter(lookup, value) }
    public func filter(_ condition: Q) -> QuerySet<R> { all().dropCache().filter(condition) }
    public func count() throws -> Int { try all().count() }
    public func exists() throws -> Bool { try all().exists() }

    /// Inserts a related object pointing at this one (Django's `question.choice_set.create(...)`).
    @discardableResult
    public func create(_ object: R) throws -> R {
        guard !ownerKey.isNull, let field = R.meta.field(fieldName) else {
            throw QueryUsageError("The owner must be saved before related objects can be created through it.")
        }
        var object = object
        try field.write(&object, ownerKey)
        return try R.objects.create(object)
    }
    /// The prefetched rows, when `prefetchRelated` loaded them.
    public var prefetched: [R]? { cache?.value }
}

/// A name worked out on first use, outside any lock (so working it out may initialise statics),
/// then read with one atomic load: when two threads work it out at once, the first stored wins.
/// (Not generic, and not `AtomicLazyReference`, whose `load` is not inlinable: the read is
/// concrete code.)
final class Once: Sendable {
    private final class Computed: Sendable {
        let value: String
        init(_ value: String) { self.value = value }
    }
    private let compute: @Sendable () -> String
    private let cached = Atomic<Unmanaged<Computed>?>(nil)
    init(_ compute: @escaping @Sendable () -> String) { self.compute = compute }
    deinit { cached.load(ordering: .acquiring)?.release() }

    var value: String {
        if let known = cached.load(ordering: .acquiring) { return known.takeUnretainedValue().value }
        let computed = Unmanaged.passRetained(Computed(compute()))
        let (stored, winner) = cached.compareExchange(expected: nil, desired: computed, ordering: .acquiringAndReleasing)
        if stored { return computed.takeUnretainedValue().value }
        computed.release()
        return winner!.takeUnretainedValue().value
    }
}

/// The description of a reverse relation, independent of Swift types: how lookups span it
/// (`question__choice__votes`) and what `Count("choice")` joins.
public struct ReverseInfo: Sendable {
    /// The accessor's name (`choice_set`), as `prefetchRelated` takes it.
    public let accessorName: String
    /// The name lookups use (`choice`; Django's related_query_name).
    public let queryName: String
    /// The model holding the foreign key.
    public let related: RelatedModel
    let loadField: @Sendable () -> FieldInfo
    /// The foreign key on the related model.
    public var field: FieldInfo { loadField() }
}

/// A reverse relation declared on the referenced model: binds its `RelatedSet` property and
/// prefetches it.
public final class ReverseRelation<M: Model>: Sendable {
    let info: ReverseInfo
    /// Binds the set in the model at this address to the model's primary key.
    let bind: @Sendable (UnsafeMutableRawPointer, SQLValue) -> Void
    let get: @Sendable (M) -> any Sendable
    /// `get` in place from a model's memory, when the property is stored (its offset known).
    let getAt: (@Sendable (UnsafeRawPointer) -> Any?)?
    let prefetch: @Sendable (inout [M], _ alias: String) throws -> Void

    init(info: ReverseInfo, bind: @escaping @Sendable (UnsafeMutableRawPointer, SQLValue) -> Void, get: @escaping @Sendable (M) -> any Sendable,
         getAt: (@Sendable (UnsafeRawPointer) -> Any?)? = nil,
         prefetch: @escaping @Sendable (inout [M], _ alias: String) throws -> Void) {
        self.info = info
        self.bind = bind
        self.get = get
        self.getAt = getAt
        self.prefetch = prefetch
    }

    /// `question.choiceSet` over `Choice.question`: accessor `choice_set`, query name `choice`
    /// (the related model's name in lower case unless given).
    public static func reverse<R: Model>(_ accessorName: String, _ keyPath: WritableKeyPath<M, RelatedSet<R>> & Sendable,
                                         via foreignKey: KeyPath<R, ForeignKey<M>> & Sendable,
                                         queryName: String? = nil) -> ReverseRelation {
        make(accessorName, keyPath, foreignKey, queryName)
    }

    /// As above, over a nullable foreign key.
    public static func reverse<R: Model>(_ accessorName: String, _ keyPath: WritableKeyPath<M, RelatedSet<R>> & Sendable,
                                         via foreignKey: KeyPath<R, ForeignKey<M>?> & Sendable,
                                         queryName: String? = nil) -> ReverseRelation {
        make(accessorName, keyPath, foreignKey, queryName)
    }

    private static func make<R: Model>(_ accessorName: String, _ keyPath: WritableKeyPath<M, RelatedSet<R>> & Sendable,
                                       _ foreignKey: AnyKeyPath & Sendable, _ queryName: String?) -> ReverseRelation {
        let loadField: @Sendable () -> Field<R> = {
            guard let field = R.meta.fields.first(where: { $0.keyPath == foreignKey }) else {
                preconditionFailure("\(M.self).\(accessorName): the key path is not a foreign key field of \(R.self)")
            }
            return field
        }
        let info = ReverseInfo(accessorName: accessorName, queryName: queryName ?? "\(R.self)".lowercased(),
                               related: RelatedModel(name: "\(R.self)", load: { R.meta.schema }),
                               loadField: { loadField().info })
        // Bound into every object loaded: found once (not at declaration, where R.meta may still
        // be initialising).
        let fieldName = Once { loadField().info.name }
        let offset = MemoryLayout<M>.offset(of: keyPath)
        let keyOffset = MemoryLayout<RelatedSet<R>>.offset(of: \RelatedSet<R>.ownerKey)
        let nameOffset = MemoryLayout<RelatedSet<R>>.offset(of: \RelatedSet<R>.fieldName)
        var getAt: (@Sendable (UnsafeRawPointer) -> Any?)?
        // The set's type worked out here, once: read with it, the set's generic type is not
        // looked up at run time on every read.
        let setType: any Sendable.Type = RelatedSet<R>.self
        if let offset {
            getAt = { pointer in loadValue(pointer, offset, setType) }
        }
        return ReverseRelation(
            info: info,
            bind: { model, key in
                let name = fieldName.value
                if let offset, let keyOffset, let nameOffset {
                    // In place, at offsets worked out once: the set's type is generic, so going
                    // through its properties would look up its metadata for every object.
                    let set = model + offset
                    (set + keyOffset).assumingMemoryBound(to: SQLValue.self).pointee = key
                    (set + nameOffset).assumingMemoryBound(to: String.self).pointee = name
                } else {
                    model.assumingMemoryBound(to: M.self).pointee[keyPath: keyPath].ownerKey = key
                    model.assumingMemoryBound(to: M.self).pointee[keyPath: keyPath].fieldName = name
                }
            },
            get: { model in
                guard let offset else { return model[keyPath: keyPath] }
                return withUnsafePointer(to: model) { loadValue(UnsafeRawPointer($0), offset, setType) }
            },
            getAt: getAt,
            prefetch: { models, alias in
                let field = loadField()
                let keys = models.map(\.pk).filter { !$0.isNull }
                var groups: [SQLValue: [R]] = [:]
                if !keys.isEmpty {
                    for object in try R.objects.using(alias).filter(field.info.name + "__in", keys).fetch() {
                        groups[field.read(object), default: []].append(object)
                    }
                }
                for index in models.indices {
                    models[index][keyPath: keyPath].cache = Box(groups[models[index].pk] ?? [])
                }
            })
    }
}

/// The value of type `T` at a byte offset, boxed: `T` comes from the metatype passed (opened from
/// an `any Sendable.Type` by the caller), not looked up by name.
private func loadValue<T: Sendable>(_ pointer: UnsafeRawPointer, _ offset: Int, _ type: T.Type) -> any Sendable {
    pointer.load(fromByteOffset: offset, as: T.self)
}
