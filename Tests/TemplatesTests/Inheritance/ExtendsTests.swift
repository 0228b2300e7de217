import Templates
import Testing

/// Django's test_extends templates (the ones that need no {% if %}, {% for %} or test tags).
let inheritanceTemplates: [String: String] = [
    "inheritance01": "1{% block first %}&{% endblock %}3{% block second %}_{% endblock %}",
    "inheritance02": "{% extends 'inheritance01' %}{% block first %}2{% endblock %}{% block second %}4{% endblock %}",
    "inheritance03": "{% extends 'inheritance02' %}",
    "inheritance04": "{% extends 'inheritance01' %}",
    "inheritance05": "{% extends \"inheritance02\" %}",
    "inheritance06": "{% extends foo %}",
    "inheritance07": "{% extends 'inheritance01' %}{% block second %}5{% endblock %}",
    "inheritance08": "{% extends 'inheritance02' %}{% block second %}5{% endblock %}",
    "inheritance09": "{% extends 'inheritance04' %}",
    "inheritance10": "{% extends 'inheritance04' %}      ",
    "inheritance11": "{% extends 'inheritance04' %}{% block first %}2{% endblock %}{% block second %}4{% endblock %}",
    "inheritance12": "{% extends 'inheritance07' %}{% block first %}2{% endblock %}",
    "inheritance13": "{% extends 'inheritance02' %}{% block first %}a{% endblock %}{% block second %}b{% endblock %}",
    "inheritance14": "{% extends 'inheritance01' %}{% block newblock %}NO DISPLAY{% endblock %}",
    "inheritance15": "{% extends 'inheritance01' %}{% block first %}2{% block inner %}inner{% endblock %}{% endblock %}",
    "inheritance16": "{% extends 'inheritance15' %}{% block inner %}out{% endblock %}",
    "inheritance20": "{% extends 'inheritance01' %}{% block first %}{{ block.super }}a{% endblock %}",
    "inheritance21": "{% extends 'inheritance02' %}{% block first %}{{ block.super }}a{% endblock %}",
    "inheritance22": "{% extends 'inheritance04' %}{% block first %}{{ block.super }}a{% endblock %}",
    "inheritance23": "{% extends 'inheritance20' %}{% block first %}{{ block.super }}b{% endblock %}",
    "inheritance24": "{% extends context_template %}{% block first %}2{% endblock %}{% block second %}4{% endblock %}",
    "inheritance25": "{% extends context_template.1 %}{% block first %}2{% endblock %}{% block second %}4{% endblock %}",
    "inheritance26": "no tags",
    "inheritance27": "{% extends 'inheritance26' %}",
    "inheritance 28": "{% block first %}!{% endblock %}",
    "inheritance29": "{% extends 'inheritance 28' %}",
    // Four levels of block.super, and escaping: super's output is safe, not escaped again.
    "super4": "{% extends 'inheritance23' %}{% block first %}[{{ block.super }}]{% endblock %}",
    "escaped": "{% extends 'inheritance01' %}{% block first %}{{ block.super }}{{ x }}{% endblock %}",
    // The name of the block being rendered.
    "named": "{% extends 'inheritance01' %}{% block second %}{{ block.name }}{% endblock %}",
    "endnamed": "{% extends 'inheritance01' %}{% block first %}N{% endblock first %}",
    // An include inside a block, and blocks inside an included template render on their own.
    "partial": "<{% block first %}P{{ who }}{% endblock %}>",
    "withinclude": "{% extends 'inheritance01' %}{% block first %}{% include 'partial' %}{% endblock %}",
    "includeextends": "{% extends 'inheritance01' %}{% block second %}{% include 'inheritance02' %}{% endblock %}",
    // Text and comments before extends are fine (and not rendered).
    "leadingtext": "  \n{# note #}{% extends 'inheritance01' %}{% block first %}T{% endblock %}",
    "self": "{% extends 'self' %}",
    "loop-a": "{% extends 'loop-b' %}",
    "loop-b": "{% extends 'loop-a' %}",
    "missingparent": "{% extends 'nope.html' %}{% block first %}x{% endblock %}",
    "standalonesuper": "{% block first %}{{ block.super }}{% endblock %}",
]

@Suite("Templates: {% extends %} and {% block %} (Django's test_extends)")
struct ExtendsTests {
    let engine = Engine(templates: inheritanceTemplates)

