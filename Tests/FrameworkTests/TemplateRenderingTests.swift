import Framework
import Gateway
import Templates
import Testing

@Suite("Framework: render, TemplateResponse, context processors, TemplateView")
struct TemplateRenderingTests {
    static let templates = [
        "hello.html": "Hello {{ name }} at {{ request.path }}{{ extra }}",
        "about.html": "About {{ topic }}",
        "escaped.html": "{{ name }}",
    ]

    func templateSite(_ patterns: [URLEntry], middleware: [(String, MiddlewareFactory)] = []) -> Site {
        var registry = MiddlewareRegistry()
        for (name, factory) in middleware { registry.register(name, factory) }
        var settings = Settings()
        settings.allowedHosts = ["testserver"]
        settings.middleware = middleware.map(\.0)
        return Site(name: "t", settings: settings, urlpatterns: patterns, middleware: registry, templates: Self.templates)
    }

    @Test func renderUsesTheRequestContextProcessor() throws {
        let view = View("hello") { request, _ in try render(request, "hello.html", ["name": "<Ada>"]) }
        let response = try call(templateSite([path("hi/", view)]), environ("/hi/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "Hello &lt;Ada&gt; at /hi/")
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
    }

    @Test func templateResponseRendersAfterTemplateResponseMiddleware() throws {
        final class AddExtra: Middleware, TemplateResponseMiddleware {
            let next: GetResponse
            init(_ next: @escaping GetResponse) { self.next = next }
            func callAsFunction(_ request: HTTPRequest) throws -> HTTPResponseBase { next(request) }
            func processTemplateResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
                (response as? TemplateResponse)?.contextData["extra"] = "!"
                return response
            }
        }
        let factory: MiddlewareFactory = { _, next in AddExtra(next) }
        let view = View("hello") { request, _ in TemplateResponse(request, "hello.html", ["name": "Ada"]) }
        let response = try call(templateSite([path("hi/", view)], middleware: [("extra", factory)]), environ("/hi/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "Hello Ada at /hi/!")
    }

    @Test func templateViewRendersItsTemplateWithTheURLArguments() throws {
        final class About: TemplateView {
            override var templateName: String { "about.html" }
        }
        let response = try call(templateSite([path("about/<slug:topic>/", About.asView(name: "about"))]), environ("/about/swift/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "About swift")
    }

    @Test func aMissingTemplateIsA500WithTheNameInTheTechnicalPage() throws {
        var site = templateSite([path("x/", View("x") { request, _ in try render(request, "nope.html") })])
        site.settings.debug = true
        let response = try call(site, environ("/x/", headers: ["HTTP_ACCEPT": "text/plain"]))
        #expect(response.status == "500 Internal Server Error")
        #expect(String(decoding: response.body, as: UTF8.self).contains("Exception Type: TemplateDoesNotExist"))
    }

    @Test func renderingJoinsTheTrace() throws {
        let view = View("hello") { request, _ in try render(request, "hello.html", ["name": "Ada"]) }
        var env = environ("/hi/")
        let trace = LifecycleTrace()
        env.extensions[LifecycleTrace.key] = trace
        _ = try CompletedResponse.collect(from: Handler(site: templateSite([path("hi/", view)])).application, environ: env)
        let event = try #require(trace.events.first { $0.phase == "template" })
        #expect(event.name == "hello.html")
        #expect(event.detail.contains("context processors: django.template.context_processors.request"))
    }

    /// The request processor's `request` sits in a slot of the processors' level: a later
    /// processor's "request" still stands over it, and it stands over an earlier one's.
    @Test func theRequestProcessorsValueKeepsItsPlaceAmongProcessors() throws {
        let view = View("hello") { request, _ in try render(request, "hello.html", ["name": "Ada"]) }
        func page(_ processors: [String]) throws -> String {
            var site = templateSite([path("hi/", view)])
            site.contextProcessors.register("before") { _ in ["request": ["path": "before"], "extra": "+"] }
            site.contextProcessors.register("after") { _ in ["request": ["path": "after"]] }
            site.settings.templates.contextProcessors = processors
            return String(decoding: try call(site, environ("/hi/")).body, as: UTF8.self)
        }
        let request = "django.template.context_processors.request"
        #expect(try page([request]) == "Hello Ada at /hi/")
        #expect(try page(["before", request]) == "Hello Ada at /hi/+")
        #expect(try page([request, "after"]) == "Hello Ada at after")
        #expect(try page(["before", request, "after"]) == "Hello Ada at after+")
        #expect(try page(["before"]) == "Hello Ada at before+")
        // Only request processors (the site's list worked out once): the request, or nothing.
        #expect(try page([]) == "Hello Ada at ")
        #expect(try page(["unregistered"]) == "Hello Ada at ")
        #expect(try page([request, "unregistered", request]) == "Hello Ada at /hi/")
        // A processor registered over the built-in name is an ordinary one.
        var site = templateSite([path("hi/", view)])
        site.contextProcessors.register(request) { _ in ["request": ["path": "mine"]] }
        #expect(String(decoding: try call(site, environ("/hi/")).body, as: UTF8.self) == "Hello Ada at mine")
    }
}
