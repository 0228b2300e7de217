import Database
@testable import Framework
import Templates
import Testing

/// A model as templates read it, registered as a site registers its models.
private struct LookupNote: Model {
    var id: Int?
    var title = ""
    var body = String(repeating: "long enough to be kept in a box ", count: 2)
    static let meta = ModelMeta<LookupNote>(app: "notes", fields: [
        .bigAutoField(\.id),
        .charField("title", \.title, maxLength: 50),
        .textField("body", \.body),
    ])
}

/// Helps make an `Any` that holds another existential (as a generic's `Any` of an
/// `any Sendable` does).
private func erased<T>(_ value: T) -> Any { value }

/// A model's attributes read through the getters cached per lookup site: the model held
/// directly, inside another existential, and beside values of other types at the same site.
@Suite("Model attributes through cached getters")
struct ModelLookupTests {
    @Test func directNestedAndMixed() throws {
        ModelAttributes.register([LookupNote.self])
        let engine = Engine(templates: ["t.html": "{% for n in notes %}{{ n.title }}:{{ n.id }}:{{ n.pk }},{% endfor %}"])
        var first = LookupNote()
        first.id = 1
        first.title = "one"
        var second = LookupNote()
        second.title = "two"
        let direct: [Any] = [first, second]
        #expect(try engine.getTemplate("t.html").render(["notes": direct]) == "one:1:1,two:None:None,")
        let sendables: [any Sendable] = [first, second]
        let nested: [Any] = sendables.map(erased)
        #expect(try engine.getTemplate("t.html").render(["notes": nested]) == "one:1:1,two:None:None,")
        #expect(try engine.getTemplate("t.html").render(["notes": sendables]) == "one:1:1,two:None:None,")
        let mixed: [Any] = [["title": "dict", "id": 3, "pk": 3] as [String: Any], first]
        #expect(try engine.getTemplate("t.html").render(["notes": mixed]) == "dict:3:3,one:1:1,")
    }

    @Test func noneInsideAnotherExistential() {
        let inner: any Sendable = Optional<Int>.none
        #expect(Value.unwrap(erased(inner)) == nil)
        let optionalAny: Any? = nil
        #expect(Value.unwrap(erased(optionalAny)) == nil)
        #expect(Value.isNone(erased(erased(optionalAny))))
        let some: Any? = "x"
        #expect(Value.unwrap(erased(erased(some))).map { Value.string($0) } == "x")
    }
}
