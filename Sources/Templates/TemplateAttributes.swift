import Synchronization

/// Attribute lookup for types that cannot conform to `TemplateLookup` themselves (their protocol
/// lives in a module that does not know templates): a library registers, per type, how its values
/// answer a name, and templates use that before reflection (Mirror, which costs about a
/// microsecond per lookup). The Framework registers a site's models so: `question.question_text`
/// reads the field through the model's metadata. A registered lookup that answers nil leaves the
/// name to reflection.
public enum TemplateAttributes {
    /// The value for a name (`.some(nil)` for a found name whose value is None), or nil.
    public typealias Lookup = @Sendable (_ value: Any, _ name: String) -> Any??

    private static let registry = Mutex<[ObjectIdentifier: Lookup]>([:])
    private static let used = Atomic<Bool>(false)

    /// Registers (or replaces) the lookup for values of `type`.
    public static func register(_ type: Any.Type, _ lookup: @escaping Lookup) {
        registry.withLock { $0[ObjectIdentifier(type)] = lookup }
        used.store(true, ordering: .releasing)
    }

    /// The lookup registered for `type`, if any.
    static func lookup(for type: Any.Type) -> Lookup? {
        guard used.load(ordering: .acquiring) else { return nil }
        return registry.withLock { $0[ObjectIdentifier(type)] }
    }
}
