/// The context a template renders with: a stack of levels (`with`, `for` and includes push and
/// pop), the autoescape switch, and a render context for state that lives as long as one render
/// of one template (cycle positions, block lists), as Django's Context has.
public final class Context {
    // Read several times per variable of every row, these two skip the runtime's exclusivity
    // check: no access to them can overlap another, since a context belongs to one render on
    // one thread and nothing runs while a frame is being changed but that change.
    @exclusivity(unchecked) var frames: [Frame]
    @exclusivity(unchecked) public var autoescape: Bool
    /// The innermost `for` loop's item when it is a dictionary, already cast, with the loop
    /// variable's name: valid while `itemLevel` is the number of levels (any push, pop or
    /// change of a level sets it to -1 until the loop's next item).
    /// (The item is kept in memory of the context's own, read in place without a retain.)
    /// (Made when a loop first has a dictionary item.)
    @exclusivity(unchecked) private var itemDict: UnsafeMutablePointer<DictionaryRow>?
    @exclusivity(unchecked) private var itemName: SmallKey?
    @exclusivity(unchecked) private var itemLevel = -1
    /// Per-render state keyed by node (Django's render_context), made when first asked for.
    public var renderContext: RenderContext {
        get {
            if let made = madeRenderContext { return made }
            let made = RenderContext()
            madeRenderContext = made
            return made
        }
        set { madeRenderContext = newValue }
    }
    private var madeRenderContext: RenderContext?
    /// The template being rendered (for its engine and name).
    @exclusivity(unchecked) public var template: Template?
    /// The reverser `{% url %}` uses, set once per render by whoever renders for a request;
    /// when nil the tag looks for one in the context under `URLTag.reverserKey`.
    @exclusivity(unchecked) public var reverser: URLReverser?
    /// A reverser object, tried before `reverser` (see `TemplateURLReverser`).
    @exclusivity(unchecked) public var urlReverser: (any TemplateURLReverser)?

    /// What every Django context holds at its bottom: True, False and None.
    static var builtins: [String: Any] { builtinFrame.dict }
    /// The bottom level, made once: never changed (nothing writes below the values' level),
    /// and copied by value into each context.
    nonisolated(unsafe) private static let builtinFrame = Frame(["True": true, "False": false, "None": Optional<Any>.none as Any])

    public init(_ values: [String: Any] = [:], autoescape: Bool = true) {
        frames = [Self.builtinFrame, Frame(values)]
        self.autoescape = autoescape
    }

    /// A context whose `values` stand over `defaults` (Django's RequestContext: the context
    /// processors' values a level below the view's), with no merged copy of the two.
    public init(_ values: [String: Any], beneath defaults: [String: Any], autoescape: Bool = true) {
        frames = defaults.isEmpty ? [Self.builtinFrame, Frame(values)] : [Self.builtinFrame, Frame(defaults), Frame(values)]
        baseLevels = frames.count
        self.autoescape = autoescape
    }

    /// `init(_:beneath:autoescape:)` whose defaults' level also holds `slots`: values named
    /// apart from its dictionary (one per name, names not repeated), found before it.
    public init(_ values: [String: Any], beneath defaults: [String: Any], slots: (names: [String], values: [Any])?, autoescape: Bool = true) {
        if let slots {
            precondition(slots.names.count == slots.values.count, "a value per slot name")
            var level = Frame(defaults)
            level.names = slots.names
            level.values = slots.values
            // (Made with room for a few more levels, so a `for` loop's level is pushed with no
            // copy of these into a larger array.)
            var levels: [Frame] = []
            levels.reserveCapacity(6)
            levels.append(Self.builtinFrame)
            levels.append(level)
            levels.append(Frame(values))
            frames = levels
        } else {
            frames = defaults.isEmpty ? [Self.builtinFrame, Frame(values)] : [Self.builtinFrame, Frame(defaults), Frame(values)]
        }
        baseLevels = frames.count
        self.autoescape = autoescape
    }

    /// The levels a `pop` never removes: the builtins, the defaults if any, and the values.
    private var baseLevels = 2

