/// TemplateSyntaxError: a template that cannot compile, with where it is and the token at fault.
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var templateName: String?
    public var line: Int?
    /// The offending token as written: `{% endfor %}`.
    public var token: String?

    public init(_ message: String, templateName: String? = nil, line: Int? = nil, token: String? = nil) {
        self.message = message
        self.templateName = templateName
        self.line = line
        self.token = token
    }

    public var description: String {
        let place = [templateName, line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return (place.isEmpty ? "" : "\(place): ") + message
    }
}

/// TemplateDoesNotExist: no loader found the template; `tried` lists every place looked at.
public struct TemplateDoesNotExist: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// Each place tried and why it failed: ("/srv/templates/x.html", "Source does not exist").
    public var tried: [(String, String)]

    public init(_ name: String, tried: [(String, String)] = []) {
        self.name = name
        self.tried = tried
    }

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name && a.tried.map(\.0) == b.tried.map(\.0) }

    public var description: String {
        tried.isEmpty ? name : "\(name) (tried: " + tried.map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + ")"
    }
}

/// VariableDoesNotExist: raised inside lookups; rendering treats it as string_if_invalid.
public struct VariableDoesNotExist: Error, Sendable, CustomStringConvertible {
    /// The message, written when asked for: a failed lookup is often only a test (`{% if x %}`
    /// for a missing `x`), whose message nobody reads.
    public var message: String {
        get { written ?? "Failed lookup for key [\(key)] in \(source)" }
        set { written = newValue }
    }
    private var written: String?
    private var key = "", source = ""
    public init(_ message: String) { written = message }
    /// "Failed lookup for key [key] in source".
    init(key: String, in source: String) {
        self.key = key
        self.source = source
    }
    public var description: String { message }
}
