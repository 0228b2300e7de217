import Foundation

/// A model field: its description plus typed access to the property it maps (through a key path,
/// captured once at declaration, so reading and writing rows never reflects).
public final class Field<M: Model>: Sendable {
    public let info: FieldInfo
    let keyPath: AnyKeyPath & Sendable
    let read: @Sendable (M) -> SQLValue
    let write: @Sendable (inout M, SQLValue) throws -> Void
    /// For foreign keys: decodes the target from a row's columns starting at a position, with its
    /// own selected relations, and puts it into the property (select_related).
    let attachRelated: (@Sendable (inout M, _ row: [SQLValue], _ start: Int, _ nested: [RelatedSelection]) throws -> Void)?

    /// The property's Swift value (a `Date`, a `ForeignKey<Question>`...), for lookups by name.
    let property: @Sendable (M) -> any Sendable
    /// The property's value as templates see it: an Optional unwrapped (nil for None) where the
    /// field knows its property's type.
    let unwrappedProperty: @Sendable (M) -> Any?
    /// `unwrappedProperty` read in place from a model's memory, for a stored property (its
    /// offset known): nil otherwise.
    let unwrappedAt: (@Sendable (UnsafeRawPointer) -> Any?)?
    /// A DateTimeField of a `Date` (or `Date?`), which reads a datetime's seconds (`.real`) as
    /// it reads its text: the driver may hand it either (see `DatabaseDriver.flatRows`).
    let readsDateTimeSeconds: Bool

    @usableFromInline
    init(info: FieldInfo, keyPath: AnyKeyPath & Sendable, property: @escaping @Sendable (M) -> any Sendable,
         unwrappedProperty: (@Sendable (M) -> Any?)? = nil,
         unwrappedAt: (@Sendable (UnsafeRawPointer) -> Any?)? = nil,
         read: @escaping @Sendable (M) -> SQLValue,
         write: @escaping @Sendable (inout M, SQLValue) throws -> Void,
         attachRelated: (@Sendable (inout M, [SQLValue], Int, [RelatedSelection]) throws -> Void)? = nil,
         readsDateTimeSeconds: Bool = false) {
        self.info = info
        self.readsDateTimeSeconds = readsDateTimeSeconds
        self.keyPath = keyPath
        self.property = property
        // Without a typed getter the value goes as it is (templates unwrap what they get).
        self.unwrappedProperty = unwrappedProperty ?? { property($0) }
        self.unwrappedAt = unwrappedAt
        self.read = read
        self.write = write
        self.attachRelated = attachRelated
    }

    /// A field whose property's type converts itself (`SQLConvertible`); optional types are nullable.
    /// Inlinable, as are the constructors that call it: built in the module declaring the model,
    /// its closures are compiled for the model's and the property's types (decoding a row calls
    /// one per field).
    @inlinable
    static func plain<V: SQLConvertible>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                         _ kind: FieldKind, _ options: [FieldOption]) -> Field {
        var info = FieldInfo(name: name, kind: kind, options: options)
        if V.self is any ExpressibleByNilLiteral.Type && !info.primaryKey { info.null = true }
        let dateTimeSeconds = kind == .dateTime && (V.self == Date.self || V.self == Date?.self)
        if let offset = MemoryLayout<M>.offset(of: keyPath), V.self == Int?.self {
            // The automatic primary key (`id: Int?`, on every model): concrete code, without the
            // Optional metadata lookups that generic code not specialised for the model makes.
            return Field(info: info, keyPath: keyPath, property: { StoredProperty.get($0, offset, as: Int?.self) },
                         unwrappedProperty: { StoredProperty.get($0, offset, as: Int?.self).map { $0 as Any } },
                         unwrappedAt: { $0.load(fromByteOffset: offset, as: Int?.self).map { $0 as Any } },
                         read: { model in
                             // Concrete (Optional's `sqlValue` is generic code, not specialised
                             // here): binding related sets reads every loaded object's key.
                             guard let key = StoredProperty.get(model, offset, as: Int?.self) else { return .null }
                             return .integer(Int64(key))
                         },
                         write: { model, value in
                             StoredProperty.set(&model, offset, value.isNull ? Int?.none : try Int(sqlValue: value))
                         })
        }
        if let offset = MemoryLayout<M>.offset(of: keyPath) {
            // A stored property of a struct: read and written in place at its offset, without
            // the key path machinery (decoding rows writes every field of every object).
            return Field(info: info, keyPath: keyPath, property: { StoredProperty.get($0, offset, as: V.self) },
                         unwrappedProperty: StoredProperty.unwrappedGetter(M.self, offset, V.self),
                         unwrappedAt: StoredProperty.unwrappedReader(offset, V.self),
                         read: { StoredProperty.get($0, offset, as: V.self).sqlValue },
                         write: { model, value in StoredProperty.set(&model, offset, try V(sqlValue: value)) },
                         readsDateTimeSeconds: dateTimeSeconds)
        }
        return Field(info: info, keyPath: keyPath, property: { $0[keyPath: keyPath] },
                     read: { $0[keyPath: keyPath].sqlValue },
                     write: { model, value in model[keyPath: keyPath] = try V(sqlValue: value) },
                     readsDateTimeSeconds: dateTimeSeconds)
    }
}

