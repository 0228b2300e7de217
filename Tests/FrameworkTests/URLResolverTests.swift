import Foundation
import Framework
import Testing

@Suite("URL resolver: path, re_path, include, reverse")
struct URLResolverTests {
    static let view = View("v") { _, _ in HTTPResponse() }

    let urls = URLResolver([
        path("", view, name: "home"),
        path("polls/", include([
            path("", view, name: "index"),
            path("<int:question_id>/", view, name: "detail"),
            path("<int:question_id>/results/", view, name: "results"),
        ], appName: "polls")),
        path("articles/<int:year>/<slug:slug>/", view, name: "article"),
        path("files/<path:rest>", view, name: "file"),
        path("items/<uuid:id>/", view, name: "item"),
        rePath("^archive/(?P<year>[0-9]{4})/$", view, name: "archive"),
        rePath("^legacy/([0-9]+)/$", view, name: "legacy"),
        path("author-polls/", include([path("<int:question_id>/", view, name: "detail")], appName: "polls", namespace: "author-polls")),
    ])

    @Test func converters() throws {
        #expect(try urls.resolve("/polls/3/").arguments["question_id"] == .int(3))
        let article = try urls.resolve("/articles/2024/hello-world/")
        #expect(article.arguments.named == ["year": .int(2024), "slug": .string("hello-world")])
        #expect(try urls.resolve("/files/a/b/c.txt").arguments["rest"] == .string("a/b/c.txt"))
        let uuid = "6f8a1c2e-0b3d-4e5f-8a9b-0c1d2e3f4a5b"
        #expect(try urls.resolve("/items/\(uuid)/").arguments["id"] == .uuid(UUID(uuidString: uuid)!))
        #expect(throws: Resolver404.self) { try urls.resolve("/items/NOT-A-UUID/") }
        #expect(throws: Resolver404.self) { try urls.resolve("/polls/abc/") }
        #expect(throws: Resolver404.self) { try urls.resolve("/articles/2024/not a slug/") }
    }

    @Test func matchCarriesNamesRouteAndNamespaces() throws {
        let match = try urls.resolve("/polls/3/results/")
        #expect(match.urlName == "results")
        #expect(match.route == "polls/<int:question_id>/results/")
        #expect(match.appNames == ["polls"])
        #expect(match.namespaces == ["polls"])
        #expect(match.viewName == "polls:results")
        #expect(try urls.resolve("/author-polls/1/").namespaces == ["author-polls"])
    }