    deinit {
        if let itemDict {
            itemDict.deinitialize(count: 1)
            itemDict.deallocate()
        }
    }

    public subscript(key: String) -> Any? {
        get {
            for frame in frames.reversed() {
                if let value = frame.value(key) { return value ?? Optional<Any>.none as Any }
            }
            return nil
        }
        set {
            itemLevel = -1
            frames[frames.count - 1].set(key, newValue)
        }
    }

    /// The value of `key` from the innermost level that holds it (`.some(nil)` for a nil value),
    /// or nil when no level does: one pass for lookups.
    public func lookup(_ key: String) -> Any?? {
        find(key).map { Value.isNone($0) ? nil : $0 }
    }

    /// The value of `key` from the innermost level that holds it, or nil when none does; a nil
    /// value is `Value.none` (an `Optional<Any>.none` in an `Any`), so nothing is double-wrapped.
    @inline(__always) func find(_ key: String) -> Any? {
        // (Each level read where it is: `frames[index].find(key)` copies each level, four
        // retains and four releases.)
        frames.withUnsafeBufferPointer { levels in
            guard let first = levels.baseAddress else { return nil }
            var index = levels.count
            while index > 0 {
                index -= 1
                if let value = Frame.find(key, at: first + index) { return value }
            }
            return nil
        }
    }

    /// Whether any level holds `key` (even with a nil value).
    public func contains(_ key: String) -> Bool { frames.contains { $0.value(key) != nil } }

    public func push(_ values: [String: Any] = [:]) {
        itemLevel = -1
        frames.append(Frame(values))
    }

    /// Pushes a level holding `names` in slots that `setSlot` changes without hashing (a
    /// `for` loop's variable and `forloop`).
    func push(slots names: [String]) {
        itemLevel = -1
        var frame = Frame([:])
        frame.names = names
        frame.values = names.map { _ in Frame.Absent() }
        frames.append(frame)
    }

    /// Sets slot `index` of the innermost level (pushed with `push(slots:)`).
    @inline(__always) func setSlot(_ index: Int, _ value: Any) {
        itemLevel = -1
        frames[frames.count - 1].values[index] = value
    }

    /// Sets a `for` loop's item in slot 0 of the innermost level, keeping a dictionary item
    /// already cast (so `row.name` costs no cast from `Any`), and its `forloop` when the
    /// loop's variable does not hide it.
    @inline(__always) func setLoopItem(_ item: consuming Any, named name: SmallKey?, loop: ForLoop?) {
        let top = frames.count - 1
        if ValueKind.dynamicType(item) == [String: Any].self {
            let row = DictionaryRow(ValueKind.payload(item, as: [String: Any].self))
            if let itemDict {
                itemDict.pointee = row
            } else {
                let made = UnsafeMutablePointer<DictionaryRow>.allocate(capacity: 1)
                made.initialize(to: row)
                itemDict = made
            }
            itemName = name
            itemLevel = frames.count
        } else {
            itemLevel = -1
        }
        frames[top].loop = loop
        frames[top].values[0] = item
    }

    /// `setLoopItem` for an item known not to be a dictionary (an element of a typed array
    /// other than `[[String: Any]]`): the item moved into slot 0, and the `forloop` set only
    /// when it is not already there.
    @inline(__always) func setLoopItem(moving item: consuming Any, loop: ForLoop?) {
        itemLevel = -1
        let top = frames.count - 1
        if frames[top].loop !== loop { frames[top].loop = loop }
        frames[top].values[0] = item
    }

    /// Field `key` of the innermost level's loop item when that is a dictionary named `name`,
    /// looked up in place; nil otherwise.
    @inline(__always) func loopField(_ pair: LookupPair) -> Any? {
        guard itemLevel == frames.count, let itemName, itemName == pair.head, let itemDict else { return nil }
        return pair.field.value(in: itemDict)
    }

