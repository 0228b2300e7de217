/// A reference box, so that a model may refer to its own type through a foreign key.
final class Box<T: Sendable>: Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The value of a foreign-key property: the referenced row's primary key, and the referenced object
/// itself once loaded (by `selectRelated`, by assignment, or by `get()`), as Django's
/// `choice.question` / `choice.question_id`.
public struct ForeignKey<T: Model>: Sendable, SQLConvertible, Equatable, CustomStringConvertible {
    /// The referenced primary key (Django's `question_id`).
    public var key: SQLValue
    private var cache: Box<T>?

    /// No reference yet (saving it into a NOT NULL column is an `IntegrityError`).
    public init() { key = .null; cache = nil }

    /// A reference to a saved object (its primary key is taken now).
    public init(_ object: T) {
        key = object.pk
        cache = Box(object)
    }

    /// A reference by primary key.
    public init(id: Int) { key = .integer(Int64(id)); cache = nil }

    public init(sqlValue: SQLValue) { key = sqlValue; cache = nil }
    public var sqlValue: SQLValue { key }

    /// The referenced integer primary key.
    public var id: Int? { try? Int(sqlValue: key) }

    /// The referenced object when already loaded.
    public var object: T? { cache?.value }

    /// The referenced object: the loaded one, or fetched now.
    public func get() throws -> T {
        if let cache { return cache.value }
        return try T.objects.get("pk", key)
    }

    mutating func attach(_ object: T) { cache = Box(object) }

    public var description: String { "ForeignKey<\(T.self)>(\(key))" }

    /// References are equal when they refer to the same primary key.
    public static func == (lhs: ForeignKey, rhs: ForeignKey) -> Bool { lhs.key == rhs.key }
}

extension Field {
    /// `ForeignKey`: a `ForeignKey<Target>` property stored in the column `<name>_id`.
    public static func foreignKey<T: Model>(_ name: String, _ keyPath: WritableKeyPath<M, ForeignKey<T>> & Sendable,
                                            onDelete: OnDelete, _ options: FieldOption...) -> Field {
        relation(name, keyPath, onDelete, options, nullable: false, read: { $0.key },
                 write: { ForeignKey(sqlValue: $0) }, attach: { $0.attach($1) })
    }

    /// A nullable `ForeignKey` (`null=True`), for an optional property; `.setNull` needs one.
    public static func foreignKey<T: Model>(_ name: String, _ keyPath: WritableKeyPath<M, ForeignKey<T>?> & Sendable,
                                            onDelete: OnDelete, _ options: FieldOption...) -> Field {
        relation(name, keyPath, onDelete, options, nullable: true, read: { $0?.key ?? .null },
                 write: { $0.isNull ? nil : ForeignKey(sqlValue: $0) }, attach: { $0?.attach($1) })
    }

    /// `OneToOneField`: a unique foreign key.
    public static func oneToOneField<T: Model>(_ name: String, _ keyPath: WritableKeyPath<M, ForeignKey<T>> & Sendable,
                                               onDelete: OnDelete, _ options: FieldOption...) -> Field {
        relation(name, keyPath, onDelete, options + [.oneToOne], nullable: false, read: { $0.key },
                 write: { ForeignKey(sqlValue: $0) }, attach: { $0.attach($1) })
    }

    private static func relation<T: Model, V>(
        _ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable, _ onDelete: OnDelete, _ options: [FieldOption],
        nullable: Bool, read: @escaping @Sendable (V) -> SQLValue, write: @escaping @Sendable (SQLValue) -> V,
        attach: @escaping @Sendable (inout V, T) -> Void
    ) -> Field where V: Sendable {
        var info = FieldInfo(name: name, column: name + "_id", kind: .foreignKey(to: RelatedModel(name: "\(T.self)", load: { T.meta.schema }), onDelete: onDelete),
                             options: options)
        if nullable { info.null = true }
        return Field(info: info, keyPath: keyPath, property: { $0[keyPath: keyPath] },
                     read: { read($0[keyPath: keyPath]) },
                     write: { model, value in model[keyPath: keyPath] = write(value) },
                     attachRelated: { model, row, start, nested in
                         let meta = T.meta
                         guard !row[start + meta.primaryKeyPosition].isNull else { return }
                         var object = try meta.decode(row[start..<(start + meta.fields.count)])
                         for selection in nested {
                             guard let attachNested = meta.field(selection.name)?.attachRelated else { continue }
                             try attachNested(&object, row, selection.start, selection.nested)
                         }
                         attach(&model[keyPath: keyPath], object)
                     })
    }
}
