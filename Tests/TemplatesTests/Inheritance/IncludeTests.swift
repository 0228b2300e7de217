import Templates
import Testing

@Suite("Templates: {% include %} (Django's test_include)")
struct IncludeTests {
    let engine = Engine(templates: [
        "basic-syntax01": "something cool",
        "basic-syntax02": "{{ headline }}",
        "headline": "{{ headline }}|{{ first }}",
        "pair": "{{ first }}/{{ second }}",
        "include01": "{% include 'basic-syntax01' %}",
        "include02": "{% include 'basic-syntax02' %}",
        "include03": "{% include template_name %}",
        "include04": "a{% include '' %}b",
        "include05": "template with a space",
        "include06": "{% include \"include 05\"%}",
        "include 05": "template with a space",
        "include07": "{% include 'headline' with headline='Inline' %}",
        "include08": "{% include headline with headline='Dynamic' %}",
        "include09": "{{ first }}--{% include 'pair' with first='Inner' only %}--{{ second }}",
        "include10": "{% include 'pair' only %}",
        "include11": "{% include 'pair' with first='one' only %}",
        "include12": "{% include 'pair' with second='two' %}",
        "include13": "{% include 'pair' only with first='one' second=second|escape %}",
        "include14": "{% include 'pair' with first=first second='x' %}",
        "include-missing": "a{% include 'missing.html' %}b",
        "escaping": "{% include 'basic-syntax02' %}{% autoescape off %}{% include 'basic-syntax02' %}{% endautoescape %}",
        "blockparent": "{% block content %}parent{% endblock %}",
        "blockchild": "{% extends 'blockparent' %}{% block content %}{% include 'blockinclude' %}{% endblock %}",
        "blockinclude": "[{% block content %}included{% endblock %}]",
        "includes-extending": "{% include 'child-of-parent' %}!",
        "child-of-parent": "{% extends 'blockparent' %}{% block content %}{{ block.super }}+child{% endblock %}",
    ])

    func render(_ name: String, _ values: [String: Any] = [:]) throws -> String {
        try engine.renderToString(name, values)
    }

    @Test("include01–06: literal, variable and spaced names")
    func names() throws {
        #expect(try render("include01") == "something cool")
        #expect(try render("include02", ["headline": "Included"]) == "Included")
        #expect(try render("include03", ["template_name": "basic-syntax02", "headline": "Included"]) == "Included")
        #expect(try render("include06") == "template with a space")
    }

    @Test("include of a Template object and of a list of names (the first that exists)")
    func templateObjectsAndLists() throws {
        let template = try engine.fromString("from {{ where }}")
        #expect(try render("include03", ["template_name": template, "where": "object"]) == "from object")
        #expect(try render("include03", ["template_name": ["nope", "basic-syntax01"] as [Any]]) == "something cool")
    }

    @Test("with adds values; only keeps nothing else")
    func withAndOnly() throws {
        #expect(try render("include07", ["headline": "Outer", "first": "F"]) == "Inline|F")
        #expect(try render("include08", ["headline": "headline", "first": "F"]) == "Dynamic|F")
        #expect(try render("include09", ["first": "A", "second": "B"]) == "A--Inner/--B")
        #expect(try render("include10", ["first": "A", "second": "B"]) == "/")
        #expect(try render("include11", ["first": "A", "second": "B"]) == "one/")
        #expect(try render("include12", ["first": "A", "second": "B"]) == "A/two")
        #expect(try render("include13", ["first": "A", "second": "<B>"]) == "one/&lt;B&gt;")
        #expect(try render("include14", ["first": "A"]) == "A/x")
        // The pushed values go away after the include.
        #expect(try engine.fromString("{% include 'pair' with first='in' %}{{ first }}").render(["first": "out"]) == "in/out")
    }

    @Test("autoescape carries into the included template, only or not")
    func autoescape() throws {
        #expect(try render("escaping", ["headline": "<b>"]) == "&lt;b&gt;<b>")
        #expect(try engine.fromString("{% autoescape off %}{% include 'basic-syntax02' with headline=h only %}{% endautoescape %}").render(["h": "<i>"]) == "<i>")
    }

    @Test("blocks in an included template render standalone; an included child extends normally")
    func blocks() throws {
        #expect(try render("blockchild") == "[included]")
        #expect(try render("includes-extending") == "parent+child!")
    }

    @Test("a missing template is TemplateDoesNotExist when rendering, not compiling")
    func missing() throws {
        _ = try engine.getTemplate("include-missing")
        #expect(throws: TemplateDoesNotExist.self) { try render("include-missing") }
        #expect(throws: TemplateDoesNotExist("No template names provided")) { try render("include04") }
        #expect(throws: TemplateDoesNotExist("No template names provided")) { try render("include03") }
        #expect(throws: TemplateDoesNotExist.self) { try render("include03", ["template_name": "absent"]) }
    }

    func syntaxError(_ source: String) -> String? {
        do {
            _ = try engine.fromString(source)
            return nil
        } catch let error as TemplateSyntaxError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("syntax errors")
    func errors() {
        #expect(syntaxError("{% include %}") == "'include' tag takes at least one argument: the name of the template to be included.")
        #expect(syntaxError("{% include 'x' with %}") == "\"with\" in 'include' tag needs at least one keyword argument.")
        #expect(syntaxError("{% include 'x' with a %}") == "\"with\" in 'include' tag needs at least one keyword argument.")
        #expect(syntaxError("{% include 'x' only only %}") == "The 'only' option was specified more than once.")
        #expect(syntaxError("{% include 'x' with a=1 with b=2 %}") == "The 'with' option was specified more than once.")
        #expect(syntaxError("{% include 'x' foo %}") == "Unknown argument for 'include' tag: 'foo'.")
        #expect(syntaxError("{% include 'x' with a=b|nofilter %}") == "Invalid filter: 'nofilter'")
    }
}
