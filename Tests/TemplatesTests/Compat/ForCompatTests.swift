import Templates
import Testing

@Suite("Compat: Django's test_for (unpacking errors, quoted loop variables, nested loops)")
struct ForCompatTests {
    func render(_ source: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render("template", source: source, values)
    }

    /// `assertRaisesMessage(ValueError, message)` while rendering.
    func expectUnpackError(_ source: String, _ items: [Any], _ message: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let output = try render(source, ["items": items])
            Issue.record("rendered \(output.debugDescription)", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("for-tag-unpack11") func unpack11() {
        expectUnpackError("{% for x,y,z in items %}{{ x }}:{{ y }},{{ z }}/{% endfor %}",
                          [["one", 1], ["two", 2]] as [Any], "Need 3 values to unpack in for loop; got 2.")
    }

    @Test("for-tag-unpack12") func unpack12() {
        expectUnpackError("{% for x,y,z in items %}{{ x }}:{{ y }},{{ z }}/{% endfor %}",
                          [["one", 1, "carrot"], ["two", 2]] as [Any], "Need 3 values to unpack in for loop; got 2.")
    }

    @Test("for-tag-unpack14") func unpack14() {
        expectUnpackError("{% for x,y in items %}{{ x }}:{{ y }}/{% endfor %}", [1, 2], "Need 2 values to unpack in for loop; got 1.")
    }

    @Test("test_unpack_double_quote") func unpackDoubleQuote() {
        Compat.expectSyntaxError("double-quote", source: "{% for \"k\" in items %}{{ \"k\" }}/{% endfor %}",
                                 containing: "'for' tag received an invalid argument: for \"k\" in items", ["items": [1, 2]])
    }

    @Test("test_unpack_single_quote") func unpackSingleQuote() {
        Compat.expectSyntaxError("single-quote", source: "{% for 'k' in items %}{{ k }}/{% endfor %}",
                                 containing: "'for' tag received an invalid argument: for 'k' in items", ["items": [1, 2]])
    }

    @Test("test_unpack_vertical_bar") func unpackVerticalBar() {
        Compat.expectSyntaxError("vertical-bar", source: "{% for k|upper in items %}{{ k|upper }}/{% endfor %}",
                                 containing: "'for' tag received an invalid argument: for k|upper in items", ["items": [1, 2]])
    }

    @Test("test_invalid_arg") func invalidArg() {
        Compat.expectSyntaxError("invalid_for_loop", source: "{% for x items %}{{ x }}{% endfor %}",
                                 containing: "'for' statements should have at least four words: for x items", ["items": [1, 2]])
    }

    @Test("for-tag-unpack01 with tuples (Python tuples as Swift tuples)") func unpack01Tuples() throws {
        let items: [(String, Int)] = [("one", 1), ("two", 2)]
        #expect(try render("{% for key,value in items %}{{ key }}:{{ value }}/{% endfor %}", ["items": items]) == "one:1/two:2/")
    }

    @Test("for-tag-unpack09 with tuples") func unpack09Tuples() throws {
        let items: [(String, Int)] = [("one", 1), ("two", 2)]
        let output = try render("{% for val in items %}{{ val.0 }}:{{ val.1 }}/{% endfor %}", ["items": items])
        #expect(output == "one:1/two:2/")
    }

    // Nested loops: forloop.parentloop is the enclosing loop's forloop (Django's ForNode pushes
    // {'parentloop': context.get('forloop', {})}).

    @Test("nested loops: forloop.revcounter and parentloop.revcounter")
    func nestedRevcounter() throws {
        let source = "{% for x in a %}{% for y in b %}{{ forloop.revcounter }}{{ forloop.parentloop.revcounter }} {% endfor %}{% endfor %}"
        #expect(try render(source, ["a": [1, 2], "b": [1, 2, 3]]) == "32 22 12 31 21 11 ")
    }

    @Test("nested loops: parentloop.first and parentloop.last")
    func nestedFirstLast() throws {
        let source = "{% for x in a %}{% for y in b %}{% if forloop.parentloop.first and forloop.first %}<{% endif %}{{ x }}{{ y }}{% if forloop.parentloop.last and forloop.last %}>{% endif %}{% endfor %}{% endfor %}"
        #expect(try render(source, ["a": ["p", "q"], "b": [1, 2]]) == "<p1p2q1q2>")
    }

    @Test("three levels: forloop.parentloop.parentloop")
    func threeLevels() throws {
        let source = "{% for a in x %}{% for b in x %}{% for c in x %}{{ forloop.parentloop.parentloop.counter }}{{ forloop.parentloop.counter0 }}{{ forloop.revcounter0 }},{% endfor %}{% endfor %}{% endfor %}"
        #expect(try render(source, ["x": [0, 1]]) == "101,100,111,110,201,200,211,210,")
    }

    @Test("nested loops: the outer forloop comes back after the inner loop")
    func outerForloopRestored() throws {
        let source = "{% for x in a %}{% for y in b %}{{ forloop.counter }}{% endfor %}|{{ forloop.counter }}{{ forloop.revcounter }};{% endfor %}"
        #expect(try render(source, ["a": ["p", "q"], "b": [1, 2, 3]]) == "123|12;123|21;")
    }

    @Test("nested loops: a reversed outer loop counts from the reversed start")
    func nestedReversed() throws {
        let source = "{% for x in a reversed %}{% for y in b %}{{ forloop.parentloop.counter }}{{ x }}{% endfor %}{% endfor %}"
        #expect(try render(source, ["a": [1, 2], "b": [0]]) == "1221")
    }

    @Test("nested loops: an empty inner loop renders its {% empty %} with the outer variable")
    func nestedEmpty() throws {
        let source = "{% for x in a %}{% for y in b %}{{ y }}{% empty %}{{ x }}-{{ forloop.counter }}e {% endfor %}{% endfor %}"
        #expect(try render(source, ["a": [1, 2], "b": [Any]()]) == "1-1e 2-2e ")
    }

    @Test("a top-level loop has an empty parentloop")
    func topLevelParentloop() throws {
        #expect(try render("{% for x in a %}[{{ forloop.parentloop.counter }}]{% endfor %}", ["a": [1, 2]]) == "[][]")
    }

    @Test("for/empty inside an overridden block, with block.super")
    func forEmptyInBlock() throws {
        let templates = [
            "base": "<{% block list %}{% for x in xs %}{{ x }}{% empty %}none{% endfor %}{% endblock %}>",
            "child": "{% extends 'base' %}{% block list %}[{{ block.super }}]{% for x in xs reversed %}{{ forloop.revcounter }}{{ x }}{% empty %}-{% endfor %}{% endblock %}",
        ]
        #expect(try Compat.render(templates, "child", ["xs": [Any]()]) == "<[none]->")
        #expect(try Compat.render(templates, "child", ["xs": ["a", "b"]]) == "<[ab]2b1a>")
        #expect(try Compat.render(templates, "base", ["xs": ["a"]]) == "<a>")
    }

    @Test("a block inside a nested loop of the parent sees both loops")
    func blockInNestedLoop() throws {
        let templates = [
            "base": "{% for r in rows %}{% for c in r %}{% block cell %}{{ c }}{% endblock %}{% endfor %};{% endfor %}",
            "child": "{% extends 'base' %}{% block cell %}{{ forloop.parentloop.counter }}.{{ forloop.counter }}={{ block.super }} {% endblock %}",
        ]
        #expect(try Compat.render(templates, "child", ["rows": [["a", "b"], ["c"]]]) == "1.1=a 1.2=b ;2.1=c ;")
    }
}
