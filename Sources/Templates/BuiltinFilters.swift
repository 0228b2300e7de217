/// Every built-in filter of Django.
enum BuiltinFilters {
    static let all: [Filter] = [
        Filter("safe", isSafe: true) { value, _, _ in SafeString(Value.string(value)) },
        Filter("escape", isSafe: true) { value, _, _ in Rendering.conditionalEscape(value) },
        Filter("force_escape", isSafe: true) { value, _, _ in SafeString(Rendering.escape(Value.string(value))) },
    ]
}
