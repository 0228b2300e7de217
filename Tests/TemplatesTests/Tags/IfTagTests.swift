import Templates
import Testing

@Suite("Tags: if (smartif)")
struct IfTagTests {
    func r(_ source: String, _ values: [String: Any] = [:]) throws -> String { try TagHarness.render(source, values) }

    @Test func truthAndBranches() throws {
        let t = "{% if foo %}yes{% else %}no{% endif %}"
        #expect(try r(t, ["foo": true]) == "yes")
        #expect(try r(t, ["foo": false]) == "no")
        #expect(try r(t) == "no")
        #expect(try r(t, ["foo": [Any]()]) == "no")
        #expect(try r(t, ["foo": "x"]) == "yes")
        let elif = "{% if foo %}foo{% elif bar %}bar{% elif baz %}baz{% else %}nothing{% endif %}"
        #expect(try r(elif, ["bar": 1, "baz": 1]) == "bar")
        #expect(try r(elif, ["baz": 1]) == "baz")
        #expect(try r(elif) == "nothing")
        #expect(try r("{% if foo %}yes{% endif %}") == "")
    }

    @Test func precedence() throws {
        // `and` binds tighter than `or`: a or (b and c).
        #expect(try r("{% if a or b and c %}yes{% else %}no{% endif %}", ["a": true, "b": false, "c": false]) == "yes")
        #expect(try r("{% if a and b or c %}yes{% else %}no{% endif %}", ["a": false, "b": true, "c": true]) == "yes")
        // `not` is weaker than comparisons: not (a == b).
        #expect(try r("{% if not a == b %}yes{% else %}no{% endif %}", ["a": 1, "b": 2]) == "yes")
        #expect(try r("{% if not x in y %}yes{% else %}no{% endif %}", ["x": 1, "y": [1]]) == "no")
        #expect(try r("{% if not a or b %}yes{% else %}no{% endif %}", ["a": true, "b": true]) == "yes")
        #expect(try r("{% if 1 == 2 or 3 == 3 %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if not not a %}yes{% else %}no{% endif %}", ["a": 1]) == "yes")
    }

    @Test func comparisons() throws {
        let eq = "{% if foo == bar %}yes{% else %}no{% endif %}"
        #expect(try r(eq) == "yes")  // None == None
        #expect(try r(eq, ["foo": 1]) == "no")
        #expect(try r(eq, ["foo": 1, "bar": 1]) == "yes")
        #expect(try r(eq, ["foo": 1, "bar": 1.0]) == "yes")
        #expect(try r(eq, ["foo": 1, "bar": 2]) == "no")
        #expect(try r("{% if foo == '' %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if 1 == 1.0 %}yes{% endif %}") == "yes")
        #expect(try r("{% if foo != bar %}yes{% else %}no{% endif %}", ["foo": 1]) == "yes")
        #expect(try r("{% if 1 < 2 %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if 2 < 1 %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if 1 <= 1 %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if 2 > 1.5 %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if 1 >= 2 %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if 'b' > 'a' %}yes{% else %}no{% endif %}") == "yes")
        // Python refuses to order None and an int: the comparison is false, not an error.
        #expect(try r("{% if a == b %}yes{% else %}no{% endif %}", ["a": ["k": [1]], "b": ["k": [1.0]]]) == "yes")
        #expect(try r("{% if a == b %}yes{% else %}no{% endif %}", ["a": ["k": 1], "b": ["k": 2]]) == "no")
        #expect(try r("{% if a == b %}yes{% else %}no{% endif %}", ["a": [1, "x"], "b": [1, "x"]]) == "yes")
        #expect(try r("{% if a < b %}yes{% else %}no{% endif %}", ["a": [1, 2], "b": [1, 3]]) == "yes")
        #expect(try r("{% if x < 1 %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if x >= 1 %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if 'a' < 1 %}yes{% else %}no{% endif %}") == "no")
    }

    @Test func membership() throws {
        #expect(try r("{% if 1 in x %}yes{% else %}no{% endif %}", ["x": [1]]) == "yes")
        #expect(try r("{% if 2 in x %}yes{% else %}no{% endif %}", ["x": [1]]) == "no")
        #expect(try r("{% if 1 not in x %}yes{% else %}no{% endif %}", ["x": [1]]) == "no")
        #expect(try r("{% if 2 not in x %}yes{% else %}no{% endif %}", ["x": [1]]) == "yes")
        #expect(try r("{% if 'ell' in s %}yes{% else %}no{% endif %}", ["s": "hello"]) == "yes")
        #expect(try r("{% if 'k' in d %}yes{% else %}no{% endif %}", ["d": ["k": 1]]) == "yes")
        // `x in None` raises TypeError in Python: false, and `not in` is false too.
        #expect(try r("{% if 1 in missing %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if 1 not in missing %}yes{% else %}no{% endif %}") == "no")
    }

