import Framework

/// The sample site that `shallot` runs when no other site is given: settings as `startproject`
/// writes them, a polls application under a namespaced include, and views that show every phase
/// of the lifecycle.
public enum SampleSite {
    public static let site: Site = {
        var middleware = MiddlewareRegistry.builtIn
        middleware.register("sample.middleware.ShortCircuitMiddleware", ShortCircuitMiddleware.factory)
        return Site(name: "mysite", settings: settings, urlpatterns: urlpatterns, middleware: middleware,
                    templates: SiteTemplates.all)
    }()

    /// `mysite/settings.py`: DEBUG on as in development, the startproject middleware stack and
    /// one middleware of the site's own that answers some requests itself.
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
