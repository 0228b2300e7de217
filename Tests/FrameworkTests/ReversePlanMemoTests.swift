@testable import Framework
import Testing

/// Reverse plans found again by name, alternating with other names and current apps.
@Suite("Reverse plan memo")
struct ReversePlanMemoTests {
    @Test func reversePlansByNameAndApp() throws {
        let view = View("v") { _, _ in HTTPResponse() }
        let urls = URLResolver([
            path("a/<int:n>/", view, name: "a"),
            path("b/<int:n>/", view, name: "b"),
            path("one/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "one")),
            path("two/", include([path("<int:n>/", view, name: "item")], appName: "app", namespace: "two")),
        ])
        for _ in 0..<3 {
            #expect(try urls.reverse("a", args: [.int(1)]) == "/a/1/")
            #expect(try urls.reverse("a", args: [.int(12)]) == "/a/12/")
            #expect(try urls.reverse("b", args: [.int(2)]) == "/b/2/")
            #expect(try urls.reverse("app:item", args: [.int(3)], currentApp: "one") == "/one/3/")
            #expect(try urls.reverse("app:item", args: [.int(3)], currentApp: "two") == "/two/3/")
            #expect(try urls.reverse("app:item", args: [.int(1234567890)], currentApp: "two", scriptPrefix: "/p/") == "/p/two/1234567890/")
            #expect(throws: NoReverseMatch.self) { try urls.reverse("a", args: [.int(-1)]) }
            #expect(try urls.reverse("a", args: [.string("7")]) == "/a/7/")
        }
    }
}
