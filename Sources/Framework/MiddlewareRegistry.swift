/// Which middleware a MIDDLEWARE name stands for: Django imports the dotted path, Shallot looks
/// the name up here. The built-in middleware answer to Django's dotted names and to short ones.
public struct MiddlewareRegistry: Sendable {
    /// A factory in a struct of its own: a function stored straight in a dictionary is kept at
    /// the most general abstraction, and every get_response handed through it would be wrapped
    /// in reabstraction thunks that each request then calls through.
    private struct Entry: Sendable {
        let make: MiddlewareFactory
        /// One of `builtIn`'s own factories, which builds its middleware around the get_response
        /// it is given, unchanged (see `BuiltInMixin`).
        var isBuiltIn = false
    }

    private var factories: [String: Entry] = [:]
    /// The registered names, in the order they were first registered.
    public private(set) var names: [String] = []

    public init() {}

    /// Registers `factory` under `name`, replacing what was registered under it before.
    public mutating func register(_ name: String, _ factory: @escaping MiddlewareFactory) {
        if factories.updateValue(Entry(make: factory), forKey: name) == nil { names.append(name) }
    }

    /// The factory registered under `name`, or nil.
    public func factory(named name: String) -> MiddlewareFactory? { factories[name]?.make }

    /// Whether `name` still stands for the built-in factory it was registered with.
    func isBuiltIn(named name: String) -> Bool { factories[name]?.isBuiltIn ?? false }

    /// Django's built-in middleware that Shallot has, under their dotted and short names.
    public static let builtIn: MiddlewareRegistry = {
        var registry = MiddlewareRegistry()
        // Registered one by one: functions kept in an array of tuples would be stored at the
        // most general abstraction, and thunks would come with them (see `Entry`).
        func add(_ module: String, _ name: String, _ factory: @escaping MiddlewareFactory) {
            for key in ["\(module).\(name)", name] {
                registry.register(key, factory)
                registry.factories[key]?.isBuiltIn = true
            }
        }
        add("django.middleware.security", "SecurityMiddleware", SecurityMiddleware.factory)
        add("django.middleware.common", "CommonMiddleware", CommonMiddleware.factory)
        add("django.middleware.gzip", "GZipMiddleware", GZipMiddleware.factory)
        add("django.middleware.http", "ConditionalGetMiddleware", ConditionalGetMiddleware.factory)
        add("django.middleware.clickjacking", "XFrameOptionsMiddleware", XFrameOptionsMiddleware.factory)
        return registry
    }()
}
