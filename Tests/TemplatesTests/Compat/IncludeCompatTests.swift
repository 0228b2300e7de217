import Foundation
import Templates
import Testing

@Suite("Compat: Django's test_include (with/only, autoescape, errors, recursion, in loops)")
struct IncludeCompatTests {
    func render(_ name: String, source: String, _ values: [String: Any]) throws -> String {
        var templates = Compat.basicTemplates
        templates[name] = source
        return try Compat.render(templates, name, values)
    }

    @Test("include09") func include09() throws {
        let source = "{{ first }}--{% include \"basic-syntax03\" with first=second|lower|upper second=first|upper %}--{{ second }}"
        #expect(try render("include09", source: source, ["first": "Ul", "second": "lU"]) == "Ul--LU --- UL--lU")
    }

    @Test("include10") func include10() throws {
        #expect(try render("include10", source: "{% include \"basic-syntax03\" only %}", ["first": "1"]) == " --- ")
    }

    @Test("include11") func include11() throws {
        #expect(try render("include11", source: "{% include \"basic-syntax03\" only with second=2 %}", ["first": "1"]) == " --- 2")
    }

    @Test("include12") func include12() throws {
        #expect(try render("include12", source: "{% include \"basic-syntax03\" with first=1 only %}", ["second": "2"]) == "1 --- ")
    }

    @Test("include13") func include13() throws {
        let source = "{% autoescape off %}{% include \"basic-syntax03\" %}{% endautoescape %}"
        #expect(try render("include13", source: source, ["first": "&"]) == "& --- ")
    }

    @Test("include14") func include14() throws {
        let source = "{% autoescape off %}{% include \"basic-syntax03\" with first=var1 only %}{% endautoescape %}"
        #expect(try render("include14", source: source, ["var1": "&"]) == "& --- ")
    }

    @Test("include-error01") func includeError01() {
        Compat.expectSyntaxError("include-error01", source: "{% include \"basic-syntax01\" with %}")
    }

    @Test("include-error02") func includeError02() {
        Compat.expectSyntaxError("include-error02", source: "{% include \"basic-syntax01\" with \"no key\" %}")
    }

    @Test("include-error03") func includeError03() {
        Compat.expectSyntaxError("include-error03", source: "{% include \"basic-syntax01\" with dotted.arg=\"error\" %}")
    }

    @Test("include-error04") func includeError04() {
        Compat.expectSyntaxError("include-error04", source: "{% include \"basic-syntax01\" something_random %}")
    }

    @Test("include-error05") func includeError05() {
        Compat.expectSyntaxError("include-error05", source: "{% include \"basic-syntax01\" foo=\"duplicate\" foo=\"key\" %}")
    }

    @Test("include-error06") func includeError06() {
        Compat.expectSyntaxError("include-error06", source: "{% include \"basic-syntax01\" only only %}")
    }

    @Test("include_empty") func includeEmpty() {
        Compat.expectSyntaxError("include_empty", source: "{% include %}",
                                 containing: "'include' tag takes at least one argument: the name of the template to be included.")
    }

    @Test("test_include_missing_template") func includeMissingTemplate() throws {
        let engine = Engine(templates: ["test_include_error.html": "{% include \"missing.html\" %}\n"])
        let template = try engine.getTemplate("test_include_error.html")
        #expect { try template.render() } throws: { ($0 as? TemplateDoesNotExist)?.name == "missing.html" }
    }

    @Test("test_extends_include_missing_baseloader") func extendsIncludeMissing() throws {
        // #12787: the parent exists, but includes a template that does not; the error names
        // the missing include, both times (the second from the cache).
        let engine = Engine(templates: [
            "test_include_error.html": "{% include \"missing.html\" %}\n",
            "test_extends_error.html": "{% extends \"test_include_error.html\" %}\n",
        ])
        for _ in 0..<2 {
            let template = try engine.getTemplate("test_extends_error.html")
            #expect { try template.render() } throws: { ($0 as? TemplateDoesNotExist)?.name == "missing.html" }
        }
    }

    @Test("test_include_template_argument") func includeTemplateArgument() throws {
        let engine = Engine()
        let outer = try engine.fromString("{% include tmpl %}")
        #expect(try outer.render(["tmpl": try engine.fromString("This worked!")]) == "This worked!")
    }

    @Test("test_include_template_iterable") func includeTemplateIterable() throws {
        let engine = Engine(templates: ["index.html": "index\n"])
        let outer = try engine.fromString("{% include var %}")
        #expect(try outer.render(["var": ["admin/fail.html", "index.html"]]) == "index\n")
    }

