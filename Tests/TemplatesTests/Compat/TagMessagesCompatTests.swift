import Templates
import Testing

/// Django's syntax_tests/test_filter_tag: filters that would undo escaping are refused.
@Suite("Compat: Django's test_filter_tag (refused filters)")
struct FilterTagCompatTests {
    @Test("filter05") func filter05() {
        Compat.expectSyntaxError("filter05", source: "{% filter safe %}fail{% endfilter %}",
                                 containing: "\"filter safe\" is not permitted. Use the \"autoescape\" tag instead.")
    }

    @Test("filter06") func filter06() {
        Compat.expectSyntaxError("filter06", source: "{% filter escape %}fail{% endfilter %}",
                                 containing: "\"filter escape\" is not permitted. Use the \"autoescape\" tag instead.")
    }
}

/// Django's syntax_tests/test_cycle: Django 6.1 reads no comma-separated values.
@Suite("Compat: Django's test_cycle (syntax errors)")
struct CycleCompatTests {
    @Test("cycle07") func cycle07() {
        Compat.expectSyntaxError("cycle07", source: "{% cycle a,b,c as foo %}{% cycle bar %}",
                                 containing: "Could not parse the remainder: ',b,c' from 'a,b,c'")
    }
}

/// Django's syntax_tests/test_template_tag.
@Suite("Compat: Django's test_template_tag (arguments)")
struct TemplateTagCompatTests {
    @Test("templatetag06") func templatetag06() {
        Compat.expectSyntaxError("templatetag06", source: "{% templatetag foo %}", containing: "Invalid templatetag argument: 'foo'. "
            + "Must be one of: ['openblock', 'closeblock', 'openvariable', 'closevariable', 'openbrace', 'closebrace', 'opencomment', 'closecomment']")
    }
}

/// Django's syntax_tests/test_url: a keyword argument needs a value.
@Suite("Compat: Django's test_url (syntax errors)")
struct URLCompatTests {
    @Test("url-fail05") func fail05() {
        Compat.expectSyntaxError("url-fail05", source: "{% url \"view\" id= %}", containing: "Could not parse the remainder: '=' from 'id='")
    }

    @Test("url-fail15") func fail15() {
        Compat.expectSyntaxError("url-fail15", source: "{% url named_url id= %}", containing: "Could not parse the remainder: '=' from 'id='",
                                 ["named_url": "view"])
    }
}
