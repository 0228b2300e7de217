import Database
import Templates

/// A handler for an error status: Django's `handler400`, `handler403`, `handler404`, `handler500`.
public typealias ErrorHandler = @Sendable (HTTPRequest, any Error) throws -> HTTPResponseBase

/// A site: settings, the root URLconf and the middleware it can name. What a project's
/// `settings.py` and `urls.py` are to Django; the handler turns it into the WSGI callable.
public struct Site: Sendable {
    public var name: String
    public var settings: Settings
    public var urls: URLResolver
    public var middleware: MiddlewareRegistry
    public var handler400: ErrorHandler?
    public var handler403: ErrorHandler?
    public var handler404: ErrorHandler?
    public var handler500: ErrorHandler?
    /// The template engine TEMPLATES describes (with templates held in memory, if any), and the
    /// context processors it may name.
    public var templates: Engine
    public var contextProcessors: ContextProcessorRegistry
    /// The models of the site's apps, for `makemigrations`, `dumpdata` and `loaddata`.
    public var models: [any Model.Type]
    /// The migrations of the site's apps, in the order they apply (`migrate`).
    public var migrations: [Migration]
    /// Run once when a handler is built for the site, after the databases are configured
    /// (Django's `AppConfig.ready()`): the sample site creates its database here.
    public var ready: (@Sendable (Site) throws -> Void)?

    public init(name: String, settings: Settings, urlpatterns: [URLEntry], middleware: MiddlewareRegistry = .builtIn,
                templates: [String: String] = [:], contextProcessors: ContextProcessorRegistry = .builtIn,
                models: [any Model.Type] = [], migrations: [Migration] = [], ready: (@Sendable (Site) throws -> Void)? = nil) {
        self.name = name
        self.settings = settings
        urls = URLResolver(urlpatterns)
        self.middleware = middleware
        self.templates = Engine(dirs: settings.templates.dirs, templates: templates, autoescape: settings.templates.autoescape,
                                stringIfInvalid: settings.templates.stringIfInvalid, debug: settings.debug)
        self.contextProcessors = contextProcessors
        self.models = models
        ModelAttributes.register(models)
        self.migrations = migrations
        self.ready = ready
    }

    /// Hands DATABASES to the connection registry queries use (`ConnectionHandler.current`).
    public func configureDatabases() {
        for (alias, database) in settings.databases { ConnectionHandler.current.configure(alias, database) }
    }
}
