/// What a template value is, found from its type's identity rather than by dynamic casts.
///
/// Rendering asks "is this a String? a SafeString? a dictionary?" for every variable of every
/// row; an `as?` cast from `Any` answers through the runtime's cast machinery (and a failed
/// cast to a protocol through a conformance lookup), while comparing metatypes is one pointer
/// comparison. The hot paths switch on this first and cast only once they know the answer.
enum ValueKind {
    case string, safe, int, double, bool, list, dictionary, templateDictionary
    /// Any other type: a struct, class, enum, Date, closure, Optional…
    case other

    @inline(__always) init(_ value: Any) {
        let type = Self.dynamicType(value)
        if type == String.self { self = .string }
        else if type == Int.self { self = .int }
        else if type == SafeString.self { self = .safe }
        else if type == [String: Any].self { self = .dictionary }
        else if type == Double.self { self = .double }
        else if type == Bool.self { self = .bool }
        else if type == [Any].self { self = .list }
        else if type == TemplateDictionary.self { self = .templateDictionary }
        else { self = .other }
    }
}

/// The kind of a type's runtime metadata, read from the stable Swift ABI: the first word of a
/// non-class type's metadata is its `MetadataKind` (swift/ABI/MetadataKind.def). Knowing a
/// value is an Optional or a function this way costs one load instead of a conformance lookup
/// or a demangled type name.
enum MetadataKind {
    private static let nonHeap = 0x200, nonType = 0x100

    @inline(__always) private static func kind(of type: Any.Type) -> Int {
        unsafeBitCast(type, to: UnsafePointer<Int>.self).pointee
    }

    /// `Optional<Wrapped>` for any `Wrapped`.
    @inline(__always) static func isOptional(_ type: Any.Type) -> Bool { kind(of: type) == 2 | nonHeap }

    /// A struct, an enum or an Optional.
    @inline(__always) static func isValueType(_ type: Any.Type) -> Bool {
        let kind = kind(of: type)
        return kind >= nonHeap && kind <= 2 | nonHeap
    }

    /// A function or closure type.
    @inline(__always) static func isFunction(_ type: Any.Type) -> Bool { kind(of: type) == 2 | nonHeap | nonType }
}

extension ValueKind {
    /// `type(of: value)` without a call into the runtime for the plain values: when the
    /// existential's own type is a struct, an enum or an Optional (not a class, whose dynamic
    /// type may be a subclass, nor another existential wrapping the value) it is the answer.
    @inline(__always) static func dynamicType(_ value: borrowing Any) -> Any.Type {
        let stored = withUnsafePointer(to: value) {
            UnsafeRawPointer($0).load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: Any.Type.self)
        }
        if MetadataKind.isValueType(stored) { return stored }
        return Swift.type(of: value)
    }

    /// The type the existential container of `value` holds itself: its dynamic type, or
    /// another existential's type when the value is wrapped in one (a generic's `Any` of an
    /// `any P`).
    @inline(__always) static func storedType(_ value: borrowing Any) -> Any.Type {
        withUnsafePointer(to: value) {
            UnsafeRawPointer($0).load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: Any.Type.self)
        }
    }

    /// The payload of `value` when the caller has checked that its dynamic type is `T`, one of
    /// the plain types above (String, SafeString, Int, Double, Bool, [String: Any], [Any]).
    /// These fit the existential's inline buffer: when the container's own type is `T` (not
    /// another existential wrapping it) the value is read from there instead of through the
    /// runtime's dynamic cast.
    @inline(__always) static func payload<T>(_ value: borrowing Any, as _: T.Type) -> T {
        withUnsafePointer(to: value) { pointer in
            let container = UnsafeRawPointer(pointer)
            let stored = container.load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: UnsafeRawPointer.self)
            if stored == unsafeBitCast(T.self as Any.Type, to: UnsafeRawPointer.self) {
                return container.load(as: T.self)
            }
            return pointer.pointee as! T
        }
    }
}
