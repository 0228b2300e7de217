/// The middleware a site can name in MIDDLEWARE: Django's dotted names and short names, mapped
/// to factories. A site registers its own beside the built-in ones.
public struct MiddlewareRegistry: Sendable {
    private var factories: [String: MiddlewareFactory] = [:]

    public init() {}

    /// The middleware Shallot ships, under Django's names and short ones.
    public static let builtIn = MiddlewareRegistry()

    public func factory(named name: String) -> MiddlewareFactory? { factories[name] }

    public mutating func register(_ name: String, _ factory: @escaping MiddlewareFactory) {
        factories[name] = factory
    }

    public var names: [String] { factories.keys.sorted() }
}
