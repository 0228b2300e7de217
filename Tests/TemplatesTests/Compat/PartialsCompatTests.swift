import Templates
import Testing

/// Django's syntax_tests/test_partials: a template's partials loaded by "name#partial".
@Suite("Compat: Django's test_partials (partials by name#partial)")
struct PartialsCompatTests {
    static let nested: [String: String] = [
        "base.html": "{% block content %}{% endblock %}",
        "nested_simple": "{% extends 'base.html' %}{% block content %}This is my main page.{% partialdef outer inline %}"
            + "    It hosts a couple of partials.\n    {% partialdef inner inline %}        And an inner one.    "
            + "{% endpartialdef inner %}{% endpartialdef outer %}{% endblock content %}",
        "use_outer": "{% include 'nested_simple#outer' %}",
        "use_inner": "{% include 'nested_simple#inner' %}",
    ]

    @Test("test_nested_partials") func nestedPartials() throws {
        #expect(try Compat.render(Self.nested, "use_outer") == "    It hosts a couple of partials.\n            And an inner one.    ")
        #expect(try Compat.render(Self.nested, "use_inner") == "        And an inner one.    ")
    }

    @Test("test_partial_as_include_in_template") func partialAsInclude() throws {
        let templates = [
            "partial_as_include_in_other_template": "MAIN TEMPLATE START\n{% include 'partial_included.html#included-partial' %}\nMAIN TEMPLATE END",
            "partial_included.html": "INCLUDED TEMPLATE START\n{% partialdef included-partial %}\nTHIS IS CONTENT FROM THE INCLUDED PARTIAL\n"
                + "{% endpartialdef %}\n\nNow using the partial: {% partial included-partial %}\nINCLUDED TEMPLATE END\n",
        ]
        #expect(try Compat.render(templates, "partial_as_include_in_other_template")
                == "MAIN TEMPLATE START\n\nTHIS IS CONTENT FROM THE INCLUDED PARTIAL\n\nMAIN TEMPLATE END")
    }

    @Test("test_undefined_partial_exception_info_template_does_not_exist") func undefinedPartial() {
        let engine = Engine(templates: ["existing_template": "<h1>Header</h1><p>This template has no partials defined</p>"])
        #expect { try engine.getTemplate("existing_template#undefined") } throws: { error in
            (error as? TemplateDoesNotExist).map { "\($0)".contains("undefined") } ?? false
        }
    }

    @Test("test_invalid_template_name_raises_template_does_not_exist") func invalidNames() {
        let engine = Engine(templates: Self.nested)
        for name in ["", "#", "#name"] {
            #expect(throws: TemplateDoesNotExist.self) { try engine.getTemplate(name) }
        }
    }

    @Test("test_basic_parse_errors") func basicParseErrors() {
        let cases: [(String, String, String)] = [
            ("partial_undefined_name", "{% partial undefined %}", "Partial 'undefined' is not defined in the current template."),
            ("partial_missing_name", "{% partial %}", "'partial' tag requires a single argument"),
            ("partialdef_missing_name", "{% partialdef %}{% endpartialdef %}", "'partialdef' tag requires a name"),
            ("partialdef_missing_close_tag", "{% partialdef name %}TEST", "Unclosed tag on line 1: 'partialdef'"),
            ("partialdef_opening_closing_name_mismatch", "{% partialdef testing-name %}TEST{% endpartialdef invalid %}",
             "expected 'endpartialdef' or 'endpartialdef testing-name'."),
            ("partialdef_extra_params", "{% partialdef testing-name inline extra %}TEST{% endpartialdef %}",
             "'partialdef' tag takes at most 2 arguments"),
            ("partialdef_duplicated_names",
             "{% partialdef testing-name %}TEST{% endpartialdef %}{% partialdef testing-name %}TEST{% endpartialdef %}{% partial testing-name %}",
             "Partial 'testing-name' is already defined in the 'partialdef_duplicated_names' template."),
        ]
        for (name, source, message) in cases {
            Compat.expectSyntaxError(name, source: source, containing: message)
        }
    }

    @Test("test_broken_partial_unclosed_exception_info") func brokenUnclosed() {
        let source = "<div>Before partial</div>{% partialdef unclosed_partial %}<p>This partial has no closing tag</p><div>After partial content</div>"
        Compat.expectSyntaxError("partial_broken_unclosed", source: source,
                                 containing: "Unclosed tag on line 1: 'partialdef'. Looking for one of: endpartialdef, endpartialdef unclosed_partial.")
    }

    @Test("test_partial_with_syntax_error_exception_info") func syntaxErrorInside() {
        let source = "<h1>Title</h1>\n{% partialdef syntax_error_partial %}\n    {% if user %}\n        <p>User: {{ user.name }}</p>\n"
            + "    {% endif\n    <p>Missing closing tag above</p>\n{% endpartialdef %}\n{% partial syntax_error_partial %}\n"
        Compat.expectSyntaxError("partial_with_syntax_error", source: source, containing: "Invalid block tag on line 7: 'endpartialdef', "
            + "expected 'elif', 'else' or 'endif'. Did you forget to register or load this tag?")
    }
}
