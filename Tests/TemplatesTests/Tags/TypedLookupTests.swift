import Templates
import Testing

/// Registered only (no TemplateLookup): answers `name` from the registry.
private struct RegisteredOnly { let name: String }
/// Conforms to TemplateLookup and is registered too: its own lookup answers first.
private struct BothWays: TemplateLookup {
    func templateValue(forKey key: String) -> Any? { key == "mine" ? "lookup" : nil }
}
/// A class that answers lookups, and a subclass that inherits the conformance.
private class BaseLookup: TemplateLookup {
    func templateValue(forKey key: String) -> Any? { key == "kind" ? "base" : nil }
}
private final class DerivedLookup: BaseLookup {
    override func templateValue(forKey key: String) -> Any? { key == "kind" ? "derived" : super.templateValue(forKey: key) }
}
/// Neither: reflection finds its stored property.
private struct PlainStruct { let title: String }

@Suite("Typed reverser and per-type lookups")
struct TypedLookupTests {
    @Test func typedReverserOnTheContext() throws {
        let template = try TagHarness.engine.fromString("{% url 'detail' n %}|{% url 'x' as u %}[{{ u }}]")
        let reverser: URLReverser = { name, args, _ in
            guard name == "detail" else { throw ReverseFailed() }
            return "/polls/\(Value.string(args.first))/"
        }
        #expect(try template.render(["n": 7], reverser: reverser) == "/polls/7/|[]")
        // Without one, as before: the context variable, else NoReverseMatch.
        #expect(try template.render(["n": 2, URLTag.reverserKey: reverser], reverser: nil) == "/polls/2/|[]")
        TagHarness.expectRenderError("{% url 'detail' 1 %}", "NoReverseMatch: no URL resolver")
        #expect(throws: (any Error).self) { try template.render(["n": 1], reverser: nil) }
    }

    @Test func typedReverserReachesIncludeOnly() throws {
        let engine = Engine(templates: ["inc.html": "{% url 'detail' 5 %}", "page.html": "{% include 'inc.html' only %}"])
        let reverser: URLReverser = { _, args, _ in "/d/\(Value.string(args.first))/" }
        #expect(try engine.getTemplate("page.html").render([:], reverser: reverser) == "/d/5/")
    }

    @Test func lookupPrecedenceAndPerTypeCache() throws {
        TemplateAttributes.register(RegisteredOnly.self) { value, name in
            name == "upper" ? .some((value as! RegisteredOnly).name.uppercased()) : nil
        }
        TemplateAttributes.register(BothWays.self) { _, name in
            switch name {
            case "mine": .some("registry")
            case "theirs": .some("registry")
            default: nil
            }
        }
        let values: [String: Any] = ["a": RegisteredOnly(name: "ab"), "b": BothWays(), "c": PlainStruct(title: "t")]
        let source = "{{ a.upper }} {{ a.name }} {{ b.mine }} {{ b.theirs }} {{ b.none }}| {{ c.title }}"
        // Twice: the second render answers from the per-type entries.
        for _ in 0..<2 {
            #expect(try TagHarness.render(source, values) == "AB ab lookup registry | t")
        }
        // Registering again replaces the lookup; cached entries do not outlive it.
        TemplateAttributes.register(RegisteredOnly.self) { _, name in name == "upper" ? .some("NEW") : nil }
        #expect(try TagHarness.render("{{ a.upper }}", values) == "NEW")
    }

    @Test func inheritedTemplateLookup() throws {
        let values: [String: Any] = ["b": BaseLookup(), "d": DerivedLookup(), "e": DerivedLookup() as BaseLookup]
        for _ in 0..<2 {
            #expect(try TagHarness.render("{{ b.kind }} {{ d.kind }} {{ e.kind }}", values) == "base derived derived")
        }
    }

    @Test func truthOfTypedArrays() throws {
        #expect(try TagHarness.render("{% if xs %}y{% else %}n{% endif %}", ["xs": [PlainStruct(title: "a")]]) == "y")
        #expect(try TagHarness.render("{% if xs %}y{% else %}n{% endif %}", ["xs": [PlainStruct]()]) == "n")
        #expect(try TagHarness.render("{% if xs %}y{% else %}n{% endif %}", ["xs": [Int]()]) == "n")
        #expect(try TagHarness.render("{% if xs %}y{% else %}n{% endif %}", ["xs": [3]]) == "y")
    }
}
