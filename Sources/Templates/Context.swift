/// The context a template renders with: a stack of dictionaries (`with`, `for` and includes
/// push and pop), the autoescape switch, and a render context for state that lives as long as
/// one render of one template (cycle positions, block lists), as Django's Context has.
public final class Context {
    var dicts: [[String: Any]]
    public var autoescape: Bool
    /// Per-render state keyed by node (Django's render_context).
    public var renderContext = RenderContext()
    /// The template being rendered (for its engine and name).
    public var template: Template?

    /// What every Django context holds at its bottom: True, False and None.
    static var builtins: [String: Any] { ["True": true, "False": false, "None": Optional<Any>.none as Any] }

    public init(_ values: [String: Any] = [:], autoescape: Bool = true) {
        dicts = [Self.builtins, values]
        self.autoescape = autoescape
    }

    public subscript(key: String) -> Any? {
        get {
            for dict in dicts.reversed() {
                if let value = dict[key] { return value }
                if dict.keys.contains(key) { return Optional<Any>.none as Any }
            }
            return nil
        }
        set { dicts[dicts.count - 1][key] = newValue }
    }

    /// The value of `key` from the innermost level that holds it (`.some(nil)` for a nil value),
    /// or nil when no level does: one pass for lookups.
    public func lookup(_ key: String) -> Any?? {
        var index = dicts.count
        while index > 0 {
            index -= 1
            if let value = dicts[index][key] { return .some(value) }
        }
        return nil
    }

    /// Whether any level holds `key` (even with a nil value).
    public func contains(_ key: String) -> Bool { dicts.contains { $0.keys.contains(key) } }

    public func push(_ values: [String: Any] = [:]) { dicts.append(values) }

    public func pop() {
        if dicts.count > 2 { dicts.removeLast() }
    }

    /// Runs `body` with `values` pushed, popping them afterwards whatever happens.
    public func with<T>(_ values: [String: Any], _ body: () throws -> T) rethrows -> T {
        push(values)
        defer { pop() }
        return try body()
    }

    /// Every key visible, the innermost value winning.
    public var flattened: [String: Any] {
        dicts.dropFirst().reduce(into: [:]) { result, dict in result.merge(dict) { _, new in new } }
    }

    /// The engine of the template being rendered.
    public var engine: Engine? { template?.engine }
}

/// State that belongs to one render of one template: includes get a fresh one (Django's
/// RenderContext), so a cycle in an included template starts over.
public final class RenderContext {
    var storage: [ObjectIdentifier: Any] = [:]
    var named: [String: Any] = [:]

    public init() {}

    /// State kept for a node across the loop iterations of one render.
    public subscript(node: AnyObject) -> Any? {
        get { storage[ObjectIdentifier(node)] }
        set { storage[ObjectIdentifier(node)] = newValue }
    }

    /// State kept under a name (the block context of `extends`).
    public subscript(name: String) -> Any? {
        get { named[name] }
        set { named[name] = newValue }
    }
}
