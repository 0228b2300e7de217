import Templates
import Testing

/// A context's levels find a name by comparing strings' bits where that is certain (small
/// ASCII names, ASCII names of different lengths) and by `==` otherwise: the same answers as
/// comparing the names as Swift strings.
@Suite("Context lookups compare names as strings")
struct ContextLookupTests {
    /// A long name made at run time (a heap string) and the same name as a literal.
    @Test func longNamesMadeDifferentlyAreFound() {
        let made = String(repeating: "latest_", count: 3) + "list"
        let context = Context([made: 1, "latest_latest_latest_lisx": 2])
        #expect(Value.string(context["latest_latest_latest_list"]) == "1")
        #expect(Value.string(context["latest_latest_latest_lisx"]) == "2")
        #expect(context["latest_latest_latest_lis"] == nil)
        #expect(context["latest_latest_latest_listt"] == nil)
    }

    /// Canonically equivalent names are the same name, as for a dictionary or `==`: a Kelvin
    /// sign and K, a precomposed é and e with a combining accent, in a level scanned by
    /// comparison (four names or fewer), in a hashed one, and in a loop's level.
    @Test func canonicallyEquivalentNamesAreTheSame() throws {
        let scanned = Context(["\u{212A}": "kelvin", "caf\u{E9}": "precomposed"])
        #expect(Value.string(scanned["K"]) == "kelvin")
        #expect(Value.string(scanned["cafe\u{301}"]) == "precomposed")
        #expect(scanned["k"] == nil && scanned["cafe"] == nil)
        let hashed = Context(["\u{212A}": "kelvin", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5])
        #expect(Value.string(hashed["K"]) == "kelvin")
        let engine = Engine(templates: ["t.html": "{% for caf\u{E9} in items %}{{ cafe\u{301} }}{% endfor %}|{{ K }}|{{ latest_latest_latest_list }}"])
        let text = try engine.getTemplate("t.html").render(Context(["items": ["x", "y"], "\u{212A}": "k", String(repeating: "latest_", count: 3) + "list": 7]))
        #expect(text == "xy|k|7")
    }

    /// Small ASCII names that differ only in their last letter, or in length, are different.
    @Test func smallNamesDiffer() throws {
        let engine = Engine(templates: ["t.html": "{% for row in rows %}{{ row }}{{ rows2 }}{{ ro }}{% endfor %}"])
        let text = try engine.getTemplate("t.html").render(Context(["rows": [1], "rows2": "b", "ro": "c", "rowt": "d"]))
        #expect(text == "1bc")
    }

    /// `{% if name %}` of a name found holding a Bool, an Int, a String or a typed array is
    /// answered from the value as it is; other values (callables, optionals) as before.
    @Test func ifOfAFoundName() throws {
        let engine = Engine(templates: ["t.html": "{% if v %}T{% else %}F{% endif %}"])
        let template = try engine.getTemplate("t.html")
        let cases: [(Any, String)] = [
            (true, "T"), (false, "F"), (1, "T"), (0, "F"), ("x", "T"), ("", "F"), ([1], "T"), ([Int](), "F"),
            (TemplateCallable { false }, "F"), (TemplateCallable { "y" }, "T"), (Optional<Int>.none as Any, "F"), (Optional(3) as Any, "T"),
        ]
        for (value, expected) in cases {
            #expect(try template.render(Context(["v": value])) == expected, "\(value)")
        }
        #expect(try template.render(Context([:])) == "F")
    }
}