    @Test func matchListsThePatternsTriedBeforeIt() throws {
        // Listed when asked for (the URLconf walked again for the path): the same as Django's
        // ResolverMatch.tried, includes' patterns after their prefix.
        #expect(try urls.resolve("/").tried.isEmpty)
        #expect(try urls.resolve("/polls/").tried == [[" [name='home']"]])
        #expect(try urls.resolve("/polls/3/results/").tried == [
            [" [name='home']"], ["polls/", " [name='index']"], ["polls/", "<int:question_id>/ [name='detail']"],
        ])
        #expect(try urls.resolve("/legacy/42/").tried.count == 6)
        #expect(try urls.resolve("/legacy/42/").tried[1] == ["polls/"])
        #expect(try urls.resolve("/author-polls/1/").tried.last == ["^legacy/([0-9]+)/$ [name='legacy']"])
        // A match given its list keeps it, and setting one replaces what would be worked out.
        var match = try urls.resolve("/polls/3/")
        match.tried = [["x"]]
        #expect(match.tried == [["x"]])
        #expect(ResolverMatch(view: Self.view, arguments: ViewArguments(), urlName: nil, route: "", tried: [["y"]]).tried == [["y"]])
    }

    @Test func settingANameOfAMatchChangesThatMatchOnly() throws {
        // A match holds its URLconf entry by reference: a name set on one match gives it an
        // entry of its own, and neither the URLconf nor another match of the same entry changes.
        var changed = try urls.resolve("/polls/3/")
        changed.urlName = nil
        changed.route = "elsewhere/"
        changed.appNames = ["other"]
        changed.namespaces = ["other", "inner"]
        changed.view = View("replacement") { _, _ in HTTPResponse() }
        #expect(changed.urlName == nil && changed.route == "elsewhere/" && changed.appNames == ["other"])
        #expect(changed.namespace == "other:inner" && changed.view.name == "replacement")
        #expect(changed.viewName == "other:inner:replacement")
        #expect(changed.arguments["question_id"] == .int(3))
        let again = try urls.resolve("/polls/3/")
        #expect(again.urlName == "detail" && again.route == "polls/<int:question_id>/" && again.appNames == ["polls"])
        #expect(again.namespaces == ["polls"] && again.view.name == "v" && again.viewName == "polls:detail")
        var copy = again
        copy.urlName = "renamed"
        #expect(again.urlName == "detail" && copy.urlName == "renamed" && copy.route == again.route)
    }

    @Test func oneKeywordArgumentActsAsADictionary() throws {
        // A route with one parameter keeps its value without a dictionary; it must read, compare,
        // change and merge as the dictionary would.
        var arguments = try urls.resolve("/polls/7/").arguments
        #expect(arguments["question_id"] == .int(7) && arguments["other"] == nil)
        #expect(arguments.named == ["question_id": .int(7)])
        #expect(arguments == ViewArguments(named: ["question_id": .int(7)]))
        #expect(arguments != ViewArguments(named: ["question_id": .int(8)]))
        #expect(arguments != ViewArguments(positional: [.int(7)]))
        arguments.named["extra"] = .string("x")
        #expect(arguments.named == ["question_id": .int(7), "extra": .string("x")])
        #expect(arguments["extra"] == .string("x") && arguments["question_id"] == .int(7))
        arguments.named = [:]
        #expect(arguments.named.isEmpty && arguments["question_id"] == nil)
        // Defaults join a one-parameter route's value; a prefix's value joins the inner one's.
        let withDefaults = URLResolver([
            path("a/<int:id>/", Self.view, name: "a", kwargs: ["page": .int(2)]),
            path("<slug:lang>/", include([path("b/<int:id>/", Self.view, name: "b")])),
        ])
        #expect(try withDefaults.resolve("/a/3/").arguments.named == ["id": .int(3), "page": .int(2)])
        #expect(try withDefaults.resolve("/en/b/4/").arguments.named == ["lang": .string("en"), "id": .int(4)])
        #expect(try withDefaults.resolve("/en/b/4/").arguments["lang"] == .string("en"))
    }

    @Test func rePathGroups() throws {
        #expect(try urls.resolve("/archive/2003/").arguments.named == ["year": .string("2003")])
        let legacy = try urls.resolve("/legacy/42/")
        #expect(legacy.arguments.positional == [.string("42")])
        #expect(legacy.arguments.named.isEmpty)
        #expect(throws: Resolver404.self) { try urls.resolve("/archive/03/") }
    }

    @Test func resolver404ListsEveryPatternTried() {
        // As Django: an include whose prefix does not match is listed alone; one whose prefix
        // matches lists each of its patterns after the prefix.
        do {
            _ = try urls.resolve("/polls/abc/")
            Issue.record("resolved")
        } catch let miss as Resolver404 {
            #expect(miss.path == "polls/abc/")
            #expect(miss.tried.prefix(4) == [
                [" [name='home']"], ["polls/", " [name='index']"],
                ["polls/", "<int:question_id>/ [name='detail']"], ["polls/", "<int:question_id>/results/ [name='results']"],
            ])
            #expect(miss.tried.last == ["author-polls/"])
            #expect(miss.tried.count == 10)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func reverse() throws {
        #expect(try urls.reverse("home") == "/")
        #expect(try urls.reverse("polls:index") == "/polls/")
        #expect(try urls.reverse("polls:detail", args: [.int(3)]) == "/polls/3/")
        #expect(try urls.reverse("polls:detail", kwargs: ["question_id": .int(3)]) == "/polls/3/")
        #expect(try urls.reverse("author-polls:detail", args: [.int(5)]) == "/author-polls/5/")
        #expect(try urls.reverse("polls:detail", args: [.int(5)], currentApp: "author-polls") == "/author-polls/5/")
        #expect(try urls.reverse("article", kwargs: ["year": .int(2024), "slug": .string("hi")]) == "/articles/2024/hi/")
        #expect(try urls.reverse("archive", kwargs: ["year": .string("2003")]) == "/archive/2003/")
        #expect(try urls.reverse("legacy", args: [.int(42)]) == "/legacy/42/")
        #expect(try urls.reverse("polls:index", scriptPrefix: "/app/") == "/app/polls/")
    }

    @Test func reverseFailuresAreNoReverseMatch() {
        #expect(throws: NoReverseMatch.self) { try urls.reverse("missing") }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("polls:detail") }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("polls:detail", args: [.string("abc")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("nope:index") }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("archive", kwargs: ["year": .string("03")]) }
        do {
            _ = try urls.reverse("detail")
        } catch let error as NoReverseMatch {
            #expect(error.message == "Reverse for 'detail' with no arguments not found.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func customConverter() throws {
        struct FourDigitYear: PathConverter {
            var regex: String { "[0-9]{4}" }
            func toValue(_ text: String) -> PathValue? { Int(text).map(PathValue.int) }
            func toURL(_ value: PathValue) -> String? { value.int.map { String(format: "%04d", $0) } }
        }
        PathConverters.register(FourDigitYear(), name: "yyyy")
        let custom = URLResolver([path("year/<yyyy:year>/", Self.view, name: "year")])
        #expect(try custom.resolve("/year/2024/").arguments["year"] == .int(2024))
        #expect(throws: Resolver404.self) { try custom.resolve("/year/24/") }
        #expect(try custom.reverse("year", kwargs: ["year": .int(999)]) == "/year/0999/")
    }

    @Test func badRoutesAreReportedNotFatal() {
        let broken = URLResolver([path("x/<nope:value>/", Self.view), path("y/<int:not-an-identifier>/", Self.view), rePath("([", Self.view)])
        #expect(broken.problems.count == 3)
        #expect(broken.problems[0] == "URL route 'x/<nope:value>/' uses invalid converter 'nope'.")
        #expect(throws: Resolver404.self) { try broken.resolve("/x/1/") }
    }

    @Test func routesListEveryPatternWithItsWholeRoute() {
        let routes = urls.routes
        #expect(routes.count == 10)
        #expect(routes[2].route == "polls/<int:question_id>/")
        #expect(routes[2].name == "polls:detail")
        #expect(routes.last?.name == "author-polls:detail")
    }
}
