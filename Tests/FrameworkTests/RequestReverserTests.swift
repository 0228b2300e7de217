@testable import Framework
import Gateway
import Templates
import Testing

/// A render's `{% url %}` reverser: a single Int written into the page through the plan found
/// last (the flattened chains, lent with no reference counting) gives what the general way
/// gives, for every chain order, current app and script prefix, and refuses what it refuses.
@Suite("Request URL reverser: the Int path")
struct RequestReverserTests {
    static let view = View("v") { _, _ in HTTPResponse() }

    struct Odd: PathConverter {
        var regex: String { "odd[0-9]+" }
        func toValue(_ text: String) -> PathValue? { Int(text.dropFirst(3)).map(PathValue.int) }
        func toURL(_ value: PathValue) -> String? { value.int.flatMap { $0 % 2 == 1 ? "odd\($0)" : nil } }
    }

    static let site: SiteReference = {
        PathConverters.register(Odd(), name: "odd-reverser")
        return SiteReference(Site(name: "reversers", settings: Settings(), urlpatterns: [
            // Two chains for one name: the two-parameter one is skipped for one argument.
            path("pair/<int:a>/<int:b>/", view, name: "multi"),
            path("single/<int:n>/x y/", view, name: "multi"),
            // A two-parameter Int chain (skipped for one argument), one with another converter,
            // which decides from there on (the general way), then an Int chain.
            path("pair/<int:a>/<int:b>/", view, name: "mixed"),
            path("odd/<odd-reverser:n>/", view, name: "mixed"),
            path("even/<int:n>/", view, name: "mixed"),
            path("one/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "one")),
            path("two/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "two")),
        ]))
    }()

    func written(_ reverser: RequestURLReverser, _ name: String, _ argument: Any, escaping: Bool = true) throws -> String {
        var output = RenderBuffer()
        try reverser.reverse(name, argument: argument, into: &output, escaping: escaping)
        return output.string
    }

    @Test func intPathAgreesWithTheGeneralWay() throws {
        let urls = Self.site.site.urls
        for prefix in ["/", "/app/"] {
            for app in [nil, "one", "two"] as [String?] {
                let reverser = RequestURLReverser(urls: Self.site.site.urls, scriptPrefix: prefix, currentApp: app)
                for _ in 0..<3 {
                    for (name, number) in [("multi", 5), ("mixed", 3), ("mixed", 4), ("app:item", 12), ("multi", 0), ("app:item", 1234567890)] {
                        let expected = try urls.reverse(name, args: [.int(number)], currentApp: app, scriptPrefix: prefix)
                        #expect(try written(reverser, name, number) == expected)
                        #expect(try written(reverser, name, number, escaping: false) == expected)
                        #expect(try reverser.reverse(name, argument: number) == expected)
                    }
                    #expect(throws: NoReverseMatch.self) { try written(reverser, "multi", -1) }
                    #expect(throws: NoReverseMatch.self) { try written(reverser, "missing", 1) }
                }
            }
        }
        let plain = RequestURLReverser(urls: Self.site.site.urls, scriptPrefix: "/", currentApp: nil)
        #expect(try written(plain, "multi", 7) == "/single/7/x%20y/")
        #expect(try written(plain, "mixed", 7) == "/odd/odd7/")
        #expect(try written(plain, "mixed", 8) == "/even/8/")
        #expect(throws: NoReverseMatch.self) { try written(plain, "mixed", -1) }
        #expect(try written(RequestURLReverser(urls: Self.site.site.urls, scriptPrefix: "/", currentApp: "two"), "app:item", 3) == "/two/3/")
    }

    @Test func noSiteIsNoReverseMatch() {
        let reverser = RequestURLReverser(urls: nil, scriptPrefix: "/", currentApp: nil)
        #expect(throws: NoReverseMatch.self) { try written(reverser, "multi", 1) }
    }

    @Test func namespaceIsJoinedOnce() throws {
        let urls = URLResolver([
            path("", Self.view, name: "root"),
            path("a/", include([path("b/", include([path("<int:n>/", Self.view, name: "leaf")], appName: "inner", namespace: "b"))],
                               appName: "outer", namespace: "a")),
        ])
        #expect(try urls.resolve("/").namespace == "")
        #expect(try urls.resolve("/a/b/3/").namespace == "a:b")
        var match = try urls.resolve("/a/b/3/")
        match.namespaces = ["x"]
        #expect(match.namespace == "x")
    }
}

/// Renders of requests with no script name share their site's reverser for the current app;
/// a script name, or a match whose namespaces a view changed, gets a reverser of its own.
@Suite("Request URL reverser: shared per site")
struct SharedReverserTests {
    static let view = View("v") { _, _ in HTTPResponse() }
    static let reference = SiteReference(Site(name: "shared", settings: Settings(), urlpatterns: [
        path("", view, name: "home"),
        path("one/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "one")),
        path("two/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "two")),
    ]))

    func request(_ path: String, scriptName: String = "") throws -> HTTPRequest {
        var environ = Environ()
        environ.append("REQUEST_METHOD", "GET")
        environ.append("PATH_INFO", path)
        environ.append("SCRIPT_NAME", scriptName)
        let request = HTTPRequest(environ: environ)
        request.siteReference = Self.reference
        request.resolverMatch = try Self.reference.site.urls.resolve(path)
        return request
    }

    @Test func sharedByCurrentApp() throws {
        let one = try #require(try request("/one/3/").templateReverser([:]))
        #expect(one === (try request("/one/4/").templateReverser([:])))
        #expect(one.currentApp == "one" && one.scriptPrefix == "/")
        let two = try #require(try request("/two/3/").templateReverser([:]))
        #expect(two !== one && two.currentApp == "two")
        #expect(try two.reverse("app:item", argument: 5) == "/two/5/")
        #expect(try one.reverse("app:item", argument: 5) == "/one/5/")
        let home = try #require(try request("/").templateReverser([:]))
        #expect(home.currentApp == "")
        let unresolved = try request("/")
        unresolved.resolverMatch = nil
        #expect(try #require(unresolved.templateReverser([:])).currentApp == nil)
    }

    @Test func ownReverserOtherwise() throws {
        let prefixed = try #require(try request("/one/3/", scriptName: "/app/").templateReverser([:]))
        #expect(prefixed.scriptPrefix == "/app/" && prefixed.currentApp == "one")
        #expect(try prefixed.reverse("app:item", argument: 5) == "/app/one/5/")
        let changed = try request("/one/3/")
        changed.resolverMatch?.namespaces = ["elsewhere"]
        #expect(try #require(changed.templateReverser([:])).currentApp == "elsewhere")
        #expect(try request("/one/3/").templateReverser([URLTag.reverserKey: "mine"]) == nil)
    }
}
