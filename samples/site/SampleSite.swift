import Database
import Framework

/// The sample site that `shallot` runs when no other site is given: settings as `startproject`
/// writes them, the tutorial's polls application on an embedded SQLite database (created,
/// migrated and loaded on first use; see polls/Database.swift), and views that show every phase
/// of the lifecycle.
public enum SampleSite {
    /// The site on its database at `SampleDatabase.defaultPath()` (`$SHALLOT_SAMPLE_DB`, else a
    /// per-user data folder).
    public static let site: Site = make(databasePath: SampleDatabase.defaultPath())

    /// The site on the database file at `databasePath`.
    static func make(databasePath: String) -> Site {
        var middleware = MiddlewareRegistry.builtIn
        middleware.register("sample.middleware.ShortCircuitMiddleware", ShortCircuitMiddleware.factory)
        var settings = settings
        // CONN_MAX_AGE = None: each worker thread keeps its connection for good. The database is
        // an embedded file, with no server to drop an idle connection, and a connection opened
        // per request would pay for opening the file, its PRAGMAs and re-preparing every
        // statement each time — most of a small view's cost.
        settings.databases["default"] = .sqlite(databasePath, connMaxAge: nil)
        return Site(name: "mysite", settings: settings, urlpatterns: urlpatterns, middleware: middleware,
                    templates: SiteTemplates.all, models: [Question.self, Choice.self], migrations: Polls.migrations,
                    ready: SampleDatabase.prepare)
    }

    /// `mysite/settings.py`: DEBUG on as in development, the startproject middleware stack and
    /// one middleware of the site's own that answers some requests itself. (DATABASES is set by
    /// `make(databasePath:)`.)
    public static var settings: Settings {
        var settings = Settings()
        settings.debug = true
        settings.secretKey = "django-insecure-sample-site-key-for-development-only"
        settings.allowedHosts = ["localhost", "127.0.0.1", "[::1]", "testserver"]
        settings.middleware = Settings.startprojectMiddleware + ["sample.middleware.ShortCircuitMiddleware"]
        return settings
    }

    /// `mysite/urls.py`.
    public static let urlpatterns: [URLEntry] = [
        path("", Views.home, name: "home"),
        path("polls/", include(Polls.urlpatterns, appName: "polls")),
        path("api/polls/", Views.pollsJSON, name: "api-polls"),
        path("old-polls/", Views.oldPolls, name: "old-polls"),
        path("stream/", Views.stream, name: "stream"),
        path("error/", Views.error, name: "error"),
        path("forbidden/", Views.forbidden, name: "forbidden"),
        path("echo/", Views.echo, name: "echo"),
        path("about/", AboutView.asView(name: "mysite.views.AboutView"), name: "about"),
    ]
}
