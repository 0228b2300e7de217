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
    private struct State {
        var registry: [ObjectIdentifier: Lookup] = [:]
        var entries: [ObjectIdentifier: TypeEntry] = [:]
    }

    private static let state = Mutex(State())

    /// Registers (or replaces) the lookup for values of `type`.
    public static func register(_ type: Any.Type, _ lookup: @escaping Lookup) {
        state.withLock {
            $0.registry[ObjectIdentifier(type)] = lookup
            $0.entries.removeAll()
        }
        registrations.add(1, ordering: .releasing)
    }

    /// The lookup registered for `type`, if any.
    static func lookup(for type: Any.Type) -> Lookup? {
        state.withLock { $0.registry[ObjectIdentifier(type)] }
    }

    /// The entry for values whose dynamic type is `type` (not `AnyHashable`, whose values'
    /// conformance depends on what each holds).
    static func entry(for type: Any.Type) -> TypeEntry {
        let key = ObjectIdentifier(type)
        return state.withLock { state in
            if let known = state.entries[key] { return known }
            let entry = TypeEntry(templateLookup: type as? any TemplateLookup.Type, attributes: state.registry[key],
                                  arrayType: type as? any TemplateArray.Type)
            state.entries[key] = entry
            return entry
        }
    }
}

extension TemplateLookup {
    /// `templateValue(forKey:)` of `value`, which must be a `Self`.
    static func templateValue(of value: Any, forKey key: String) -> Any? {
        (value as! Self).templateValue(forKey: key)
    }
}
