import Foundation
import Templates

/// Renders cases with Templates and compares with Django.
struct Runner {
    /// Django's template error classes, which must match exactly; any other Django exception
    /// (TypeError, RuntimeError, NoReverseMatch, …) is matched by any error Shallot raises that
    /// is not one of these.
    static let templateErrors: Set<String> = ["TemplateSyntaxError", "TemplateDoesNotExist", "VariableDoesNotExist"]

    private var engines: [String: Engine] = [:]

    /// The engine for a case's templates and options, made once per distinct setup.
    mutating func engine(for test: Case) -> Engine {
        var libraries: [String: Library] = [:]
        for (name, module) in (test.options["libraries"] as? TemplateDictionary)?.items ?? [] {
            libraries[name] = TestLibraries.library(module: Value.string(module))
        }
        let autoescape = test.options["autoescape"] as? Bool ?? true
        let invalid = test.options["string_if_invalid"] as? String ?? ""
        let debug = test.options["debug"] as? Bool ?? false
        let key = "\(test.templates.sorted { $0.key < $1.key }.map { "\($0.key)\u{0}\($0.value)" })|\(test.dirs)|\(libraries.keys.sorted())|\(autoescape)|\(invalid)|\(debug)"
        if let found = engines[key] { return found }
        let made = Engine(dirs: test.dirs, templates: test.templates, autoescape: autoescape, stringIfInvalid: invalid, debug: debug,
                          libraries: libraries)
        engines[key] = made
        return made
    }

    /// Shallot's result for a case.
    mutating func run(_ test: Case) -> Outcome {
        URLizeAssumeHTTPS.set(test.options["urlize_assume_https"] as? Bool ?? false)
        guard let now = test.now else { return render(test) }
        return TemplateClock.at(now) { render(test) }
    }

    /// A direct call of a built-in filter.
    func callFilter(_ test: Case) -> Outcome {
        guard let filter = Library.builtins.filters[Value.string(test.name)] else {
            return .error(TemplateSyntaxError("Invalid filter: '\(Value.string(test.name))'"))
        }
        do {
            let argument = test.hasArgument ? CaseValues.decode(test.argument) : nil
            return .output(Value.string(try filter.apply(CaseValues.decode(test.value), argument, autoescape: test.autoescape)))
        } catch {
            return .error(error)
        }
    }

    mutating func render(_ test: Case) -> Outcome {
        if test.kind == "filter" { return callFilter(test) }
        let engine = engine(for: test)
        TemplateTimeZone.set((test.options["time_zone"] as? String).flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!)
        do {
            let template: Template
            if let source = test.source {
                template = try engine.fromString(source)
            } else if let names = test.name as? [Any] {
                template = try engine.selectTemplate(names.map { Value.string($0) })
            } else {
                template = try engine.getTemplate(Value.string(test.name))
            }
            if test.kind == "compile" { return .output("") }
            CaseValues.engine = engine
            var values = CaseValues.context(test.context)
            let request = Value.unwrap(values["request"]) as? Helpers.Request
            values[URLTag.reverserKey] = TestURLs.reverser(currentApp: request?.current_app)
            let context = Context(values, autoescape: test.autoescape)
            return .output(try template.render(context))
        } catch {
            return .error(error)
        }
    }

    /// Whether Shallot's error says what Django's does (Django's "Template: name, " prefix and
    /// Shallot's "name, line n: " one aside).
    static func sameMessage(_ test: Case, _ error: any Error) -> Bool {
        var expected = test.errorMessage ?? ""
        if expected.hasPrefix("Template: "), let comma = expected.range(of: ", ") { expected = String(expected[comma.upperBound...]) }
        let actual = (error as? TemplateSyntaxError)?.message ?? "\(error)"
        return expected.isEmpty || actual.contains(expected) || expected.contains(actual)
    }

    /// Whether Shallot's outcome is Django's.
    static func matches(_ test: Case, _ outcome: Outcome) -> Bool {
        switch outcome {
        case .output(let text):
            return test.errorClass == nil && test.kind != "compile" && text == test.output
        case .error(let error):
            guard let expected = test.errorClass else { return false }
            let actual = Outcome.djangoClass(error)
            if templateErrors.contains(expected) || templateErrors.contains(actual) { return expected == actual }
            return true
        }
    }
}
