import Synchronization

/// Attribute lookup for types that cannot conform to `TemplateLookup` themselves (their protocol
/// lives in a module that does not know templates): a library registers, per type, how its values
/// answer a name, and templates use that before reflection (Mirror, which costs about a
/// microsecond per lookup). The Framework registers a site's models so: `question.question_text`
/// reads the field through the model's metadata. A registered lookup that answers nil leaves the
/// name to reflection. A type that conforms to `TemplateLookup` and is registered too asks its
/// `templateValue(forKey:)` first, then the registered lookup when that answers nil.
public enum TemplateAttributes {
    /// The value for a name (`.some(nil)` for a found name whose value is None), or nil.
    public typealias Lookup = @Sendable (_ value: Any, _ name: String) -> Any??

    /// What a lookup needs to know of a value's dynamic type, worked out once per type: whether
    /// it conforms to `TemplateLookup` (so a type that does not pays no failing cast per
    /// lookup) and its registered lookup.
    /// (Unchecked: a metatype is immutable runtime metadata, safe to share between threads;
    /// `TemplateLookup` itself does not require Sendable.)
    struct TypeEntry: @unchecked Sendable {
        /// The type as a `TemplateLookup`, when it is one: its lookup is called through this
        /// metatype, with a cast of the value to its own type rather than to the protocol.
        let templateLookup: (any TemplateLookup.Type)?
        let attributes: Lookup?
        /// The type as a `TemplateArray` (a typed Swift array), when it is one.
        let arrayType: (any TemplateArray.Type)?
    }

    /// The registered lookups, and the entries worked out from them by dynamic type (emptied
    /// by `register`, which happens at start-up): one lock, so no entry outlives a change.
    /// Entries dropped by a registration are kept (`retired`), since `lastEntry` may still
    /// point at one.
    private struct State {
        var registry: [ObjectIdentifier: Lookup] = [:]
        var entries: [ObjectIdentifier: EntryBox] = [:]
        var retired: [EntryBox] = []
    }

    /// An entry as `State` keeps it, with the registration count it was made under.
    final class EntryBox: Sendable {
        let type: ObjectIdentifier
        let generation: Int
        let entry: TypeEntry
        init(type: ObjectIdentifier, generation: Int, entry: TypeEntry) {
            self.type = type
            self.generation = generation
            self.entry = entry
        }
    }

    private static let state = Mutex(State())
    /// The entry asked for last, unretained (`state` keeps every box alive), 0 for none: a
    /// render asking about the same type again (a list's truth, then its items) takes no lock.
    private static let lastEntry = Atomic<UInt>(0)

    /// Registers (or replaces) the lookup for values of `type`.
    public static func register(_ type: Any.Type, _ lookup: @escaping Lookup) {
        state.withLock {
            $0.registry[ObjectIdentifier(type)] = lookup
            $0.retired += $0.entries.values
            $0.entries.removeAll()
            registrations.add(1, ordering: .releasing)
        }
    }

    /// The lookup registered for `type`, if any.
    static func lookup(for type: Any.Type) -> Lookup? {
        state.withLock { $0.registry[ObjectIdentifier(type)] }
    }

    /// The entry for values whose dynamic type is `type` (not `AnyHashable`, whose values'
    /// conformance depends on what each holds).
    static func entry(for type: Any.Type) -> TypeEntry {
        if let hit = lastBox(for: type) { return hit._withUnsafeGuaranteedRef { $0.entry } }
        return box(for: type)._withUnsafeGuaranteedRef { $0.entry }
    }

    /// `entry(for: type).arrayType`, with no copy of the rest of the entry (its lookup
    /// closure would be retained and released).
    @inline(__always) static func arrayType(for type: Any.Type) -> (any TemplateArray.Type)? {
        if let hit = lastBox(for: type) { return hit._withUnsafeGuaranteedRef { $0.entry.arrayType } }
        return box(for: type)._withUnsafeGuaranteedRef { $0.entry.arrayType }
    }

    /// The box asked for last when it is `type`'s (read with no lock and no retain).
    @inline(__always) private static func lastBox(for type: Any.Type) -> Unmanaged<EntryBox>? {
        let bits = lastEntry.load(ordering: .acquiring)
        guard bits != 0 else { return nil }
        let box = Unmanaged<EntryBox>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)
        let hit = box._withUnsafeGuaranteedRef { $0.type == ObjectIdentifier(type) && $0.generation == registrations.load(ordering: .acquiring) }
        return hit ? box : nil
    }

    /// The box of `type`'s entry, made the first time; remembered as the last one asked for.
    private static func box(for type: Any.Type) -> Unmanaged<EntryBox> {
        let key = ObjectIdentifier(type)
        let box = state.withLock { state in
            if let known = state.entries[key] { return known }
            let entry = TypeEntry(templateLookup: type as? any TemplateLookup.Type, attributes: state.registry[key],
                                  arrayType: type as? any TemplateArray.Type)
            let box = EntryBox(type: key, generation: registrations.load(ordering: .acquiring), entry: entry)
            state.entries[key] = box
            return box
        }
        lastEntry.store(UInt(bitPattern: Unmanaged.passUnretained(box).toOpaque()), ordering: .releasing)
        return Unmanaged.passUnretained(box)
    }
}

extension TemplateLookup {
    /// `templateValue(forKey:)` of `value`, which must be a `Self`.
    static func templateValue(of value: Any, forKey key: String) -> Any? {
        (value as! Self).templateValue(forKey: key)
    }
}
