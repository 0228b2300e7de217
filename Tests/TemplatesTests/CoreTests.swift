import Templates
import Testing

struct Question {
    var id: Int
    var questionText: String
    var choices: [String]
}

@Suite("Templates: variables, escaping, errors")
struct CoreTests {
    let engine = Engine(templates: [
        "base.html": "<title>{{ title }}</title>",
    ])

    func render(_ source: String, _ values: [String: Any] = [:]) throws -> String {
        try engine.fromString(source).render(values)
    }

    @Test func variablesAndLookups() throws {
        let question = Question(id: 3, questionText: "What's up?", choices: ["a", "b"])
        #expect(try render("{{ q.id }}: {{ q.questionText }} {{ q.choices.1 }}", ["q": question]) == "3: What&#x27;s up? b")
        #expect(try render("{{ q.question_text }}", ["q": question]) == "What&#x27;s up?")
        #expect(try render("{{ d.key }} {{ d.missing }}!", ["d": ["key": "v"]]) == "v !")
        #expect(try render("{{ 42 }} {{ 1.5 }} {{ 'lit<b>' }} {{ \"x\" }}") == "42 1.5 lit<b> x")
        #expect(try render("{{ missing }}|{{ missing.deeper }}") == "|")
    }

    @Test func autoescape() throws {
        #expect(try render("{{ x }}", ["x": "<a href=\"/\">&'"]) == "&lt;a href=&quot;/&quot;&gt;&amp;&#x27;")
        #expect(try render("{{ x|safe }}", ["x": "<b>"]) == "<b>")
        #expect(try render("{% autoescape off %}{{ x }}{% endautoescape %}{{ x }}", ["x": "<i>"]) == "<i>&lt;i&gt;")
        #expect(try render("{{ x|escape }}", ["x": SafeString("<b>")]) == "<b>")
        #expect(try render("{{ x|force_escape }}", ["x": SafeString("<b>")]) == "&lt;b&gt;")
    }

    @Test func stringLiteralsUnescapeOnlyTheirQuoteAndBackslash() throws {
        #expect(try render(#"{{ "a\"b" }}|{{ 'it\'s' }}|{{ "x\\y" }}|{{ "\o\f" }}"#) == #"a"b|it's|x\y|\o\f"#)
    }

    @Test func stringIfInvalid() throws {
        let strict = Engine(stringIfInvalid: "INVALID %s")
        #expect(try strict.fromString("[{{ nope.x }}]").render() == "[INVALID nope.x]")
    }

    @Test func commentsVerbatimTemplatetag() throws {
        #expect(try render("a{# hidden #}b{% comment %}gone {{ x }}{% endcomment %}c") == "abc")
        #expect(try render("{% verbatim %}{{ raw }} {% if %}{% endverbatim %}") == "{{ raw }} {% if %}")
        #expect(try render("{% templatetag openblock %} {% templatetag closevariable %}") == "{% }}")
    }

    @Test func syntaxErrorsNameTemplateLineAndToken() {
        do {
            _ = try Engine(templates: ["t.html": "line one\n{% nosuchtag %}"]).getTemplate("t.html")
            Issue.record("compiled")
        } catch let error as TemplateSyntaxError {
            #expect(error.templateName == "t.html")
            #expect(error.line == 2)
            #expect(error.token == "{% nosuchtag %}")
            #expect(error.message == "Invalid block tag on line 2: 'nosuchtag'. Did you forget to register or load this tag?")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: TemplateSyntaxError.self) { try render("{{ x|nofilter }}") }
        #expect(throws: TemplateSyntaxError.self) { try render("{{ _private }}") }
        #expect(throws: TemplateSyntaxError.self) { try render("{% comment %}never closed") }
    }

    @Test func templateDoesNotExistListsWhereItLooked() {
        let engine = Engine(dirs: ["/nonexistent/a", "/nonexistent/b"])
        do {
            _ = try engine.getTemplate("x.html")
            Issue.record("found")
        } catch let missing as TemplateDoesNotExist {
            #expect(missing.tried.map(\.0) == ["/nonexistent/a/x.html", "/nonexistent/b/x.html"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