    /// The innermost level's first slot (a `for` loop's item) when that slot is named `name`
    /// and set: the value `find(name)` would give; nil otherwise. (A copy of the slot, so
    /// what is done with it next, which may change the levels, holds nothing of theirs.)
    @inline(__always) func loopItem(named name: SmallKey) -> Any? {
        let top = frames.count - 1
        guard top >= 0, frames[top].firstKey == name, !frames[top].values.isEmpty else { return nil }
        let item = frames[top].values[0]
        return ValueKind.dynamicType(item) == Frame.Absent.self ? nil : item
    }

    /// The innermost level's `forloop`, when the lookup starts with "forloop".
    @inline(__always) func loopObject(_ pair: LookupPair) -> ForLoop? {
        guard pair.isForloop else { return nil }
        return frames[frames.count - 1].loop
    }

    public func pop() {
        itemLevel = -1
        if frames.count > baseLevels { frames.removeLast() }
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
        itemLevel = -1
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
    var names: [String] = [] {
        didSet { firstKey = names.first.flatMap(SmallKey.init) }
    }
    /// The first slot's name as a small key (nil when there is none or it is not small), so
    /// a loop item is found with no read of `names`.
    private(set) var firstKey: SmallKey?
    /// Slot values; `Absent` while a slot is unset.
    var values: [Any] = []

    /// The `forloop` of slot 1 (set by `setLoopItem`, dropped when any slot changes otherwise).
    var loop: ForLoop?

    /// What an unset slot holds.
    struct Absent {}

    init(_ dict: [String: Any]) { self.dict = dict }

    /// The value of `key` at this level (`.some(nil)` for a nil value), or nil.
    func value(_ key: String) -> Any?? { find(key).map { Value.isNone($0) ? nil : $0 } }

    /// The value of `key` at this level (`Value.none` for a nil value), or nil.
    func find(_ key: String) -> Any? { withUnsafePointer(to: self) { Self.find(key, at: $0) } }

    /// `find` of the level at `level`, read through the pointer (no copy of the level made).
    @inline(__always) static func find(_ key: String, at level: UnsafePointer<Frame>) -> Any? {
        let layout = SmallKey.layout
        let count = level.pointee.names.count
        var index = 0
        while index < count {
            if SmallKey.same(level.pointee.names[index], key, layout: layout) {
                if ValueKind.dynamicType(level.pointee.values[index]) != Absent.self { return level.pointee.values[index] }
                break
            }
            index += 1
        }
        if level.pointee.dict.isEmpty { return nil }
        // A level of a few names (the builtins, a view's values) is searched by comparing
        // them: cheaper than hashing the key.
        if level.pointee.dict.count <= 4 {
            var position = level.pointee.dict.startIndex
            while position != level.pointee.dict.endIndex {
                if SmallKey.same(level.pointee.dict.keys[position], key, layout: layout) { return level.pointee.dict.values[position] }
                level.pointee.dict.formIndex(after: &position)
            }
            return nil
        }
        return level.pointee.dict[key]
    }

    mutating func set(_ key: String, _ value: Any?) {
        if let index = names.firstIndex(of: key) {
            values[index] = value ?? Absent()
            loop = nil
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

    /// The node whose state `state(for:_:)` gave last, and that state: a loop asks for the
    /// same node's state on every iteration.
    private var lastNode: ObjectIdentifier?
    private var lastState: AnyObject?

    /// State kept for a node across the loop iterations of one render.
    public subscript(node: AnyObject) -> Any? {
        get { storage[ObjectIdentifier(node)] }
        set {
            let key = ObjectIdentifier(node)
            if key == lastNode { lastNode = nil; lastState = nil }
            storage[key] = newValue
        }
    }

    /// A node's state object, made by `make` the first time it is asked for in this render.
    func state<T: AnyObject>(for node: AnyObject, _ make: () -> T) -> T {
        let key = ObjectIdentifier(node)
        if key == lastNode, let state = lastState as? T { return state }
        let state: T
        if let found = storage[key] as? T { state = found } else { state = make(); storage[key] = state }
        lastNode = key
        lastState = state
        return state
    }

    /// State kept under a name (the block context of `extends`).
    public subscript(name: String) -> Any? {
        get { named[name] }
        set { named[name] = newValue }
    }
}
