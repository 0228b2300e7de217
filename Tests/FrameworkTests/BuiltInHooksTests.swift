import Framework
import Gateway
import Synchronization
import Testing

/// Built-in hook-style middleware from the built-in factories have their hooks run by the
/// handler's layer (MiddlewareMixin's own call, without the closure): the same headers, order
/// and answers; a built-in middleware a site's own factory builds around another get_response
/// still goes through that closure.
@Suite("Handler: built-in middleware hooks")
struct BuiltInHooksTests {
    static let builtIns = [
        "django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware",
        "django.middleware.gzip.GZipMiddleware", "django.middleware.http.ConditionalGetMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]

    func builtInSite(_ middleware: [String], registry: MiddlewareRegistry = .builtIn, appendSlash: Bool = true) -> Site {
        var settings = Settings()
        settings.allowedHosts = ["testserver"]
        settings.middleware = middleware
        settings.appendSlash = appendSlash
        return Site(name: "hooks", settings: settings, urlpatterns: [
            path("page/", View("page") { _, _ in HTTPResponse("hello") }),
        ], middleware: registry)
    }

    @Test func builtInHeadersInDjangosOrder() throws {
        let response = try call(builtInSite(Self.builtIns), environ("/page/"))
        #expect(response.status == "200 OK")
        #expect(response.headers.map(\.name) == [
            "Content-Type", "X-Frame-Options", "ETag", "Content-Length", "X-Content-Type-Options", "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
        ])
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }

    @Test func answersFromHooksStillPassOuterResponseHooks() throws {
        // CommonMiddleware's process_response redirects the unslashed path; Security's still adds its headers.
        let redirect = try call(builtInSite(Self.builtIns), environ("/page"))
        #expect(redirect.status == "301 Moved Permanently")
        #expect(redirect.header("Location") == "/page/")
        #expect(redirect.header("X-Content-Type-Options") == "nosniff")
        // A disallowed host: CommonMiddleware's process_request raises; the layer answers 400.
        let refused = try call(builtInSite(Self.builtIns), environ("/page/", headers: ["HTTP_HOST": "evil.example"]))
        #expect(refused.status == "400 Bad Request")
    }

    @Test func aSitesOwnFactoryKeepsItsGetResponse() throws {
        let calls = Mutex(0)
        var registry = MiddlewareRegistry.builtIn
        // A built-in middleware built around a closure of the site's own, under a built-in name.
        registry.register("django.middleware.clickjacking.XFrameOptionsMiddleware") { settings, next in
            XFrameOptionsMiddleware(settings: settings) { request in
                calls.withLock { $0 += 1 }
                let response = next(request)
                response["X-Wrapped"] = "yes"
                return response
            }
        }
        let response = try call(builtInSite(Self.builtIns, registry: registry), environ("/page/"))
        #expect(calls.withLock { $0 } == 1)
        #expect(response.header("X-Wrapped") == "yes")
        #expect(response.header("X-Frame-Options") == "DENY")
    }
}
