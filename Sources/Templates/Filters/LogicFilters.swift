import Foundation

/// Django's filters that choose between values: `default`, `default_if_none`, `yesno` and
/// `pluralize`.
enum LogicFilters {
    static let all: [Filter] = [
        Filter("default", argument: .required) { value, argument, _ in Value.isTruthy(value) ? value : argument },
        Filter("default_if_none", argument: .required) { value, argument, _ in Value.unwrap(value) == nil ? argument : value },
        Filter("yesno", argument: .optional) { value, argument, _ in
            let bits = (argument.map { Py.str($0) } ?? "yes,no,maybe").components(separatedBy: ",")
            guard bits.count >= 2 else { return value }
            if Value.unwrap(value) == nil { return bits.count == 3 ? bits[2] : bits[1] }
            return Value.isTruthy(value) ? bits[0] : bits[1]
        },
        Filter("pluralize", argument: .optional) { value, argument, _ in pluralize(value, argument.map { Py.str($0) } ?? "s") },
    ]

    /// `pluralize`: "s" (or the argument, or "singular,plural") unless the value is 1 or has
    /// one item.
    static func pluralize(_ value: Any?, _ argument: String) -> String {
        let bits = (argument.contains(",") ? argument : "," + argument).components(separatedBy: ",")
        guard bits.count <= 2 else { return "" }
        let (singular, plural) = (bits[0], bits[1])
        let raw = Value.unwrap(value)
        if raw is Int || raw is Double || raw is Bool || raw is Decimal || raw is String || raw is SafeString {
            guard let number = Py.float(raw) else { return "" }
            return number == 1 ? singular : plural
        }
        guard let count = Py.len(raw) else { return "" }
        return count == 1 ? singular : plural
    }
}
