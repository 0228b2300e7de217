/// The context a template renders with: a stack of levels (`with`, `for` and includes push and
/// pop), the autoescape switch, and a render context for state that lives as long as one render
/// of one template (cycle positions, block lists), as Django's Context has.
public final class Context {
    var frames: [Frame]
    public var autoescape: Bool
    /// Per-render state keyed by node (Django's render_context).
    public var renderContext = RenderContext()
    /// The template being rendered (for its engine and name).
    public var template: Template?

    /// What every Django context holds at its bottom: True, False and None.
    static var builtins: [String: Any] { ["True": true, "False": false, "None": Optional<Any>.none as Any] }

    public init(_ values: [String: Any] = [:], autoescape: Bool = true) {
        frames = [Frame(Self.builtins), Frame(values)]
        self.autoescape = autoescape
    }

    public subscript(key: String) -> Any? {
        get {
            for frame in frames.reversed() {
                if let value = frame.value(key) { return value ?? Optional<Any>.none as Any }
            }
            return nil
        }
        set { frames[frames.count - 1].set(key, newValue) }
    }

    /// The value of `key` from the innermost level that holds it (`.some(nil)` for a nil value),
    /// or nil when no level does: one pass for lookups.
    public func lookup(_ key: String) -> Any?? {
        find(key).map { Value.isNone($0) ? nil : $0 }
    }

    /// The value of `key` from the innermost level that holds it, or nil when none does; a nil
    /// value is `Value.none` (an `Optional<Any>.none` in an `Any`), so nothing is double-wrapped.
    @inline(__always) func find(_ key: String) -> Any? {
        var index = frames.count
        while index > 0 {
            index -= 1
            if let value = frames[index].find(key) { return value }
        }
        return nil
    }

    /// Whether any level holds `key` (even with a nil value).
    public func contains(_ key: String) -> Bool { frames.contains { $0.value(key) != nil } }

    public func push(_ values: [String: Any] = [:]) { frames.append(Frame(values)) }

    /// Pushes a level holding `names` in slots that `setSlot` changes without hashing (a
    /// `for` loop's variable and `forloop`).
    func push(slots names: [String]) {
        var frame = Frame([:])
        frame.names = names
        frame.values = names.map { _ in Frame.Absent() }
        frames.append(frame)
    }

    /// Sets slot `index` of the innermost level (pushed with `push(slots:)`).
    @inline(__always) func setSlot(_ index: Int, _ value: Any) {
        frames[frames.count - 1].values[index] = value
    }

    public func pop() {
        if frames.count > 2 { frames.removeLast() }
    }

    /// Runs `body` with `values` pushed, popping them afterwards whatever happens.
    public func with<T>(_ values: [String: Any], _ body: () throws -> T) rethrows -> T {
        push(values)
        defer { pop() }
        return try body()
    }

    /// Every key visible, the innermost value winning.
    public var flattened: [String: Any] {
        frames.dropFirst().reduce(into: [:]) { result, frame in result.merge(frame.all) { _, new in new } }
    }

    /// Django's `set_upward`: sets `key` in the innermost level that has it, else the current one.
    func setUpward(_ key: String, _ value: Any?) {
        for index in frames.indices.reversed() where frames[index].value(key) != nil {
            frames[index].set(key, value as Any)
            return
        }
        self[key] = value as Any
    }

    /// The engine of the template being rendered.
    public var engine: Engine? { template?.engine }
}

/// One level of a context: a dictionary, and a few named slots searched first (a `for` loop's
/// variable and `forloop`, found by comparing names rather than hashing them).
struct Frame {
    var dict: [String: Any]
    var names: [String] = []
    /// Slot values; `Absent` while a slot is unset.
    var values: [Any] = []

    /// What an unset slot holds.
    struct Absent {}

    init(_ dict: [String: Any]) { self.dict = dict }

    /// The value of `key` at this level (`.some(nil)` for a nil value), or nil.
    func value(_ key: String) -> Any?? { find(key).map { Value.isNone($0) ? nil : $0 } }

    /// The value of `key` at this level (`Value.none` for a nil value), or nil.
    @inline(__always) func find(_ key: String) -> Any? {
        var index = 0
        while index < names.count {
            if names[index] == key {
                if type(of: values[index]) != Absent.self { return values[index] }
                break
            }
            index += 1
        }
        if dict.isEmpty { return nil }
        return dict[key]
    }

    mutating func set(_ key: String, _ value: Any?) {
        if let index = names.firstIndex(of: key) {
            values[index] = value ?? Absent()
        } else {
            dict[key] = value
        }
    }

    /// The level's values as one dictionary.
    var all: [String: Any] {
        var result = dict
        for (name, value) in zip(names, values) where type(of: value) != Absent.self { result[name] = value }
        return result
    }
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
