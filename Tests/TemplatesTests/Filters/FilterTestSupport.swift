import Templates

/// The engine the filter tests render with (autoescape on, as Django's default).
let filterEngine = Engine()

/// Renders `source` with `values`, end to end through the parser, filters and escaping.
func rendered(_ source: String, _ values: [String: Any] = [:]) throws -> String {
    try filterEngine.fromString(source).render(values)
}

/// `{% autoescape off %}source{% endautoescape %}`.
func renderedUnescaped(_ source: String, _ values: [String: Any] = [:]) throws -> String {
    try rendered("{% autoescape off %}" + source + "{% endautoescape %}", values)
}
