@testable import Framework
import Testing

private struct Small: Equatable { var id: Int?; var flag = false }
private struct Large: Equatable { var id: Int?; var text: String; var more: [Int]; var last = 9 }
private struct Aligned: Equatable { var vector: SIMD4<Float>; var text: String }
private final class Object { let value = 5 }

/// Reading the value an `Any` holds in place, inline or boxed, as the model getters do; and
/// reverse plans found again by name alternating with others.
@Suite("Existential payloads and reverse plan memo")
struct ExistentialPayloadTests {
    @Test func readsInlineAndBoxedValues() {
        let small: Any = Small(id: 3, flag: true)
        let large: Any = Large(id: nil, text: String(repeating: "long text ", count: 5), more: [1, 2, 3])
        let aligned: Any = Aligned(vector: SIMD4(1, 2, 3, 4), text: "x")
        let object: Any = Object()
        #expect(ExistentialPayload.isInline(Small.self))
        #expect(!ExistentialPayload.isInline(Large.self))
        #expect(!ExistentialPayload.isInline(Aligned.self))
        #expect(ExistentialPayload.read(small, as: Small.self) { $0 } == Small(id: 3, flag: true))
        #expect(ExistentialPayload.read(large, as: Large.self) { $0 } == large as! Large)
        #expect(ExistentialPayload.read(aligned, as: Aligned.self) { $0 } == aligned as! Aligned)
        #expect(ExistentialPayload.read(object, as: Object.self) { $0 } === object as! Object)
        // A copy of the Any shares the box: still read right.
        let copy = large
        #expect(ExistentialPayload.read(copy, as: Large.self) { $0.text.count } == 50)
    }

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
