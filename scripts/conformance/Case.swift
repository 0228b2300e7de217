import Foundation
import Templates

/// One recorded case: what Django rendered (or failed to compile) and what it gave.
struct Case {
    let test: String
    let kind: String
    let name: Any?
    let source: String?
    let templates: [String: String]
    /// Directories the filesystem and app_directories loaders searched.
    let dirs: [String]
    let options: TemplateDictionary
    let autoescape: Bool
    let context: Any?
    let unportable: String?
    let output: String?
    let errorClass: String?
    let errorMessage: String?
    /// A direct filter call's value and argument (JSON forms), and whether an argument was given.
    let value: Any?
    let argument: Any?
    let hasArgument: Bool
    /// When Django rendered it: the present for timesince, timeuntil and {% now %}.
    let now: Date?

    init(_ json: TemplateDictionary) {
        test = json["test"] as? String ?? "?"
        kind = json["kind"] as? String ?? "render_to_string"
        name = Value.unwrap(json["name"])
        source = json["source"] as? String
        var templates: [String: String] = [:]
        for (key, value) in (json["templates"] as? TemplateDictionary)?.items ?? [] { templates[key] = value as? String }
        self.templates = templates
        dirs = ((json["dirs"] as? [Any]) ?? []).map { Value.string($0) }
        options = json["options"] as? TemplateDictionary ?? TemplateDictionary()
        autoescape = json["autoescape"] as? Bool ?? true
        context = json["context"]
        unportable = json["unportable"] as? String
        output = json["output"] as? String
        let error = json["error"] as? TemplateDictionary
        errorClass = error?["class"] as? String
        errorMessage = error?["message"] as? String
        now = Value.number(json["now"]).map { Date(timeIntervalSince1970: $0) }
        value = json["value"]
        argument = json["argument"]
        hasArgument = json.keys.contains("argument")
    }

    /// The Django test file: `template_tests.syntax_tests.test_basic`.
    var file: String { test.split(separator: ".").prefix(3).joined(separator: ".") }

    /// The template as a reader wants to see it: its name and source.
    var templateDescription: String {
        if kind == "filter" {
            let arguments = [CaseValues.decode(value)] + (hasArgument ? [CaseValues.decode(argument)] : [])
            return "\(Value.string(name))(" + arguments.map { Value.pythonRepr($0) }.joined(separator: ", ")
                + (autoescape ? "" : ", autoescape=False") + ")"
        }
        if let source { return source.debugDescription }
        if let list = name as? [Any] { return list.map { Value.string($0) }.joined(separator: ", ") }
        let name = Value.string(name)
        return "\(name): \((templates[name] ?? "(missing)").debugDescription)"
    }

    /// Django's result in words.
    var expected: String {
        if let errorClass { return "\(errorClass): \(errorMessage ?? "")" }
        return (output ?? "").debugDescription
    }
}

/// What Shallot gave for a case.
enum Outcome {
    case output(String)
    case error(any Error)

    var text: String {
        switch self {
        case .output(let text): return text.debugDescription
        case .error(let error): return "\(Outcome.djangoClass(error)): \(error)"
        }
    }

    /// The Django exception class a Swift error stands for.
    static func djangoClass(_ error: any Error) -> String {
        switch error {
        case is TemplateSyntaxError: return "TemplateSyntaxError"
        case is TemplateDoesNotExist: return "TemplateDoesNotExist"
        case is VariableDoesNotExist: return "VariableDoesNotExist"
        case let python as TestLibraries.PythonError: return python.type
        case let raised as Helpers.Raised: return raised.type
        default: return String(describing: type(of: error))
        }
    }
}