    func render(_ name: String, _ values: [String: Any] = [:]) throws -> String {
        try engine.renderToString(name, values)
    }

    @Test("inheritance01–16: overriding, blocks not overridden, levels, nested blocks", arguments: [
        ("inheritance01", "1&3_"), ("inheritance02", "1234"), ("inheritance03", "1234"), ("inheritance04", "1&3_"),
        ("inheritance05", "1234"), ("inheritance07", "1&35"), ("inheritance08", "1235"), ("inheritance09", "1&3_"),
        ("inheritance10", "1&3_"), ("inheritance11", "1234"), ("inheritance12", "1235"), ("inheritance13", "1a3b"),
        ("inheritance14", "1&3_"), ("inheritance15", "12inner3_"), ("inheritance16", "12out3_"),
        ("inheritance26", "no tags"), ("inheritance27", "no tags"), ("inheritance 28", "!"), ("inheritance29", "!"),
    ])
    func inheritance(name: String, expected: String) throws {
        #expect(try render(name) == expected)
    }

    @Test("inheritance20–23 and four levels: {{ block.super }}")
    func blockSuper() throws {
        #expect(try render("inheritance20") == "1&a3_")
        #expect(try render("inheritance21") == "12a34")
        #expect(try render("inheritance22") == "1&a3_")
        #expect(try render("inheritance23") == "1&ab3_")
        #expect(try render("super4") == "1[&ab]3_")
        #expect(try render("escaped", ["x": "<i>"]) == "1&&lt;i&gt;3_")
        #expect(try render("named") == "1&3second")
        #expect(try render("endnamed") == "1N3_")
    }

    @Test("inheritance06, 24, 25: a variable parent, a Template object, a list item")
    func variableParent() throws {
        #expect(try render("inheritance06", ["foo": "inheritance02"]) == "1234")
        let parent = try engine.fromString("1{% block first %}_{% endblock %}3{% block second %}_{% endblock %}")
        #expect(try render("inheritance24", ["context_template": parent]) == "1234")
        let list: [Any] = [try engine.fromString("Wrong"), parent]
        #expect(try render("inheritance25", ["context_template": list]) == "1234")
    }

    @Test("the same compiled templates render many times, each render with its own block context")
    func repeatedRenders() throws {
        for _ in 0..<3 {
            #expect(try render("inheritance23") == "1&ab3_")
            #expect(try render("inheritance16") == "12out3_")
        }
    }

    @Test("one context rendered twice starts afresh")
    func sameContextTwice() throws {
        let context = Context()
        let template = try engine.getTemplate("inheritance23")
        #expect(try template.render(context) == "1&ab3_")
        #expect(try template.render(context) == "1&ab3_")
        #expect(try engine.getTemplate("inheritance16").render(context) == "12out3_")
    }

    @Test("includes inside blocks; blocks of an included template render on their own")
    func includesAndBlocks() throws {
        #expect(try render("withinclude", ["who": "!"]) == "1<P!>3_")
        #expect(try render("includeextends") == "1&31234")
        #expect(try render("partial", ["who": "x"]) == "<Px>")
        // Text before extends is output, as in Django.
        #expect(try render("leadingtext") == "  \n1T3_")
    }