    @Test("test_include_template_none") func includeTemplateNone() throws {
        let outer = try Engine(templates: ["index.html": "index\n"]).fromString("{% include var %}")
        #expect(throws: TemplateDoesNotExist("No template names provided")) {
            try outer.render(["var": Optional<String>.none as Any])
        }
    }

    @Test("test_include_immediate_missing") func includeImmediateMissing() throws {
        // #16417: a missing included template is not an error when compiling.
        _ = try Engine(debug: true).fromString("{% include \"this_does_not_exist.html\" %}")
    }

    @Test("test_include_recursive") func includeRecursive() throws {
        let engine = Engine(templates: [
            "recursive_include.html": """
                Recursion!
                {% for comment in comments %}
                    {{ comment.comment }}
                    {% if comment.children %}
                        {% include "recursive_include.html" with comments=comment.children %}
                    {% endif %}
                {% endfor %}

                """,
        ])
        func comment(_ text: String, _ children: [Any] = []) -> [String: Any] { ["comment": text, "children": children] }
        let comments: [Any] = [comment("A1", [comment("B1"), comment("B2"), comment("B3", [comment("C1")])])]
        let output = try engine.getTemplate("recursive_include.html").render(["comments": comments])
        let squeezed = output.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        #expect(squeezed == "Recursion!  A1  Recursion!  B1   B2   B3  Recursion!  C1")
    }

    @Test("test_for_tag_context (#28001: include inside with, a for loop in the included template)")
    func forTagContext() throws {
        let templates = [
            "main": "{% with alpha=alpha.values %}{% include \"base\" %}{% endwith %}_{% with alpha=alpha.extra %}{% include \"base\" %}{% endwith %}",
            "base": "{% for x, y in alpha %}{{ x }}:{{ y }},{% endfor %}",
        ]
        let alpha: [String: Any] = [
            "values": [["two", 2], ["four", 4]] as [Any],
            "extra": [["six", 6], ["eight", 8]] as [Any],
        ]
        #expect(try Compat.render(templates, "main", ["alpha": alpha]) == "two:2,four:4,_six:6,eight:8,")
    }

    @Test("test_include_cache shape: an include inside a for loop renders once per item")
    func includeInLoop() throws {
        let templates = [
            "template": "{% for x in vars %}{% include \"include\" %}{% endfor %}",
            "include": "{% include \"next\" %}",
            "next": "{{ forloop.counter0 }}",
        ]
        #expect(try Compat.render(templates, "template", ["vars": Array(0..<9)]) == "012345678")
    }

    // Includes inside loops and blocks, and isolated contexts (`only`): Django's IncludeNode
    // renders with the same context (or `context.new()` with `only`), so an included template
    // sees the enclosing forloop unless `only` is given.

    @Test("include in a for loop: `only` hides the loop variable and forloop")
    func includeOnlyInLoop() throws {
        let templates = ["p": "[{{ forloop.counter }}{{ x }}]", "t": "{% for x in a %}{% include 'p' only %}{% endfor %}"]
        #expect(try Compat.render(templates, "t", ["a": ["a", "b"]]) == "[][]")
    }

    @Test("include in a for loop: `with ... only` passes just the filtered loop variable")
    func includeWithOnlyInLoop() throws {
        let templates = ["p": "[{{ forloop.counter }}{{ x }}]", "t": "{% for x in a %}{% include 'p' with x=x|upper only %}{% endfor %}"]
        #expect(try Compat.render(templates, "t", ["a": ["a", "b"]]) == "[A][B]")
    }

    @Test("include in a for loop: the included loop's parentloop is the including loop, unless `only`")
    func includedLoopParentloop() throws {
        let templates = [
            "inner": "{% for y in b %}{{ forloop.parentloop.counter }}{{ y }}{% endfor %},",
            "t": "{% for x in a %}{% include 'inner' %}{% endfor %}",
            "t-only": "{% for x in a %}{% include 'inner' with b=b only %}{% endfor %}",
        ]
        #expect(try Compat.render(templates, "t", ["a": [1, 2], "b": ["p"]]) == "1p,2p,")
        #expect(try Compat.render(templates, "t-only", ["a": [1, 2], "b": ["p"]]) == "p,p,")
    }

    @Test("include in a for loop inside {% with %}: the included template sees both")
    func includeInWithInLoop() throws {
        let templates = ["q": "{{ n }}{{ x }}", "t": "{% for x in a %}{% with n=forloop.revcounter %}{% include 'q' %}{% endwith %}{% endfor %}"]
        #expect(try Compat.render(templates, "t", ["a": ["a", "b"]]) == "2a1b")
    }

    @Test("include inside an overriding block, next to block.super")
    func includeInBlockWithSuper() throws {
        let templates = [
            "base": "<{% block c %}B{% endblock %}>",
            "child": "{% extends 'base' %}{% block c %}{% include 'p' %}{{ block.super }}{% include 'p' with x=2 only %}{% endblock %}",
            "p": "[{{ x }}]",
        ]
        #expect(try Compat.render(templates, "child", ["x": 1]) == "<[1]B[2]>")
    }

    @Test("names set inside an included template do not leak out")
    func includeDoesNotLeak() throws {
        let templates = ["w": "{% with y='in' %}{{ y }}{% endwith %}{% for z in 'ab' %}{% endfor %}", "t": "{% include 'w' %}[{{ y }}{{ z }}]"]
        #expect(try Compat.render(templates, "t") == "in[]")
    }
}
