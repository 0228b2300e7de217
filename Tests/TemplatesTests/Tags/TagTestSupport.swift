import Templates
import Testing

/// Rendering helpers for the logic-tag tests: an engine with two small test filters (lower,
/// upper, noop, dflt), so `{% filter %}` has something to apply besides the built-ins.
enum TagHarness {
    static let engine: Engine = {
        var library = Library()
        library.register(Filter("lower", isSafe: true) { value, _, _ in
            if let safe = value as? SafeString { return SafeString(safe.value.lowercased()) }
            return Value.string(value).lowercased()
        })
        library.register(Filter("upper", isSafe: true) { value, _, _ in Value.string(value).uppercased() })
        library.register(Filter("noop", argument: .optional) { value, _, _ in value })
        // Django's `default`: the argument when the value is false.
        library.register(Filter("dflt", argument: .required) { value, argument, _ in Value.isTruthy(value) ? value : argument })
        return Engine(builtins: [library])
    }()

    static func render(_ source: String, _ values: [String: Any] = [:]) throws -> String {
        try engine.fromString(source).render(values)
    }

    /// Expects compiling or rendering `source` to fail with a TemplateSyntaxError saying `message`.
    static func expectSyntaxError(_ source: String, _ message: String, _ values: [String: Any] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let output = try render(source, values)
            Issue.record("rendered \(output.debugDescription) instead of failing", sourceLocation: sourceLocation)
        } catch let error as TemplateSyntaxError {
            #expect(error.message == message, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected TemplateSyntaxError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Expects rendering to fail with a TagRenderError saying `message`.
    static func expectRenderError(_ source: String, _ message: String, _ values: [String: Any] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let output = try render(source, values)
            Issue.record("rendered \(output.debugDescription) instead of failing", sourceLocation: sourceLocation)
        } catch let error as TagRenderError {
            #expect(error.message == message, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected TagRenderError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}
