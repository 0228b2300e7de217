import Synchronization

extension TemplateAttributes {
    /// How values of one type read one name: the value (nil for None). Called with a value
    /// whose dynamic type is exactly the registered type.
    public typealias FieldGetter = @Sendable (_ value: Any) -> Any?
    /// The getter for a name on values of one type, or nil when the type has no such name
    /// (asked once per lookup site, not per lookup).
    public typealias FieldResolver = @Sendable (_ name: String) -> FieldGetter?

    /// Registers (or replaces) the per-name getters of `type`. They must answer exactly as
    /// the `Lookup` registered for the type does (a name the resolver knows is one that lookup
    /// finds, with the same value): a variable uses them, cached per lookup site, in place of
    /// that lookup.
    public static func register(_ type: Any.Type, fields resolver: @escaping FieldResolver) {
        resolvers.withLock { $0[ObjectIdentifier(type)] = resolver }
        registrations.add(1, ordering: .releasing)
    }

    private static let resolvers = Mutex<[ObjectIdentifier: FieldResolver]>([:])

    /// How many registrations there have been: a lookup site's getter is only used while no
    /// registration came after it was found.
    static let registrations = Atomic<Int>(0)

    /// The getter of `name` for values of `type`, when it has registered getters, knows the
    /// name, and is not a `TemplateLookup` (whose own lookup answers first).
    static func fieldGetter(for type: Any.Type, name: String) -> FieldGetter? {
        guard let resolver = resolvers.withLock({ $0[ObjectIdentifier(type)] }) else { return nil }
        guard entry(for: type).templateLookup == nil else { return nil }
        return resolver(name)
    }
}

/// The attribute getter one lookup step (`question.id`'s `id`) found for the first type it met
/// that has registered getters: a later value of that exact type is read through it, with no
/// dictionary lookup by name, no lock and no cast. A value of any other type takes the general
/// way, as does every value once a registration has come after the site settled (a
/// monomorphic inline cache: set once, read with two atomic loads, plain loads on x86 and ARM).
final class AttributeSite: Sendable {
    /// What the site knows of one type: its getter for the name, or nil for "look it up".
    final class Entry: Sendable {
        let type: ObjectIdentifier
        let getter: TemplateAttributes.FieldGetter?
        let generation: Int
        /// The getter again, not optional (a getter answering nil when there is none), with
        /// `hasGetter`: called where the entry holds it, with no copy of the closure.
        let call: TemplateAttributes.FieldGetter
        let hasGetter: Bool
        init(type: ObjectIdentifier, getter: TemplateAttributes.FieldGetter?, generation: Int) {
            self.type = type
            self.getter = getter
            self.generation = generation
            call = getter ?? { _ in nil }
            hasGetter = getter != nil
        }
    }

    /// The entry, retained by the site (an `Unmanaged` reference's bits, 0 until settled):
    /// set once, read in place without a retain.
    private let entry = Atomic<UInt>(0)
    let name: String

    init(_ name: String) { self.name = name }

    deinit {
        let bits = entry.load(ordering: .acquiring)
        if bits != 0 { Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).release() }
    }

    /// The getter for values of `type`, or nil when they take the general way.
    @inline(__always) func getter(for type: Any.Type) -> TemplateAttributes.FieldGetter? {
        let bits = entry.load(ordering: .acquiring)
        guard bits != 0 else { return first(type) }
        return Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)._withUnsafeGuaranteedRef { known in
            guard known.type == ObjectIdentifier(type),
                  known.generation == TemplateAttributes.registrations.load(ordering: .acquiring) else { return nil }
            return known.getter
        }
    }

    /// Calls `body` with what the getter for values of `type` answers for `value` (nil for
    /// None) and answers true, or answers false (`body` not called) when values of `type` take
    /// the general way. The getter is called where the site keeps it: not retained for the call.
    @inline(__always) func read(_ value: Any, type: Any.Type, _ body: (consuming Any?) -> Void) -> Bool {
        let bits = entry.load(ordering: .acquiring)
        guard bits != 0 else {
            guard let getter = first(type) else { return false }
            body(getter(value))
            return true
        }
        return Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)._withUnsafeGuaranteedRef { known in
            guard known.type == ObjectIdentifier(type),
                  known.generation == TemplateAttributes.registrations.load(ordering: .acquiring),
                  known.hasGetter else { return false }
            body(known.call(value))
            return true
        }
    }

    /// Settles the site on the first type it meets (a type with no getters for the name is
    /// remembered too, so it is not asked again).
    private func first(_ type: Any.Type) -> TemplateAttributes.FieldGetter? {
        let generation = TemplateAttributes.registrations.load(ordering: .acquiring)
        let made = Entry(type: ObjectIdentifier(type), getter: TemplateAttributes.fieldGetter(for: type, name: name), generation: generation)
        let bits = UInt(bitPattern: Unmanaged.passRetained(made).toOpaque())
        guard entry.compareExchange(expected: 0, desired: bits, ordering: .acquiringAndReleasing).exchanged else {
            Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).release()
            return nil
        }
        return made.getter
    }
}
