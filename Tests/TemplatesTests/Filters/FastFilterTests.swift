import Templates
import Testing

/// Rendering applies some built-in filters (upper, escape, safe, truncatechars, floatformat,
/// divisibleby) to common values without calling their functions; whatever the value, the
/// output must be what the functions give, which an engine whose library wraps the same
/// functions in new filters (so with no shortcut) renders.
@Suite("Filters: shortcuts agree with the filter functions")
struct FastFilterTests {
    static let names = ["upper", "escape", "safe", "truncatechars", "floatformat", "divisibleby"]

    static let plain: Library = {
        var library = Library()
        for name in names {
            let filter = Library.builtins.filters[name]!
            library.register(Filter(name, argument: filter.argument, isSafe: filter.isSafe, needsAutoescape: filter.needsAutoescape) {
                value, argument, autoescape in try filter.apply(value, argument, autoescape: autoescape)
            })
        }
        return library
    }()

    static var values: [Any] { [
        "", "abc", "Ünïcödé straße", "<b>\"bold\" & 'quoted'</b>", "likes <b>bold</b> & \"quotes\" and more",
        SafeString("<i>safe</i> & sound"), 0, 7, 9, -12, Int.min, "ABC <&>", "a\u{301}bc", 3.0, 2.675, 0.125, -0.001, 1e20, Double.nan, true,
        Optional<String>.none as Any, Optional("wrapped <x>") as Any, Optional(6) as Any, ["a", 1] as [Any],
        ["k": "v"] as [String: Any],
        // An existential inside an existential (as generic code makes them): the value is boxed,
        // not in the outer container's buffer, so it must not be read from there.
        nested("x <y>"), nested(SafeString("<i>s</i>")), nested(9), nested(2.675), nested(true),
        nested(["k": "v"] as [String: Any]), nested(["a", 1] as [Any]),
    ] }

    /// `value` wrapped in a second `Any`.
    static func nested<T>(_ value: T) -> Any { wrap(value as Any) }
    static func wrap<T>(_ value: T) -> Any { value }

    static let sources = [
        "{{ v|upper }}", "{{ v|escape }}", "{{ v|safe }}", "{{ v|truncatechars:5 }}", "{{ v|truncatechars:1 }}",
        "{{ v|truncatechars:0 }}", "{{ v|truncatechars:\"4\" }}", "{{ v|floatformat:2 }}", "{{ v|floatformat:-2 }}",
        "{{ v|floatformat }}", "{{ v|floatformat:\"3\" }}", "{{ v|divisibleby:3 }}", "{{ v|divisibleby:0 }}", "{{ v|divisibleby:-1 }}",
        "{{ v|upper|escape }}", "{{ v|safe|upper }}", "{{ v|escape|truncatechars:4 }}", "{{ v|floatformat:1|safe }}",
        "{% if v|divisibleby:3 %}yes{% else %}no{% endif %}", "{% if v|divisibleby:-1 %}yes{% endif %}",
        "{{ v|truncatechars:30 }}", "{% cycle 'a<' v 'b' %}{% cycle 'a<' v 'b' %}", "{{ missing|upper }}", "{{ v.0|upper }}",
    ]

    @Test func shortcutsRenderAsTheFunctions() throws {
        let fast = Engine(), slow = Engine(builtins: [Self.plain])
        for source in Self.sources {
            for wrapped in [source, "{% autoescape off %}" + source + "{% endautoescape %}"] {
                let fastTemplate = try fast.fromString(wrapped), slowTemplate = try slow.fromString(wrapped)
                for value in Self.values {
                    let expected = try slowTemplate.render(["v": value])
                    #expect(try fastTemplate.render(["v": value]) == expected, "\(wrapped) with \(value)")
                }
            }
        }
    }

    @Test func intsRenderAsStr() throws {
        let template = try Engine().fromString("{{ v }}|{% for x in l %}{{ forloop.counter }}{% endfor %}")
        for value in [0, 7, -5, 10, 1_000_000, Int.max, Int.min] {
            #expect(try template.render(["v": value, "l": [1, 2]]) == "\(value)|12")
        }
    }

    /// A loop keeps its dictionary item at hand for `row.name`; whatever changes the context's
    /// levels in the body must not leave a stale item visible.
    @Test func loopItemsFollowTheContext() throws {
        let engine = Engine()
        let rows: [Any] = [["name": "a"] as [String: Any], ["name": "b"] as [String: Any]]
        let nestedRows: [Any] = [Self.nested(["name": Self.nested("a"), "n": Self.nested(2)] as [String: Any]),
                                 Self.nested(["name": Self.nested("b"), "n": Self.nested(3)] as [String: Any])]
        let values: [String: Any] = ["rows": rows, "other": ["name": "o"] as [String: Any], "inner": [["name": "i"] as [String: Any]],
                                     "nested": Self.nested(nestedRows)]
        let cases: [(String, String)] = [
            ("{% for row in rows %}{% with row=other %}{{ row.name }}{% endwith %}{{ row.name }}{% endfor %}", "oaob"),
            ("{% for row in rows %}{{ row.name }}{% for row in inner %}{{ row.name }}{% endfor %}{{ row.name }}{% endfor %}", "aiabib"),
            ("{% for row in rows %}{% cycle 'x' 'y' as row %}[{{ row.name }}]{% endfor %}", "x[]y[]"),
            ("{% for row in rows %}{% endfor %}{% with row=other %}{{ row.name }}{% endwith %}", "o"),
            ("{% for row in rows %}{{ forloop.counter }}{{ row.name }}{% endfor %}{{ row.name }}", "1a2b"),
            ("{% for row in nested %}{{ row.name|upper }}{{ row.n|divisibleby:2 }}{% if row.n|divisibleby:2 %}!{% endif %}{% endfor %}", "ATrue!BFalse"),
        ]
        for (source, expected) in cases {
            #expect(try engine.fromString(source).render(values) == expected, "\(source)")
        }
    }

    /// Rows' fields are found by comparing small keys' bits rather than hashing: keys held in
    /// heap storage, long keys, non-ASCII keys, missing keys and large rows must all still be found.
    @Test func loopFieldsFindEveryKey() throws {
        var heapName = String()
        heapName.reserveCapacity(64)
        heapName += "name"
        let long = "a_rather_long_field_name"
        var big: [String: Any] = [:]
        for i in 0..<20 { big["f\(i)"] = i }
        big["name"] = "big"
        let rows: [Any] = [
            [heapName: "heap", "x": 1, "y": 2] as [String: Any],
            [long: "long", "clé": "accent", "name": "plain"] as [String: Any],
            ["other": 1] as [String: Any],
            big,
        ]
        let template = try Engine().fromString("{% for row in rows %}[{{ row.name }}|{{ row.a_rather_long_field_name }}|{{ row.clé }}|{{ row.f7 }}]{% endfor %}")
        #expect(try template.render(["rows": rows]) == "[heap|||][plain|long|accent|][|||][big|||7]")
        let lookup = try Engine().fromString("{{ d.name }}{{ d.clé }}{{ d.missing }}")
        #expect(try lookup.render(["d": [heapName: "H", "clé": "C"] as [String: Any]]) == "HC")
    }
}
