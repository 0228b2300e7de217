/// Which middleware a MIDDLEWARE name stands for: Django imports the dotted path, Shallot looks
/// the name up here. The built-in middleware answer to Django's dotted names and to short ones.
public struct MiddlewareRegistry: Sendable {
    private var factories: [String: MiddlewareFactory] = [:]
    /// The registered names, in the order they were first registered.
    public private(set) var names: [String] = []

    public init() {}

    /// Registers `factory` under `name`, replacing what was registered under it before.
    public mutating func register(_ name: String, _ factory: @escaping MiddlewareFactory) {
        if factories.updateValue(factory, forKey: name) == nil { names.append(name) }
    }

    /// The factory registered under `name`, or nil.
    public func factory(named name: String) -> MiddlewareFactory? { factories[name] }

    /// Django's built-in middleware that Shallot has, under their dotted and short names.
    public static let builtIn: MiddlewareRegistry = {
        var registry = MiddlewareRegistry()
        let builtIns: [(module: String, name: String, factory: MiddlewareFactory)] = [
            ("django.middleware.security", "SecurityMiddleware", SecurityMiddleware.factory),
            ("django.middleware.common", "CommonMiddleware", CommonMiddleware.factory),
            ("django.middleware.gzip", "GZipMiddleware", GZipMiddleware.factory),
            ("django.middleware.http", "ConditionalGetMiddleware", ConditionalGetMiddleware.factory),
            ("django.middleware.clickjacking", "XFrameOptionsMiddleware", XFrameOptionsMiddleware.factory),
        ]
        for entry in builtIns {
            registry.register("\(entry.module).\(entry.name)", entry.factory)
            registry.register(entry.name, entry.factory)
        }
        return registry
    }()
}
