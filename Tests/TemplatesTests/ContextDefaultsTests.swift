import Templates
import Testing

/// A context's defaults (the context processors' values) sit a level under its values.
@Suite("Context defaults beneath the values")
struct ContextDefaultsTests {
    @Test func valuesWinAndDefaultsShow() throws {
        let engine = Engine(templates: ["t.html": "{{ a }} {{ b }}{% with a='w' %} {{ a }}{% endwith %} {{ a }}{% for x in xs %}{{ b }}{% endfor %}"])
        let text = try engine.getTemplate("t.html").render(["a": "view", "xs": [1, 2]], beneath: ["a": "default", "b": "d"], urlReverser: nil)
        #expect(text == "view d w viewdd")
        let context = Context(["a": 1], beneath: ["b": 2])
        context.pop()
        context.pop()
        #expect(Value.string(context["a"]) == "1" && Value.string(context["b"]) == "2")
        #expect(context.flattened.count == 2)
        context["b"] = 3
        #expect(Value.string(context["b"]) == "3")
    }

    @Test func missingVariableMessageAndNoneUnwrapping() throws {
        do {
            _ = try Variable("missing.name").resolve(Context([:]))
            Issue.record("expected VariableDoesNotExist")
        } catch let error as VariableDoesNotExist {
            #expect(error.message == "Failed lookup for key [missing] in missing.name")
            var changed = error
            changed.message = "other"
            #expect(changed.description == "other")
        }
        let nested: Any = Optional<Any>.some(Optional<Any>.none as Any) as Any
        #expect(Value.unwrap(nested) == nil)
        #expect(Value.unwrap(Optional<Any>.some(5) as Any).map { Value.string($0) } == "5")
        #expect(Value.unwrap(Optional<Any>.some(Optional<Int>.some(6) as Any) as Any).map { Value.string($0) } == "6")
        #expect(Value.isNone(Value.none) && !Value.isTruthy(any: Value.none))
    }

    /// Slots of the defaults' level (the request processor's `request`) are found before its
    /// dictionary, under the view's values, and appear in `flattened`.
    @Test func slotsOfTheDefaultsLevel() throws {
        let context = Context(["a": "view"], beneath: ["b": "dict", "r": "dict"], slots: (names: ["r"], values: ["slot"]))
        #expect(Value.string(context["r"]) == "slot")
        #expect(Value.string(context["b"]) == "dict")
        #expect(Value.string(context.flattened["r"]) == "slot")
        let over = Context(["r": "view"], beneath: [:], slots: (names: ["r"], values: ["slot"]))
        #expect(Value.string(over["r"]) == "view")
        over.pop()
        #expect(Value.string(over["r"]) == "view")
        let engine = Engine(templates: ["t.html": "{{ r }}{% for r in xs %}{{ r }}{% endfor %}{{ r }}"])
        let text = try engine.getTemplate("t.html").renderBytes([:], beneath: [:], slots: (names: ["r"], values: ["s"]), urlReverser: nil)
        #expect(String(decoding: text, as: UTF8.self) == "ss")
        let withValues = try engine.getTemplate("t.html").renderBytes(["xs": [1, 2]], beneath: [:], slots: (names: ["r"], values: ["s"]), urlReverser: nil)
        #expect(String(decoding: withValues, as: UTF8.self) == "s12s")
    }

    /// A level's names are compared from their bits when both are small ASCII strings; other
    /// strings (accented, canonically equivalent, long) are still compared as Strings.
    @Test func namesComparedByBitsOnlyWhenThatIsExact() {
        let context = Context(["caf\u{E9}": 1, "forloop": 2, "a long key of more than fifteen bytes": 3, "K": 4])
        #expect(Value.string(context["cafe\u{301}"]) == "1")
        #expect(Value.string(context["for" + "loop"]) == "2")
        #expect(Value.string(context[String("a long key of more than fifteen bytes".reversed()).reversed() + ""]) == "3")
        #expect(Value.string(context["\u{212A}"]) == "4")  // KELVIN SIGN: canonically "K"
        #expect(context["forloops"] == nil && context["Forloop"] == nil && context["k"] == nil)
    }
}
