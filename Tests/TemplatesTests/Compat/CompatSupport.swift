import Templates
import Testing

/// Helpers for the ports of Django's own template tests (tests/template_tests/syntax_tests):
/// templates held in memory as Django's locmem loader holds them, rendered by name.
enum Compat {
    /// Django's `basic_templates` (test_basic.py), which test_include.py includes.
    static let basicTemplates: [String: String] = [
        "basic-syntax01": "something cool",
        "basic-syntax02": "{{ headline }}",
        "basic-syntax03": "{{ first }} --- {{ second }}",
    ]

    /// `engine.render_to_string(name, values)` with an engine holding `templates`.
    static func render(_ templates: [String: String], _ name: String, _ values: [String: Any] = [:]) throws -> String {
        try Engine(templates: templates).getTemplate(name).render(values)
    }

    /// A one-template engine rendered by name: `@setup({name: source})` in Django.
    static func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try render([name: source], name, values)
    }

    /// Compiles and renders `name`; the TemplateSyntaxError it raises, or nil (with an issue
    /// recorded) when it renders or fails otherwise.
    static func syntaxError(_ templates: [String: String], _ name: String, _ values: [String: Any] = [:],
                            sourceLocation: SourceLocation = #_sourceLocation) -> TemplateSyntaxError? {
        do {
            let output = try render(templates, name, values)
            Issue.record("rendered \(output.debugDescription) instead of raising TemplateSyntaxError", sourceLocation: sourceLocation)
        } catch let error as TemplateSyntaxError {
            return error
        } catch {
            Issue.record("expected TemplateSyntaxError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// `assertRaises(TemplateSyntaxError)` for a one-template engine.
    static func expectSyntaxError(_ name: String, source: String, _ values: [String: Any] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        _ = syntaxError([name: source], name, values, sourceLocation: sourceLocation)
    }

    /// `assertRaisesMessage(TemplateSyntaxError, message)`: the message contains `message`.
    static func expectSyntaxError(_ name: String, source: String, containing message: String, _ values: [String: Any] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = syntaxError([name: source], name, values, sourceLocation: sourceLocation) else { return }
        #expect(error.message.contains(message), "\(error.message.debugDescription) does not contain \(message.debugDescription)",
                sourceLocation: sourceLocation)
    }
}