    @Test("relative names: ./ and ../ from the template's own folder")
    func relativeNames() throws {
        let engine = Engine(templates: [
            "base.html": "base[{% block a %}{% endblock %}]",
            "dir/base.html": "dirbase[{% block a %}{% endblock %}]",
            "dir/one.html": "{% extends './base.html' %}{% block a %}one{% include \"../part.html\" %}{% endblock %}",
            "dir/sub/two.html": "{% extends '../../base.html' %}{% block a %}two{% include './three.html' %}{% endblock %}",
            "dir/sub/three.html": "3",
            "part.html": "P",
            "dir/outside.html": "{% extends '../../base.html' %}",
            "dir/itself.html": "{% extends './itself.html' %}",
        ])
        #expect(try engine.renderToString("dir/one.html") == "dirbase[oneP]")
        #expect(try engine.renderToString("dir/sub/two.html") == "base[two3]")
        #expect(throws: TemplateSyntaxError("The relative path '\'../../base.html\'' points outside the file hierarchy that template 'dir/outside.html' is in.",
                                            templateName: "dir/outside.html", line: 1, token: "{% extends '../../base.html' %}")) {
            try engine.getTemplate("dir/outside.html")
        }
        #expect(throws: TemplateSyntaxError.self) { try engine.getTemplate("dir/itself.html") }
    }

    @Test("an invalid parent name names the variable")
    func invalidParentName() throws {
        #expect(throws: TemplateSyntaxError("Invalid template name in 'extends' tag: None. Got this from the 'foo' variable.")) {
            try render("inheritance06", ["foo": Optional<String>.none as Any])
        }
        #expect(throws: TemplateSyntaxError("Invalid template name in 'extends' tag: ''. Got this from the 'foo' variable.")) {
            try render("inheritance06")
        }
        #expect(throws: TemplateSyntaxError("Invalid template name in 'extends' tag: ''. Got this from the 'foo' variable.")) {
            try render("inheritance06", ["foo": ""])
        }
    }

    @Test("a missing parent is TemplateDoesNotExist when rendering; extending oneself never loops")
    func missingParent() throws {
        _ = try engine.getTemplate("missingparent")
        #expect(throws: TemplateDoesNotExist("nope.html", tried: [("<memory>:nope.html", "")])) { try render("missingparent") }
        #expect(throws: TemplateDoesNotExist.self) { try render("self") }
        #expect(throws: TemplateDoesNotExist.self) { try render("loop-a") }
        #expect(throws: TemplateDoesNotExist.self) { try render("inheritance06", ["foo": "absent"]) }
    }

    @Test("{{ block.super }} in a template that extends nothing is an error")
    func superInBase() {
        #expect(throws: TemplateSyntaxError.self) { try render("standalonesuper") }
    }

    func syntaxError(_ source: String, name: String = "t.html") throws -> TemplateSyntaxError {
        do {
            _ = try Engine(templates: [name: source, "base.html": "{% block a %}{% endblock %}"]).getTemplate(name)
        } catch let error as TemplateSyntaxError {
            return error
        }
        Issue.record("\(source) compiled")
        return TemplateSyntaxError("")
    }

    @Test("extends must come first, once, with one argument")
    func extendsErrors() throws {
        let late = try syntaxError("x{{ a }}\n{% extends 'base.html' %}")
        #expect(late.message == "{% extends 'base.html' %} must be the first tag in 't.html'.")
        #expect(late.line == 2)
        #expect(try syntaxError("{% load %}{% extends 'base.html' %}").message == "{% extends 'base.html' %} must be the first tag in 't.html'.")
        #expect(try syntaxError("{% block a %}{% endblock %}{% extends 'base.html' %}").line == 1)
    }

    @Test("extends errors in templates from strings name no template")
    func extendsErrorFromString() {
        #expect(throws: TemplateSyntaxError("{% extends 'x' %} must be the first tag in the template.", templateName: "<string>", line: 1, token: "{% extends 'x' %}")) {
            try engine.fromString("{% block a %}{% extends 'x' %}{% endblock %}")
        }
    }

    @Test("block and extends syntax errors")
    func blockErrors() throws {
        #expect(try syntaxError("{% extends 'base.html' %}{% extends 'base.html' %}").message == "'extends' cannot appear more than once in the same template")
        #expect(try syntaxError("{% extends %}").message == "'extends' takes one argument")
        #expect(try syntaxError("{% extends 'a' 'b' %}").message == "'extends' takes one argument")
        let duplicate = try syntaxError("{% block x %}{% endblock %}\n{% block x %}{% endblock %}")
        #expect(duplicate.message == "'block' tag with name 'x' appears more than once")
        #expect(duplicate.line == 2)
        #expect(try syntaxError("{% block x %}{% block x %}{% endblock %}{% endblock %}").message == "'block' tag with name 'x' appears more than once")
        #expect(try syntaxError("{% block %}{% endblock %}").message == "'block' tag takes only one argument")
        #expect(try syntaxError("{% block a b %}{% endblock %}").message == "'block' tag takes only one argument")
        let mismatch = try syntaxError("{% block x %}\n{% endblock y %}")
        #expect(mismatch.message == "Invalid block tag on line 2: 'endblock', expected 'endblock' or 'endblock x'. Did you forget to register or load this tag?")
        #expect(mismatch.line == 2)
        let unclosed = try syntaxError("{% block x %}never closed")
        #expect(unclosed.message == "Unclosed tag on line 1: 'block'. Looking for one of: endblock.")
    }
}