    @Test func identity() throws {
        #expect(try r("{% if foo is True %}yes{% else %}no{% endif %}", ["foo": true]) == "yes")
        #expect(try r("{% if foo is True %}yes{% else %}no{% endif %}", ["foo": 1]) == "no")
        #expect(try r("{% if foo is bar %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if foo is None %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if foo is not None %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if foo is not None %}yes{% else %}no{% endif %}", ["foo": 0]) == "yes")
        #expect(try r("{% if foo is not bar %}yes{% else %}no{% endif %}", ["foo": true, "bar": false]) == "yes")
    }

    /// Counts the lookups of `is_bad`, to see that `or` and `and` short-circuit.
    final class Probe: TemplateLookup, @unchecked Sendable {
        var badLookups = 0
        func templateValue(forKey key: String) -> Any? {
            switch key {
            case "is_true": return true
            case "is_false": return false
            case "is_bad":
                badLookups += 1
                return true
            default: return nil
            }
        }
    }

    @Test func shortCircuit() throws {
        let probe = Probe()
        #expect(try r("{% if x.is_true or x.is_bad %}yes{% else %}no{% endif %}", ["x": probe]) == "yes")
        #expect(try r("{% if x.is_false and x.is_bad %}yes{% else %}no{% endif %}", ["x": probe]) == "no")
        #expect(probe.badLookups == 0)
        #expect(try r("{% if x.is_false or x.is_bad %}yes{% else %}no{% endif %}", ["x": probe]) == "yes")
        #expect(probe.badLookups == 1)
    }

    @Test func filtersInConditions() throws {
        // A missing variable is None and its filters still apply (Django's ignore_failures).
        #expect(try r("{% if x|dflt:'y' == 'y' %}yes{% else %}no{% endif %}") == "yes")
        #expect(try r("{% if foo|upper == 'ABC' %}yes{% else %}no{% endif %}") == "no")
        #expect(try r("{% if foo|upper == 'ABC' %}yes{% else %}no{% endif %}", ["foo": "abc"]) == "yes")
        // A missing filter argument makes the condition false instead of failing.
        #expect(try r("{% if x|dflt:y %}yes{% endif %}") == "")
        #expect(try r("{% if x|dflt:y %}yes{% endif %}", ["y": 0]) == "")
        #expect(try r("{% if x|dflt:y %}yes{% endif %}", ["y": 1]) == "yes")
        #expect(try r("{% if x|dflt:y %}yes{% else %}no{% endif %}") == "no")
    }

    @Test func syntaxErrors() {
        TagHarness.expectSyntaxError("{% if foo = bar %}yes{% else %}no{% endif %}", "Could not parse the remainder: '=' from '='", ["foo": 1])
        TagHarness.expectSyntaxError("{% if or %}x{% endif %}", "Not expecting 'or' in this position in if tag.")
        TagHarness.expectSyntaxError("{% if == %}x{% endif %}", "Not expecting '==' in this position in if tag.")
        TagHarness.expectSyntaxError("{% if not foo and %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if foo or %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if foo and %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if not %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if abc def %}x{% endif %}", "Unused 'def' at end of if expression.")
        TagHarness.expectSyntaxError("{% if and %}x{% endif %}", "Not expecting 'and' in this position in if tag.")
        TagHarness.expectSyntaxError("{% if a not b %}x{% endif %}", "Not expecting 'not' as infix operator in if tag.")
        TagHarness.expectSyntaxError("{% if 1 == %}x{% endif %}", "Unexpected end of expression in if tag.")
        TagHarness.expectSyntaxError("{% if a == == b %}x{% endif %}", "Not expecting '==' in this position in if tag.")
        TagHarness.expectSyntaxError("{% if a %}x{% else b %}y{% endif %}", "Malformed template tag at line 1: \"else b\"")
        TagHarness.expectSyntaxError("{% if a %}x", "Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.")
        TagHarness.expectSyntaxError("{% if a %}x{% elif %}y{% endif %}", "Unexpected end of expression in if tag.")
    }
}
