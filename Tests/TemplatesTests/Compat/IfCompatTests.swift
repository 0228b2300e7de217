import Templates
import Testing

/// Django's TestObj (template_tests/utils.py): is_true() and is_false(); is_bad() raises, so
/// looking it up here is recorded as an issue: {% if %} must short-circuit before it.
final class CompatTestObj: TemplateLookup {
    func templateValue(forKey key: String) -> Any? {
        switch key {
        case "is_true": return TemplateCallable { true }
        case "is_false": return TemplateCallable { false }
        case "is_bad":
            Issue.record("is_bad() was evaluated: {% if %} did not short-circuit")
            return TemplateCallable { nil }
        default: return nil
        }
    }
}

@Suite("Compat: Django's test_if (filters, short-circuit, bad arguments, if inside for)")
struct IfCompatTests {
    func render(_ source: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render("template", source: source, values)
    }

    @Test("if-tag-filter01") func filter01() throws {
        #expect(try render("{% if foo|length == 5 %}yes{% else %}no{% endif %}", ["foo": "abcde"]) == "yes")
    }

    @Test("if-tag-filter02") func filter02() throws {
        #expect(try render("{% if foo|upper == 'ABC' %}yes{% else %}no{% endif %}") == "no")
    }

    @Test("if-tag-eq05") func eq05() throws {
        #expect(try render("{% if foo == '' %}yes{% else %}no{% endif %}") == "no")
    }

    @Test("if-tag-noteq05") func noteq05() throws {
        #expect(try render("{% if foo != \"\" %}yes{% else %}no{% endif %}") == "yes")
    }

    @Test("if-tag-or09") func or09() throws {
        #expect(try render("{% if foo or bar or baz %}yes{% else %}no{% endif %}", ["baz": true]) == "yes")
    }

    @Test("if-tag-shortcircuit01") func shortcircuit01() throws {
        #expect(try render("{% if x.is_true or x.is_bad %}yes{% else %}no{% endif %}", ["x": CompatTestObj()]) == "yes")
    }

    @Test("if-tag-shortcircuit02") func shortcircuit02() throws {
        #expect(try render("{% if x.is_false and x.is_bad %}yes{% else %}no{% endif %}", ["x": CompatTestObj()]) == "no")
    }

    @Test("if-tag-badarg01") func badarg01() throws {
        #expect(try render("{% if x|default_if_none:y %}yes{% endif %}") == "")
    }

    @Test("if-tag-badarg02") func badarg02() throws {
        #expect(try render("{% if x|default_if_none:y %}yes{% endif %}", ["y": 0]) == "")
    }

    @Test("if-tag-badarg03") func badarg03() throws {
        #expect(try render("{% if x|default_if_none:y %}yes{% endif %}", ["y": 1]) == "yes")
    }

    @Test("if-tag-badarg04") func badarg04() throws {
        #expect(try render("{% if x|default_if_none:y %}yes{% else %}no{% endif %}") == "no")
    }

    @Test("else-if-tag-error01") func elseIfError01() {
        Compat.expectSyntaxError("else-if-tag-error01", source: "{% if foo is bar %} yes {% else if foo is not bar %} no {% endif %}",
                                 containing: "Malformed template tag at line 1: \"else if foo is not bar\"")
    }

    @Test("test_if_is_variable_missing") func isVariableMissing() throws {
        #expect(try render("{% if foo is bar %}yes{% else %}no{% endif %}", ["foo": 1]) == "no")
    }

    @Test("test_if_is_not_variable_missing") func isNotVariableMissing() throws {
        #expect(try render("{% if foo is not bar %}yes{% else %}no{% endif %}", ["foo": false]) == "yes")
    }

    @Test("test_if_is_not_both_variables_missing") func isNotBothMissing() throws {
        #expect(try render("{% if foo is not bar %}yes{% else %}no{% endif %}") == "no")
    }

    // {% if %} inside {% for %}, and {% if %} on filtered values.

    @Test("if inside for: elif chain on the loop variable (for-tag-vars05 shape)")
    func ifInsideFor() throws {
        let source = "{% for x in xs %}{% if x|divisibleby:2 %}e{% elif x == 3 %}t{% else %}o{% endif %}{% endfor %}"
        #expect(try render(source, ["xs": [1, 2, 3, 4]]) == "oete")
    }

    @Test("if inside for: comparing forloop counters and the outer loop")
    func ifForloopComparison() throws {
        let source = "{% for x in xs %}{% if forloop.counter > 1 and not forloop.last %},{% endif %}{% if forloop.last and forloop.length > 1 %} and {% endif %}{{ x }}{% endfor %}"
        #expect(try render(source, ["xs": ["a", "b", "c"]]) == "a,b and c")
        #expect(try render(source, ["xs": ["a"]]) == "a")
    }

    @Test("if inside for: membership of the loop variable in another list")
    func ifInInsideFor() throws {
        let source = "{% for x in xs %}{% if x in picked %}[{{ x }}]{% elif x not in skipped %}{{ x }}{% endif %}{% endfor %}"
        #expect(try render(source, ["xs": ["a", "b", "c", "d"], "picked": ["b"], "skipped": ["c"]]) == "a[b]d")
    }

    @Test("if with filters: chained filters and a filter with an argument")
    func ifChainedFilters() throws {
        #expect(try render("{% if name|lower|length == 3 %}yes{% else %}no{% endif %}", ["name": "BOB"]) == "yes")
        #expect(try render("{% if v|default:'z' == 'z' %}yes{% else %}no{% endif %}") == "yes")
        #expect(try render("{% if xs|first == 'a' and xs|last == 'c' %}yes{% else %}no{% endif %}", ["xs": ["a", "b", "c"]]) == "yes")
        #expect(try render("{% if not xs|length %}empty{% else %}{{ xs|length }}{% endif %}", ["xs": [Any]()]) == "empty")
        #expect(try render("{% if s|cut:' ' == 'ab' %}yes{% else %}no{% endif %}", ["s": "a b"]) == "yes")
    }

    @Test("if with filters: a filtered value compared with a filtered literal")
    func ifFilteredLiteral() throws {
        #expect(try render("{% if s|upper == 'abc'|upper %}yes{% else %}no{% endif %}", ["s": "aBc"]) == "yes")
        #expect(try render("{% if n|add:1 > 2 %}yes{% else %}no{% endif %}", ["n": 2]) == "yes")
    }
}
