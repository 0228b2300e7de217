import Templates
import Testing

/// Django's UnsafeClass: its str() is plain text, escaped on output.
struct CompatUnsafeClass: CustomStringConvertible {
    var description: String { "you & me" }
}

/// Django's SafeClass: its str() is mark_safe("you &gt; me"), not escaped again.
/// Django's SafeClass: its text is already HTML (Django's `__html__`).
struct CompatSafeClass: CustomStringConvertible, HTMLConvertible {
    var description: String { "you &gt; me" }
    var html: String { description }
}

@Suite("Compat: Django's test_autoescape (nesting, safe values, filters, literals, includes)")
struct AutoescapeCompatTests {
    func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render(name, source: source, values)
    }

    @Test("autoescape-tag01") func tag01() throws {
        #expect(try render("autoescape-tag01", source: "{% autoescape off %}hello{% endautoescape %}") == "hello")
    }

    @Test("autoescape-tag02") func tag02() throws {
        #expect(try render("autoescape-tag02", source: "{% autoescape off %}{{ first }}{% endautoescape %}", ["first": "<b>hello</b>"]) == "<b>hello</b>")
    }

    @Test("autoescape-tag03") func tag03() throws {
        #expect(try render("autoescape-tag03", source: "{% autoescape on %}{{ first }}{% endautoescape %}", ["first": "<b>hello</b>"])
                == "&lt;b&gt;hello&lt;/b&gt;")
    }

    @Test("autoescape-tag04") func tag04() throws {
        // Autoescape disabling and enabling nest in a predictable way.
        let source = "{% autoescape off %}{{ first }} {% autoescape on %}{{ first }}{% endautoescape %}{% endautoescape %}"
        #expect(try render("autoescape-tag04", source: source, ["first": "<a>"]) == "<a> &lt;a&gt;")
    }

    @Test("autoescape-tag06") func tag06() throws {
        #expect(try render("autoescape-tag06", source: "{{ first }}", ["first": SafeString("<b>first</b>")]) == "<b>first</b>")
    }

    @Test("autoescape-tag07") func tag07() throws {
        #expect(try render("autoescape-tag07", source: "{% autoescape on %}{{ first }}{% endautoescape %}", ["first": SafeString("<b>Apple</b>")])
                == "<b>Apple</b>")
    }

    @Test("autoescape-tag08") func tag08() throws {
        // Literal string arguments to filters, if used in the result, are safe.
        let source = #"{% autoescape on %}{{ var|default_if_none:" endquote\" hah" }}{% endautoescape %}"#
        #expect(try render("autoescape-tag08", source: source, ["var": Optional<String>.none as Any]) == " endquote\" hah")
    }

    @Test("autoescape-tag09") func tag09() throws {
        #expect(try render("autoescape-tag09", source: "{{ unsafe }}", ["unsafe": CompatUnsafeClass()]) == "you &amp; me")
    }

    @Test("autoescape-tag10") func tag10() throws {
        let output = try render("autoescape-tag10", source: "{{ safe }}", ["safe": CompatSafeClass()])
        #expect(output == "you &gt; me")
    }

    @Test("autoescape-filtertag01") func filtertag01() {
        // The "safe" and "escape" filters cannot be used with {% filter %}.
        Compat.expectSyntaxError("autoescape-filtertag01", source: "{{ first }}{% filter safe %}{{ first }} x<y{% endfilter %}", ["first": "<a>"])
    }

    @Test("autoescape-filters01") func filters01() throws {
        // Arguments to filters are 'safe' and manipulate their input unescaped.
        #expect(try render("autoescape-filters01", source: "{{ var|cut:\"&\" }}", ["var": "this & that"]) == "this  that")
    }

    @Test("autoescape-filters02") func filters02() throws {
        #expect(try render("autoescape-filters02", source: "{{ var|join:\" & \" }}", ["var": ["Tom", "Dick", "Harry"]]) == "Tom & Dick & Harry")
    }

    @Test("autoescape-literals01") func literals01() throws {
        #expect(try render("autoescape-literals01", source: "{{ \"this & that\" }}") == "this & that")
    }

    @Test("autoescape-stringiterations01") func stringIterations01() throws {
        #expect(try render("autoescape-stringiterations01", source: "{% for l in var %}{{ l }},{% endfor %}", ["var": "K&R"]) == "K,&amp;,R,")
    }

    @Test("autoescape-lookup01") func lookup01() throws {
        #expect(try render("autoescape-lookup01", source: "{{ var.key }}", ["var": ["key": "this & that"]]) == "this &amp; that")
    }

    @Test("test_invalid_arg (autoescape)") func invalidArg() {
        Compat.expectSyntaxError("autoescape-incorrect-arg", source: "{% autoescape true %}{{ var.key }}{% endautoescape %}",
                                 containing: "'autoescape' argument should be 'on' or 'off'", ["var": ["key": "this & that"]])
    }

    @Test("test_no_arg (autoescape)") func noArg() {
        Compat.expectSyntaxError("autoescape-incorrect-arg", source: "{% autoescape %}{{ var.key }}{% endautoescape %}",
                                 containing: "'autoescape' tag requires exactly one argument.", ["var": ["key": "this & that"]])
    }

    @Test("autoescape with filters: escape applies once, off leaves filter output raw")
    func filtersUnderAutoescape() throws {
        let source = "{% autoescape off %}{{ a|escape }}|{{ a|upper }}|{{ a|join:'&' }}{% endautoescape %}|{{ a|upper }}"
        #expect(try render("t", source: source, ["a": "<x>"]) == "&lt;x&gt;|<X>|<&x&>|&lt;X&gt;")
    }

    @Test("autoescape and includes: the included template follows the including block")
    func autoescapeAndIncludes() throws {
        let templates = [
            "inner": "{{ v }}",
            "outer": "{% include 'inner' %}{% autoescape off %}{% include 'inner' %}{% autoescape on %}{% include 'inner' with v=w %}{% endautoescape %}{% endautoescape %}",
        ]
        #expect(try Compat.render(templates, "outer", ["v": "<a>", "w": "&"]) == "&lt;a&gt;<a>&amp;")
    }

    @Test("autoescape off around a parent's block applies to the child's override, not to other blocks")
    func autoescapeAndBlocks() throws {
        // A child's block renders where the parent's block stood, so it inherits the
        // parent's autoescape state there.
        let templates = [
            "base": "{% autoescape off %}{% block b %}{{ v }}{% endblock %}{% endautoescape %}{% block c %}{% endblock %}",
            "child": "{% extends 'base' %}{% block b %}[{{ v }}]{% endblock %}{% block c %}({{ v }}){% endblock %}",
        ]
        #expect(try Compat.render(templates, "child", ["v": "<a>"]) == "[<a>](&lt;a&gt;)")
    }
}