/// A stored property of a struct reached at its byte offset (`MemoryLayout.offset(of:)` of its key
/// path, which is nil for anything else: computed properties, classes).
@usableFromInline
enum StoredProperty {
    @inlinable @inline(__always) static func get<M, V>(_ model: M, _ offset: Int, as type: V.Type) -> V {
        withUnsafeBytes(of: model) { $0.baseAddress!.advanced(by: offset).assumingMemoryBound(to: V.self).pointee }
    }

    @inlinable @inline(__always) static func set<M, V>(_ model: inout M, _ offset: Int, _ value: V) {
        withUnsafeMutableBytes(of: &model) { $0.baseAddress!.advanced(by: offset).assumingMemoryBound(to: V.self).pointee = value }
    }

    /// A getter giving the property's value with an Optional unwrapped (nil for None), decided
    /// once from the property's type rather than by a dynamic cast on every read.
    @inlinable
    static func unwrappedGetter<M, V>(_ model: M.Type, _ offset: Int, _ type: V.Type) -> @Sendable (M) -> Any? {
        guard let optional = V.self as? any OptionalProperty.Type else { return { get($0, offset, as: V.self) } }
        func open<O: OptionalProperty>(_ type: O.Type) -> @Sendable (M) -> Any? {
            { O.unwrap(get($0, offset, as: O.self)) }
        }
        return open(optional)
    }
}

extension StoredProperty {
    /// `unwrappedGetter` over a pointer to the model's memory: the property is read in place.
    @inlinable
    static func unwrappedReader<V>(_ offset: Int, _ type: V.Type) -> @Sendable (UnsafeRawPointer) -> Any? {
        guard let optional = V.self as? any OptionalProperty.Type else {
            return { $0.load(fromByteOffset: offset, as: V.self) }
        }
        func open<O: OptionalProperty>(_ type: O.Type) -> @Sendable (UnsafeRawPointer) -> Any? {
            { O.unwrap($0.load(fromByteOffset: offset, as: O.self)) }
        }
        return open(optional)
    }

    /// A reader of a model passed as `Any` for lookups made where its type is not known
    /// statically: `read` in place when the value is an `M` (no cast copying the whole model),
    /// else `fallback` after a cast (which traps when it is no `M`).
    static func erased<M>(_ model: M.Type, _ read: @escaping @Sendable (UnsafeRawPointer) -> Any?,
                          fallback: @escaping @Sendable (M) -> Any?) -> @Sendable (Any) -> Any? {
        { value in
            func inPlace<T>(_ opened: T) -> Any? {
                guard T.self == M.self else { return fallback(value as! M) }
                return withUnsafePointer(to: opened) { read(UnsafeRawPointer($0)) }
            }
            return _openExistential(value, do: inPlace)
        }
    }
}

/// An Optional, seen without knowing what it wraps (`StoredProperty.unwrappedGetter`).
@usableFromInline
protocol OptionalProperty: SendableMetatype {
    static func unwrap(_ value: Self) -> Any?
}

extension Optional: OptionalProperty {
    @usableFromInline
    static func unwrap(_ value: Self) -> Any? {
        switch value {
        case .some(let wrapped): wrapped
        case .none: nil
        }
    }
}

/// A foreign key loaded by select_related: where its target's columns start in the row, and the
/// target's own selected foreign keys (`author__mentor`).
@usableFromInline
struct RelatedSelection: Sendable {
    let name: String
    let start: Int
    let nested: [RelatedSelection]
}

