import Templates
import Testing

@Suite("Tags: for")
struct ForTagTests {
    func r(_ source: String, _ values: [String: Any] = [:]) throws -> String { try TagHarness.render(source, values) }

    @Test func iterationAndReversed() throws {
        #expect(try r("{% for val in values %}{{ val }}{% endfor %}", ["values": [1, 2, 3]]) == "123")
        #expect(try r("{% for val in values reversed %}{{ val }}{% endfor %}", ["values": [1, 2, 3]]) == "321")
        #expect(try r("{% for c in s %}{{ c }}-{% endfor %}", ["s": "abc"]) == "a-b-c-")
        let dict = TemplateDictionary([("b", 1), ("a", 2)])
        #expect(try r("{% for k in d %}{{ k }}{% endfor %}", ["d": dict]) == "ba")
        #expect(try r("{% for k in d %}{{ k }}{% endfor %}", ["d": ["y": 1, "x": 2]]) == "xy")
        #expect(try r("{% for i in s %}{{ i }}{% endfor %}", ["s": 1...3]) == "123")
        // The loop variable does not outlive the loop.
        #expect(try r("{% for val in values %}{% endfor %}[{{ val }}]", ["values": [1]]) == "[]")
    }

    @Test func forloopVariables() throws {
        let values: [String: Any] = ["values": [6, 6, 6]]
        #expect(try r("{% for v in values %}{{ forloop.counter }}{% endfor %}", values) == "123")
        #expect(try r("{% for v in values %}{{ forloop.counter0 }}{% endfor %}", values) == "012")
        #expect(try r("{% for v in values %}{{ forloop.revcounter }}{% endfor %}", values) == "321")
        #expect(try r("{% for v in values %}{{ forloop.revcounter0 }}{% endfor %}", values) == "210")
        #expect(try r("{% for v in values %}{% if forloop.first %}f{% else %}x{% endif %}{% endfor %}", values) == "fxx")
        #expect(try r("{% for v in values %}{% if forloop.last %}l{% else %}x{% endif %}{% endfor %}", values) == "xxl")
        #expect(try r("{% for v in values %}{{ forloop.length }}{% endfor %}", values) == "333")
        #expect(try r("{% for v in values %}{{ forloop.counter }}/{{ forloop.length }} {% endfor %}", ["values": "ab"]) == "1/2 2/2 ")
    }

    @Test func nestedLoopsAndParentloop() throws {
        let t = "{% for x in a %}{% for y in b %}{{ forloop.parentloop.counter }}{{ forloop.counter }}{{ x }}{{ y }} {% endfor %}{% endfor %}"
        #expect(try r(t, ["a": ["p", "q"], "b": ["m", "n"]]) == "11pm 12pn 21qm 22qn ")
        #expect(try r("{% for x in a %}{% if forloop.parentloop %}in{% else %}top{% endif %}{% endfor %}", ["a": [1]]) == "top")
    }

    @Test func empty() throws {
        let t = "{% for val in values %}{{ val }}{% empty %}empty text{% endfor %}"
        #expect(try r(t, ["values": [Any]()]) == "empty text")
        #expect(try r(t) == "empty text")
        #expect(try r(t, ["values": [1, 2]]) == "12")
    }

    @Test func unpacking() throws {
        let pairs: [Any] = [["one", 1], ["two", 2]]
        #expect(try r("{% for key,value in items %}{{ key }}:{{ value }}/{% endfor %}", ["items": pairs]) == "one:1/two:2/")
        #expect(try r("{% for key , value in items %}{{ key }}:{{ value }}/{% endfor %}", ["items": pairs]) == "one:1/two:2/")
        #expect(try r("{% for key, value in items %}{{ key }}:{{ value }}/{% endfor %}", ["items": pairs]) == "one:1/two:2/")
        let tuples: [(String, Int)] = [("one", 1), ("two", 2)]
        #expect(try r("{% for k, v in items %}{{ k }}={{ v }};{% endfor %}", ["items": tuples]) == "one=1;two=2;")
        #expect(try r("{% for x,y in items %}{{ x }}:{{ y }}/{% endfor %}", ["items": ["ab", "ac"]]) == "a:b/a:c/")
        let dict = TemplateDictionary([("a", 1), ("b", 2)])
        #expect(try r("{% for k, v in d.items %}{{ k }}{{ v }}{% endfor %}", ["d": dict]) == "a1b2")
    }

    @Test func unpackingKeepsSingleItemsWhole() throws {
        let pairs: [Any] = [["one", 1], ["two", 2]]
        #expect(try r("{% for val in items %}{{ val.0 }}:{{ val.1 }}/{% endfor %}", ["items": pairs]) == "one:1/two:2/")
        #expect(try r("{% for key ,value in items %}{{ key }}:{{ value }}/{% endfor %}", ["items": pairs]) == "one:1/two:2/")
        let triples: [Any] = [["one", 1, "carrot"], ["two", 2, "cheese"]]
        #expect(try r("{% for x,y,z in items %}{{ x }}:{{ y }},{{ z }}/{% endfor %}", ["items": triples]) == "one:1,carrot/two:2,cheese/")
        // A filter argument with a space stays one word (#19882).
        #expect(try r("{% for x in s|noop:'x y' %}{{ x }}{% endfor %}", ["s": "abc"]) == "abc")
        // Names set inside the loop body go when the loop ends (#28001).
        #expect(try r("{% for x in s %}{% firstof x as last %}{% endfor %}[{{ last }}]", ["s": "ab"]) == "[]")
    }

    @Test func unpackingMismatch() {
        let triples: [Any] = [["one", 1, "carrot"], ["two", 2, "cheese"]]
        TagHarness.expectRenderError("{% for x,y in items %}{{ x }}{% endfor %}", "Need 2 values to unpack in for loop; got 3. ", ["items": triples])
        TagHarness.expectRenderError("{% for x,y in items %}{{ x }}{% endfor %}", "Need 2 values to unpack in for loop; got 1. ", ["items": [1]])
        TagHarness.expectRenderError("{% for x in n %}{% endfor %}", "'int' object is not iterable", ["n": 5])
    }

    @Test func syntaxErrors() {
        TagHarness.expectSyntaxError("{% for key value in items %}{% endfor %}", "'for' tag received an invalid argument: for key value in items")
        TagHarness.expectSyntaxError("{% for key,value, in items %}{% endfor %}", "'for' tag received an invalid argument: for key,value, in items")
        TagHarness.expectSyntaxError("{% for x in y|nosuch %}{% endfor %}", "Invalid filter: 'nosuch'")
        TagHarness.expectSyntaxError("{% for x in %}{% endfor %}", "'for' statements should have at least four words: for x in")
        TagHarness.expectSyntaxError("{% for x from y %}{% endfor %}", "'for' statements should use the format 'for x in y': for x from y")
        TagHarness.expectSyntaxError("{% for x, in y %}{% endfor %}", "'for' tag received an invalid argument: for x, in y")
        TagHarness.expectSyntaxError("{% for x,,y in items %}{% endfor %}", "'for' tag received an invalid argument: for x,,y in items")
        TagHarness.expectSyntaxError("{% for x in y reversed extra %}{% endfor %}", "'for' statements should use the format 'for x in y': for x in y reversed extra")
        TagHarness.expectSyntaxError("{% for x in y %}", "Unclosed tag on line 1: 'for'. Looking for one of: empty, endfor.")
    }
}
