import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests.
@Suite("Filters: lists")
struct ListFiltersTests {
    static var people: [Any] { [
        TemplateDictionary([("age", 23), ("name", "Barbara-Ann")]),
        TemplateDictionary([("age", 63), ("name", "Ra Ra Rasputin")]),
        TemplateDictionary([("name", "Jonny B Goode"), ("age", 18)]),
    ] }

    @Test func dictsort() throws {
        #expect(try renderedUnescaped("{{ x|dictsort:\"age\" }}", ["x": Self.people])
            == "[{'name': 'Jonny B Goode', 'age': 18}, {'age': 23, 'name': 'Barbara-Ann'}, {'age': 63, 'name': 'Ra Ra Rasputin'}]")
        #expect(try rendered("{{ x|dictsort:\"name\"|first }}", ["x": Self.people]) == "{&#x27;age&#x27;: 23, &#x27;name&#x27;: &#x27;Barbara-Ann&#x27;}")
        let nested: [Any] = [["foo": ["bar": 1, "baz": "c"] as [String: Any]], ["foo": ["bar": 2, "baz": "b"] as [String: Any]],
                             ["foo": ["bar": 3, "baz": "a"] as [String: Any]]]
        #expect(try rendered("{{ x|dictsort:\"foo.baz\"|first }}", ["x": nested]) == "{&#x27;foo&#x27;: {&#x27;bar&#x27;: 3, &#x27;baz&#x27;: &#x27;a&#x27;}}")
        let tuples: [Any] = [["a", "42"], ["c", "string"], ["b", "foo"]]
        #expect(try renderedUnescaped("{{ x|dictsort:0 }}", ["x": tuples]) == "[['a', '42'], ['b', 'foo'], ['c', 'string']]")
        let tupleLike: [Any] = [["0": "a", "1": "42"], ["0": "c", "1": "string"], ["0": "b", "1": "foo"]]
        #expect(try renderedUnescaped("{{ x|dictsort:\"0\" }}", ["x": tupleLike])
            == "[{'0': 'a', '1': '42'}, {'0': 'b', '1': 'foo'}, {'0': 'c', '1': 'string'}]")
        // Fails silently on what is not a list of dictionaries, and on private lookups.
        #expect(try rendered("[{{ a|dictsort:\"age\" }}][{{ b|dictsort:\"age\" }}][{{ c|dictsort:\"age\" }}]", ["a": [1, 2, 3], "b": "Hello!", "c": 1]) == "[][][]")
        #expect(try rendered("[{{ a|dictsort:\"_private\" }}][{{ a|dictsort:\"x._y\" }}]", ["a": [["_private": "test"]]]) == "[][]")
        #expect(try rendered("[{{ a|dictsort:\"k\" }}]", ["a": [["k": 1], ["k": "x"]] as [Any]]) == "[]")
    }

    struct Person: CustomStringConvertible {
        var name: String
        var age: Int
        var description: String { "\(name) (\(age))" }
    }

    @Test func dictsortObjects() throws {
        let people: [Any] = [Person(name: "b<", age: 30), Person(name: "a", age: 40), Person(name: "c", age: 20)]
        #expect(try rendered("{{ x|dictsort:\"age\"|first }}", ["x": people]) == "c (20)")
        #expect(try rendered("{{ x|dictsortreversed:\"name\"|last }}", ["x": people]) == "a (40)")
        #expect(try rendered("{{ x|dictsort:\"name\"|last }}", ["x": people]) == "c (20)")
        #expect(try rendered("{{ x|dictsort:\"name\"|first }}", ["x": people]) == "a (40)")
        #expect(try rendered("{{ x|dictsortreversed:\"age\"|last }}", ["x": people]) == "c (20)")
        #expect(try rendered("{{ x|dictsort:\"name\"|slice:\"1:2\"|first }}", ["x": people]) == "b&lt; (30)")
        #expect(try rendered("[{{ x|dictsort:\"height\" }}]", ["x": people]) == "[]")
    }

    @Test func dictsortreversed() throws {
        #expect(try renderedUnescaped("{{ x|dictsortreversed:\"age\" }}", ["x": Self.people])
            == "[{'age': 63, 'name': 'Ra Ra Rasputin'}, {'age': 23, 'name': 'Barbara-Ann'}, {'name': 'Jonny B Goode', 'age': 18}]")
        let ties: [Any] = [["k": 1, "n": "first"] as [String: Any], ["k": 1, "n": "second"] as [String: Any], ["k": 2, "n": "third"] as [String: Any]]
        #expect(try rendered("{{ x|dictsortreversed:\"k\"|slice:\"1:\"|first }}", ["x": ties]) == "{&#x27;k&#x27;: 1, &#x27;n&#x27;: &#x27;first&#x27;}")
        #expect(try rendered("[{{ a|dictsortreversed:\"age\" }}]", ["a": "Hello!"]) == "[]")
    }

    @Test func firstAndLast() throws {
        #expect(try rendered("{{ a|first }} {{ b|first }}", ["a": ["a&b", "x"], "b": [SafeString("a&b"), "x"] as [Any]]) == "a&amp;b a&b")
        #expect(try renderedUnescaped("{{ a|first }} {{ b|first }}", ["a": ["a&b", "x"], "b": [SafeString("a&b"), "x"] as [Any]]) == "a&b a&b")
        #expect(try rendered("{{ a|last }} {{ b|last }}", ["a": ["x", "a&b"], "b": ["x", SafeString("a&b")] as [Any]]) == "a&amp;b a&b")
        #expect(try renderedUnescaped("{{ a|last }} {{ b|last }}", ["a": ["x", "a&b"], "b": ["x", SafeString("a&b")] as [Any]]) == "a&b a&b")
        #expect(try rendered("[{{ a|first }}][{{ a|last }}]", ["a": ""]) == "[][]")
        #expect(try rendered("{{ a|first }} {{ b|first }} {{ b|last }}", ["a": [0, 1, 2], "b": "test"]) == "0 t t")
    }

    @Test func join() throws {
        let values: [String: Any] = ["a": ["alpha", "beta & me"], "var": " & "]
        #expect(try rendered("{{ a|join:\", \" }}", values) == "alpha, beta &amp; me")
        #expect(try renderedUnescaped("{{ a|join:\", \" }}", values) == "alpha, beta & me")
        #expect(try rendered("{{ a|join:\" &amp; \" }}", values) == "alpha &amp; beta &amp; me")
        #expect(try renderedUnescaped("{{ a|join:\" &amp; \" }}", values) == "alpha &amp; beta & me")
        #expect(try rendered("{{ a|join:var }}", values) == "alpha &amp; beta &amp; me")
        #expect(try renderedUnescaped("{{ a|join:var }}", values) == "alpha & beta & me")
        #expect(try rendered("{{ a|join:var|lower }}", values) == "alpha &amp; beta &amp; me")
        #expect(try rendered("{{ a|join:\"glue\" }}", ["a": [0, 1, 2]]) == "0glue1glue2")
        // Without autoescaping only strings join (Python's str.join): the list comes back.
        #expect(try renderedUnescaped("{{ a|join:\",\" }}", ["a": [1, 2]]) == "[1, 2]")
        #expect(try rendered("{{ a|join:\",\" }}", ["a": 12]) == "12")
        #expect(try rendered("[{{ a|join:\",\" }}]", ["a": [String]()]) == "[]")
    }

    @Test func length() throws {
        #expect(try rendered("{{ list|length }}", ["list": ["4", Optional<Int>.none as Any, true, [String: Any]()] as [Any]]) == "4")
        #expect(try rendered("{{ list|length }}", ["list": [Any]()]) == "0")
        #expect(try rendered("{{ string|length }}", ["string": ""]) == "0")
        #expect(try rendered("{{ string|length }}", ["string": "django"]) == "6")
        #expect(try rendered("{{ s|length }}", ["s": SafeString("<b>\u{e9}</b>")]) == "8")
        #expect(try rendered("{{ int|length }}", ["int": 7]) == "0")
        #expect(try rendered("{{ None|length }}") == "0")
    }

    @Test func random() throws {
        let values: [String: Any] = ["a": ["a&b", "a&b"], "b": [SafeString("a&b"), SafeString("a&b")]]
        #expect(try rendered("{{ a|random }} {{ b|random }}", values) == "a&amp;b a&b")
        #expect(try renderedUnescaped("{{ a|random }} {{ b|random }}", values) == "a&b a&b")
        #expect(try rendered("[{{ a|random }}]", ["a": [Any]()]) == "[]")
        let picked = try rendered("{{ a|random }}", ["a": [1, 2, 3]])
        #expect(["1", "2", "3"].contains(picked))
    }

    @Test func slice() throws {
        let values: [String: Any] = ["a": "a&b", "b": SafeString("a&b")]
        #expect(try rendered("{{ a|slice:\"1:3\" }} {{ b|slice:\"1:3\" }}", values) == "&amp;b &b")
        #expect(try renderedUnescaped("{{ a|slice:\"1:3\" }} {{ b|slice:\"1:3\" }}", values) == "&b &b")
        let cases: [(String, String)] = [("0", ""), ("1", "a"), ("-1", "abcdef"), ("1:2", "b"), ("1:3", "bc"), ("0::2", "aceg"),
                                         ("::-1", "gfedcba"), ("-2:", "fg"), ("5:1:-2", "fd"), ("a", "abcdefg"), ("1:2:0", "abcdefg")]
        for (argument, expected) in cases {
            #expect(try rendered("{{ x|slice:\"\(argument)\" }}", ["x": "abcdefg"]) == expected, "\(argument)")
        }
        #expect(try rendered("{{ x|slice:\"1:\" }} {{ x|slice:\"::-1\" }}", ["x": [0, 1, 2]]) == "[1, 2] [2, 1, 0]")
        #expect(try rendered("{{ x|slice:\"1\" }}", ["x": 123]) == "123")
    }

    @Test func pprint() throws {
        #expect(try rendered("{{ x|pprint }}", ["x": "\u{cb}"]) == "&#x27;\u{cb}&#x27;")
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": ["a", 1, Optional<Int>.none as Any] as [Any]]) == "['a', 1, None]")
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": TemplateDictionary([("b", 1), ("a", [true, 1.5] as [Any])])]) == "{'a': [True, 1.5], 'b': 1}")
        #expect(try rendered("{{ x|pprint }}", ["x": SafeString("<>")]) == "'<>'")
        // Too wide for 80 columns: one item per line (expected output from Python's pprint).
        #expect(try rendered("{{ x|pprint }}", ["x": Array(0..<30)]) == "[" + (0..<30).map(String.init).joined(separator: ",\n ") + "]")
        let nested = TemplateDictionary([("b", Array(0..<25)), ("a", String(repeating: "x", count: 10))])
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": nested])
            == "{'a': 'xxxxxxxxxx',\n 'b': [" + (0..<25).map(String.init).joined(separator: ",\n       ") + "]}")
        let rows: [Any] = [["name": String(repeating: "x", count: 30), "age": 1] as [String: Any], ["name": String(repeating: "y", count: 30), "age": 2] as [String: Any]]
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": rows])
            == "[{'age': 1, 'name': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'},\n {'age': 2, 'name': 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'}]")
        let words = String(repeating: "word ", count: 15)
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": String(repeating: "word ", count: 30)]) == "('\(words)'\n '\(words)')")
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": [String(repeating: "word ", count: 30), 1] as [Any]]) == "['\(words)'\n '\(words)',\n 1]")
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": "line one is here\nline two " + String(repeating: "x", count: 70)])
            == "('line one is here\\n'\n 'line two '\n '" + String(repeating: "x", count: 70) + "')")
        let text = String(repeating: "some longer text ", count: 6)
        #expect(try renderedUnescaped("{{ x|pprint }}", ["x": ["key": text]])
            == "{'key': 'some longer text some longer text some longer text some longer text '\n        'some longer text some longer text '}")
    }
}
