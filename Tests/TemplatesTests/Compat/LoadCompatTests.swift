import Templates
import Testing

/// Django's test tag libraries (template_tests/templatetags): testtags (echo, other_echo, upper)
/// and subpackage.echo (echo2), as an engine's own libraries.
enum CompatLibraries {
    /// Renders the words after the tag's name.
    final class EchoNode: Node {
        let text: String
        let line: Int
        init(_ text: String, line: Int) { (self.text, self.line) = (text, line) }
        func render(_ context: Context) throws -> String { text }
    }

    /// A simple tag returning its one argument.
    final class ValueNode: Node {
        let value: FilterExpression
        let line: Int
        init(_ value: FilterExpression, line: Int) { (self.value, self.line) = (value, line) }
        func render(_ context: Context) throws -> String { Rendering.valueInContext(try value.resolve(context), context) }
    }

    static let all: [String: Library] = {
        var testtags = Library()
        let echo: TagCompiler = { _, token in EchoNode(token.contents.split(separator: " ").dropFirst().joined(separator: " "), line: token.line) }
        testtags.registerTag("echo", echo)
        testtags.registerTag("other_echo", echo)
        testtags.register(Filter("upper") { value, _, _ in Value.string(value).uppercased() })
        var subpackage = Library()
        subpackage.registerTag("echo2") { parser, token in ValueNode(try parser.compileFilter(token.splitContents()[1]), line: token.line) }
        return ["testtags": testtags, "subpackage.echo": subpackage]
    }()

    static func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try Engine(templates: [name: source], libraries: all).getTemplate(name).render(values)
    }

    static func expectSyntaxError(_ name: String, source: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try render(name, source: source) } throws: { error in
            (error as? TemplateSyntaxError)?.message.contains(message) == true
        }
    }
}

/// Django's syntax_tests/test_load: `{% load %}` of an engine's libraries, whole or in part.
@Suite("Compat: Django's test_load (an engine's libraries)")
struct LoadCompatTests {
    @Test("load01") func load01() throws {
        #expect(try CompatLibraries.render("load01", source: "{% load testtags subpackage.echo %}{% echo test %} {% echo2 \"test\" %}") == "test test")
    }

    @Test("load03") func load03() throws {
        #expect(try CompatLibraries.render("load03", source: "{% load echo from testtags %}{% echo this that theother %}") == "this that theother")
    }

    @Test("load05") func load05() throws {
        let source = "{% load echo upper from testtags %}{% echo this that theother %} {{ statement|upper }}"
        #expect(try CompatLibraries.render("load05", source: source, ["statement": "not shouting"]) == "this that theother NOT SHOUTING")
    }

    @Test("load07") func load07() {
        CompatLibraries.expectSyntaxError("load07", source: "{% load echo other_echo bad_tag from testtags %}",
                                          "'bad_tag' is not a valid tag or filter in tag library 'testtags'")
    }

    @Test("load08") func load08() {
        CompatLibraries.expectSyntaxError("load08", source: "{% load echo other_echo bad_tag from %}",
                                          "'echo' is not a registered tag library. Must be one of:\nsubpackage.echo\ntesttags")
    }

    @Test("load10") func load10() {
        CompatLibraries.expectSyntaxError("load10", source: "{% load echo from bad_library %}",
                                          "'bad_library' is not a registered tag library. Must be one of:\nsubpackage.echo\ntesttags")
    }

    @Test("load12") func load12() {
        CompatLibraries.expectSyntaxError("load12", source: "{% load subpackage.missing %}",
                                          "'subpackage.missing' is not a registered tag library. Must be one of:\nsubpackage.echo\ntesttags")
    }
}
