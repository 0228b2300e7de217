import Database
import Templates

/// What templates see of the ORM: `question.choice_set.all` and `.count` on a reverse relation,
/// as Django's related managers answer them. (A model's own fields are found by name, and
/// `question_text` finds `questionText`.) A query that fails here renders as an invalid
/// variable, since a template lookup cannot raise.
extension RelatedSet: TemplateLookup {
    public func templateValue(forKey key: String) -> Any? {
        switch key {
        case "all": (try? all().fetch()).map(Self.elements)
        case "count": try? count()
        case "exists": try? exists()
        default: nil
        }
    }

    /// The rows as a template's list: each boxed in turn, with no runtime array cast.
    static func elements(_ rows: [R]) -> [Any] {
        var list: [Any] = []
        list.reserveCapacity(rows.count)
        for row in rows { list.append(row) }
        return list
    }
}

/// A query set in a template iterates its rows (`{% for q in latest_question_list %}`) and
/// answers `count`, `exists`, `first` and `last`.
extension QuerySet: TemplateLookup {
    public func templateValue(forKey key: String) -> Any? {
        switch key {
        case "all": (try? fetch()).map(Self.elements)
        case "count": try? count()
        case "exists": try? exists()
        case "first": (try? first()).flatMap { $0 }
        case "last": (try? last()).flatMap { $0 }
        default: nil
        }
    }

    /// The rows as a template's list: each boxed in turn, with no runtime array cast.
    static func elements(_ rows: [M]) -> [Any] { RelatedSet<M>.elements(rows) }
}

/// `choice.question.question_text`: a foreign key in a template looks through to the object it
/// points at (loaded on first use, as Django's forward descriptor does).
extension ForeignKey: TemplateLookup {
    public func templateValue(forKey key: String) -> Any? {
        guard let target = object ?? (try? get()) else { return nil }
        if let value = target[field: key] { return value }
        return Variable.lookup(key, in: target) ?? nil
    }
}

/// A site's models answer template lookups from their metadata (`question.question_text`, the
/// `ForeignKey` of `choice.question`, `question.choice_set`), not by reflection; other names
/// (stored properties that are not fields) still go to reflection.
enum ModelAttributes {
    static func register(_ models: [any Model.Type]) {
        for model in models { register(model) }
    }

    private static func register<M: Model>(_ model: M.Type) {
        // Model.templateAttribute's table, over values of this model's exact type (which is how
        // TemplateAttributes finds this lookup). An optional field's value comes unwrapped
        // (`question.id` is an Int), decided by the field's type once: every later use (printing,
        // `{% url %}` arguments) would unwrap it again.
        let attributes = M.meta.erasedTemplateAttributes
        TemplateAttributes.register(M.self) { value, name in
            guard let get = attributes[name] else { return nil }
            return .some(get(value))
        }
        // The same table by name, for the lookup sites that cache a getter: the model is read
        // where the value holds it (the existential opened in place), with no cast and no copy.
        let typed = M.meta.templateAttributes
        TemplateAttributes.register(M.self, fields: { name in
            guard let get = typed[name] else { return nil }
            return { value in
                // The lookup site has checked that the value's dynamic type is M: the opened type
                // is M (then the getter's function type is the same as `(T) -> Any?`), or another
                // existential holding an M (a generic's `Any` of an `any Sendable`), cast.
                func read<T>(_ model: T) -> Any? {
                    if T.self == M.self { return unsafeBitCast(get, to: (@Sendable (T) -> Any?).self)(model) }
                    return get(model as! M)
                }
                return _openExistential(value, do: read)
            }
        })
    }
}