// The field constructors, named after Django's field classes: `.charField("question_text", \.questionText, maxLength: 200)`.
extension Field {
    /// `AutoField`: the integer primary key the database assigns (nil until saved), named `id`.
    @inlinable
    public static func autoField(_ keyPath: WritableKeyPath<M, Int?> & Sendable) -> Field {
        plain("id", keyPath, .autoField, [])
    }
    @inlinable
    public static func autoField(_ name: String, _ keyPath: WritableKeyPath<M, Int?> & Sendable) -> Field {
        plain(name, keyPath, .autoField, [])
    }
    /// `BigAutoField`: as `autoField`, 64-bit (Django's default primary key).
    @inlinable
    public static func bigAutoField(_ keyPath: WritableKeyPath<M, Int?> & Sendable) -> Field {
        plain("id", keyPath, .bigAutoField, [])
    }
    @inlinable
    public static func bigAutoField(_ name: String, _ keyPath: WritableKeyPath<M, Int?> & Sendable) -> Field {
        plain(name, keyPath, .bigAutoField, [])
    }
    @inlinable
    public static func charField<V: TextFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                   maxLength: Int, _ options: FieldOption...) -> Field {
        plain(name, keyPath, .char(maxLength: maxLength), options)
    }
    @inlinable
    public static func textField<V: TextFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                   _ options: FieldOption...) -> Field {
        plain(name, keyPath, .text, options)
    }
    @inlinable
    public static func integerField<V: IntegerFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                      _ options: FieldOption...) -> Field {
        plain(name, keyPath, .integer, options)
    }
    @inlinable
    public static func bigIntegerField<V: IntegerFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                         _ options: FieldOption...) -> Field {
        plain(name, keyPath, .bigInteger, options)
    }
    @inlinable
    public static func floatField<V: FloatFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                    _ options: FieldOption...) -> Field {
        plain(name, keyPath, .float, options)
    }
    @inlinable
    public static func decimalField<V: DecimalFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                      maxDigits: Int, decimalPlaces: Int, _ options: FieldOption...) -> Field {
        plain(name, keyPath, .decimal(maxDigits: maxDigits, decimalPlaces: decimalPlaces), options)
    }
    @inlinable
    public static func booleanField<V: BooleanFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                      _ options: FieldOption...) -> Field {
        plain(name, keyPath, .boolean, options)
    }
    @inlinable
    public static func uuidField<V: UUIDFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                   _ options: FieldOption...) -> Field {
        plain(name, keyPath, .uuid, options)
    }
    /// `BinaryField`: raw bytes (`Data`).
    @inlinable
    public static func binaryField<V: BinaryFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                     _ options: FieldOption...) -> Field {
        plain(name, keyPath, .binary, options)
    }
    /// `DateTimeField`; `.autoNow` / `.autoNowAdd` set it when saving.
    @inlinable
    public static func dateTimeField<V: DateTimeFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                       _ options: FieldOption...) -> Field {
        plain(name, keyPath, .dateTime, options)
    }
    /// `DateField`: a `Date` stored as its UTC day.
    public static func dateField<V: DateFieldValue>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                   _ options: FieldOption...) -> Field {
        var info = FieldInfo(name: name, kind: .date, options: options)
        if V.self is any ExpressibleByNilLiteral.Type && !info.primaryKey { info.null = true }
        return Field(info: info, keyPath: keyPath, property: { $0[keyPath: keyPath] },
                     read: { $0[keyPath: keyPath].dateSQLValue },
                     write: { model, value in model[keyPath: keyPath] = try V(sqlValue: value) })
    }
    /// `JSONField`: any `Codable` value, stored as JSON text.
    public static func jsonField<V: Codable & Sendable>(_ name: String, _ keyPath: WritableKeyPath<M, V> & Sendable,
                                                       _ options: FieldOption...) -> Field {
        let info = FieldInfo(name: name, kind: .json, options: options)
        return Field(info: info, keyPath: keyPath, property: { $0[keyPath: keyPath] },
                     read: { model in
                         let encoder = JSONEncoder()
                         encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                         guard let data = try? encoder.encode(model[keyPath: keyPath]) else { return .null }
                         return .text(String(decoding: data, as: UTF8.self))
                     },
                     write: { model, value in
                         let text = value.isNull ? "null" : try String(sqlValue: value)
                         do {
                             model[keyPath: keyPath] = try JSONDecoder().decode(V.self, from: Data(text.utf8))
                         } catch {
                             throw DataError(message: "invalid JSON for field '\(name)': \(error)")
                         }
                     })
    }
}
