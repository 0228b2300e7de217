import Foundation
@testable import Framework
import Testing

/// Reversing through the precompiled plans: the same answers as the general way for every
/// converter, and NoReverseMatch for whatever the general way refuses.
@Suite("URL resolver: precompiled reverse plans")
struct ReversePlanTests {
    static let view = View("v") { _, _ in HTTPResponse() }

    struct FourDigits: PathConverter {
        var regex: String { "[0-9]{4}" }
        func toValue(_ text: String) -> PathValue? { Int(text).map(PathValue.int) }
        func toURL(_ value: PathValue) -> String? { value.int.map { String(format: "%04d", $0) } }
    }

    let urls: URLResolver = {
        PathConverters.register(FourDigits(), name: "yyyy-plan")
        return URLResolver([
            path("int/<int:n>/", view, name: "int"),
            path("str/<str:s>/", view, name: "str"),
            path("slug/<slug:s>/", view, name: "slug"),
            path("uuid/<uuid:u>/", view, name: "uuid"),
            path("path/<path:p>", view, name: "path"),
            path("year/<yyyy-plan:y>/", view, name: "year"),
            path("two/<int:a>/<slug:b>/", view, name: "two"),
            path("space here/<str:s>/", view, name: "space"),
            path("by/<int:owner>/", include([path("<int:n>/", view, name: "inner")], appName: "nested")),
            rePath("^re/(?P<n>[0-9]+)/$", view, name: "re"),
            path("shop/", include([
                path("<int:n>/", view, name: "item"),
                rePath("^old/([0-9]+)/$", view, name: "old"),
            ], appName: "shop")),
        ])
    }()

    @Test func everyConverter() throws {
        let uuid = UUID(uuidString: "6F8A1C2E-0B3D-4E5F-8A9B-0C1D2E3F4A5B")!
        #expect(try urls.reverse("int", args: [.int(7)]) == "/int/7/")
        #expect(try urls.reverse("int", args: [.string("42")]) == "/int/42/")
        #expect(try urls.reverse("str", args: [.string("a b")]) == "/str/a%20b/")
        #expect(try urls.reverse("str", args: [.int(3)]) == "/str/3/")
        #expect(try urls.reverse("slug", args: [.string("hello-world_1")]) == "/slug/hello-world_1/")
        #expect(try urls.reverse("uuid", args: [.uuid(uuid)]) == "/uuid/6f8a1c2e-0b3d-4e5f-8a9b-0c1d2e3f4a5b/")
        #expect(try urls.reverse("path", args: [.string("a/b/c.txt")]) == "/path/a/b/c.txt")
        #expect(try urls.reverse("year", args: [.int(7)]) == "/year/0007/")
        #expect(try urls.reverse("two", args: [.int(1), .string("x")]) == "/two/1/x/")
        #expect(try urls.reverse("space", args: [.string("é")]) == "/space%20here/%C3%A9/")
        #expect(try urls.reverse("re", kwargs: ["n": .int(5)]) == "/re/5/")
        #expect(try urls.reverse("shop:item", args: [.int(9)], scriptPrefix: "/app/") == "/app/shop/9/")
        #expect(try urls.reverse("shop:old", args: [.int(9)]) == "/shop/old/9/")
    }

    @Test func positionalAndKeywordAgree() throws {
        for (name, args, kwargs) in [
            ("int", [PathValue.int(7)], ["n": PathValue.int(7)]),
            ("two", [.int(1), .string("x")], ["a": .int(1), "b": .string("x")]),
            ("year", [.int(2026)], ["y": .int(2026)]),
        ] {
            #expect(try urls.reverse(name, args: args) == urls.reverse(name, kwargs: kwargs))
        }
    }

    @Test func badArgumentsAreStillNoReverseMatch() throws {
        #expect(throws: NoReverseMatch.self) { try urls.reverse("int", args: [.int(-1)]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("int", args: [.string("x1")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("int", args: [.string("")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("int", args: []) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("int", args: [.int(1), .int(2)]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("str", args: [.string("a/b")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("str", args: [.string("")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("slug", args: [.string("not a slug")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("uuid", args: [.string("nope")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("path", args: [.string("")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("year", args: [.int(12345)]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("two", args: [.int(1)]) }
        // The include prefix takes a parameter: positional arguments never reverse it (as Django).
        #expect(throws: NoReverseMatch.self) { try urls.reverse("nested:inner", args: [.int(1), .int(2)]) }
        #expect(try urls.reverse("nested:inner", kwargs: ["owner": .int(1), "n": .int(2)]) == "/by/1/2/")
        #expect(throws: NoReverseMatch.self) { try urls.reverse("re", args: [.string("x")]) }
        #expect(throws: NoReverseMatch.self) { try urls.reverse("missing", args: [.int(1)]) }
        do {
            _ = try urls.reverse("int", args: [.int(-1)])
        } catch let error as NoReverseMatch {
            #expect(error.message == "Reverse for 'int' with arguments '('-1',)' not found.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func repeatedReversesGiveTheSameAnswer() throws {
        for number in 0..<50 {
            #expect(try urls.reverse("shop:item", args: [.int(number)]) == "/shop/\(number)/")
            #expect(throws: NoReverseMatch.self) { try urls.reverse("shop:item", args: [.int(-number - 1)]) }
        }
    }
}
