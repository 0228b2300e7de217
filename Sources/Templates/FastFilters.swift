/// Built-in filters that rendering applies straight to the common types (a String, an Int,
/// a Double, an int literal argument) instead of through their `(Any?, Any?, Bool)` function,
/// giving what that function and the is_safe rule would give. Only the built-in Filter values
/// carry one, so a filter registered under the same name is always called as written.
enum FastFilter: String, Sendable, CaseIterable {
    case upper, escape, safe, truncatechars, floatformat, divisibleby

    /// The filter applied to `value` of type `type` with an int literal argument (if any), or
    /// nil when this value needs the filter's own function.
    @inline(__always) func apply(_ value: borrowing Any, _ type: Any.Type, _ argument: Int?) -> Any? {
        switch self {
        case .upper:
            guard type == String.self else { return nil }
            return ValueKind.payload(value, as: String.self).uppercased()
        case .escape:
            if type == String.self { return SafeString(Rendering.escape(ValueKind.payload(value, as: String.self))) }
            return type == SafeString.self ? copy value : nil
        case .safe:
            if type == String.self { return SafeString(ValueKind.payload(value, as: String.self)) }
            return type == SafeString.self ? copy value : nil
        case .truncatechars:
            guard type == String.self, let argument else { return nil }
            return Truncator.chars(ValueKind.payload(value, as: String.self), argument)
        case .floatformat:
            guard type == Double.self, let argument,
                  let text = NumberFilters.fastFloatformat(ValueKind.payload(value, as: Double.self), argument) else { return nil }
            return SafeString(text)
        case .divisibleby:
            guard type == Int.self, let argument, argument != 0 else { return nil }
            return ValueKind.payload(value, as: Int.self).remainderReportingOverflow(dividingBy: argument).partialValue == 0
        }
    }

    /// The filter applied and rendered into `output` (escaped when autoescaping and the
    /// result is not safe), for the values `apply` has a shortcut for; false for the others.
    @inline(__always) func render(_ value: borrowing Any, _ type: Any.Type, _ argument: Int?, _ autoescape: Bool,
                                  into output: inout RenderBuffer) -> Bool {
        switch self {
        case .upper:
            guard type == String.self else { return false }
            let original = ValueKind.payload(value, as: String.self)
            if output.appendUppercasedASCII(original, escaping: autoescape) { return true }
            let text = original.uppercased()
            autoescape ? output.appendEscaped(text) : output.append(text)
        case .escape:
            if type == String.self {
                output.appendEscaped(ValueKind.payload(value, as: String.self))
            } else if type == SafeString.self {
                output.append(ValueKind.payload(value, as: SafeString.self).value)
            } else {
                return false
            }
        case .safe:
            if type == String.self {
                output.append(ValueKind.payload(value, as: String.self))
            } else if type == SafeString.self {
                output.append(ValueKind.payload(value, as: SafeString.self).value)
            } else {
                return false
            }
        case .truncatechars:
            guard type == String.self, let argument else { return false }
            let original = ValueKind.payload(value, as: String.self)
            if output.appendTruncatedASCII(original, argument, escaping: autoescape) { return true }
            let text = Truncator.chars(original, argument)
            autoescape ? output.appendEscaped(text) : output.append(text)
        case .floatformat:
            guard type == Double.self, let argument,
                  let scaled = NumberFilters.floatformatScaled(ValueKind.payload(value, as: Double.self), argument) else { return false }
            output.append(fixed: scaled, places: argument)
        case .divisibleby:
            guard type == Int.self, let argument, argument != 0 else { return false }
            output.append(ValueKind.payload(value, as: Int.self).remainderReportingOverflow(dividingBy: argument).partialValue == 0 ? "True" : "False")
        }
        return true
    }
}
