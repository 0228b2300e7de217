import Foundation

/// Django's sequence filters: sorting lists of dictionaries or objects, first and last items,
/// joining, length, a random item, Python slices, and `pprint`.
enum ListFilters {
    static let all: [Filter] = [
        Filter("dictsort", argument: .required) { value, argument, _ in sorted(value, by: argument, reversed: false) },
        Filter("dictsortreversed", argument: .required) { value, argument, _ in sorted(value, by: argument, reversed: true) },
        Filter("first") { value, _, _ in Py.iterate(value)?.first ?? "" },
        Filter("last", isSafe: true) { value, _, _ in Py.iterate(value)?.last ?? "" },
        Filter("join", argument: .required, isSafe: true, needsAutoescape: true) { value, argument, autoescape in
            guard let items = Py.iterate(value) else { return value }
            if autoescape {
                let glue = Rendering.conditionalEscape(argument).value
                return SafeString(items.map { Rendering.conditionalEscape($0).value }.joined(separator: glue))
            }
            // str.join accepts only strings: anything else fails and the value comes back.
            let texts = items.compactMap { Value.text($0) }
            guard texts.count == items.count, let glue = Value.text(argument) else { return value }
            return SafeString(texts.joined(separator: glue))
        },
        Filter("length") { value, _, _ in Py.len(value) ?? 0 },
        Filter("random", isSafe: true) { value, _, _ in Py.iterate(value)?.randomElement() ?? "" },
        Filter("slice", argument: .required, isSafe: true) { value, argument, _ in slice(value, Py.str(argument)) },
        Filter("pprint", isSafe: true) { value, _, _ in PrettyPrint.format(value) },
    ]

    /// How `dictsort` finds the key: a number indexes (`itemgetter`), anything else is a
    /// dotted lookup like a template variable; nil when the lookup fails.
    static func key(_ item: Any, _ argument: Any?) -> Any?? {
        if let index = Value.unwrap(argument) as? Int {
            guard let list = Value.unwrap(item) as? [Any] else { return nil }
            let i = index < 0 ? list.count + index : index
            return list.indices.contains(i) ? .some(list[i]) : nil
        }
        let path = Py.str(argument)
        if Py.float(argument) != nil {  // itemgetter("0") only finds a dictionary key
            return Variable.lookup(path, in: Value.unwrap(item) is [Any] ? nil : item)
        }
        guard !path.hasPrefix("_"), !path.contains("._") else { return nil }
        var current: Any? = item
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let found = Variable.lookup(String(part), in: current) else { return nil }
            current = found
        }
        return .some(current)
    }

    /// `sorted(value, key=…, reverse=…)`: stable, "" when a key is missing or keys do not compare.
    static func sorted(_ value: Any?, by argument: Any?, reversed: Bool) -> Any? {
        guard let items = Value.unwrap(value) as? [Any] ?? Py.iterate(value) else { return "" }
        var keys: [Any?] = []
        for item in items {
            guard let found = key(item, argument) else { return "" }
            keys.append(found)
        }
        var failed = false
        let order = items.indices.sorted { a, b in
            guard let result = Py.compare(keys[a], keys[b]) else { failed = true; return a < b }
            if result == .orderedSame { return a < b }
            return (result == .orderedAscending) != reversed
        }
        if failed && items.count > 1 { return "" }
        return order.map { items[$0] }
    }

    /// `value[slice(*bits)]` for "start:stop:step" (any part may be empty); the value itself
    /// when the argument does not parse or the value cannot be sliced.
    static func slice(_ value: Any?, _ argument: String) -> Any? {
        var bits: [Int?] = []
        for part in argument.split(separator: ":", omittingEmptySubsequences: false) {
            if part.isEmpty { bits.append(nil); continue }
            guard let number = Int(part.trimmingCharacters(in: .whitespaces)) else { return value }
            bits.append(number)
        }
        let start: Int?, stop: Int?, step: Int?
        switch bits.count {
        case 1: (start, stop, step) = (nil, bits[0], nil)
        case 2: (start, stop, step) = (bits[0], bits[1], nil)
        case 3: (start, stop, step) = (bits[0], bits[1], bits[2])
        default: return value
        }
        if let text = Value.text(value) {
            let scalars = Array(text.unicodeScalars)
            guard let indices = Py.sliceIndices(count: scalars.count, start: start, stop: stop, step: step) else { return value }
            return String(String.UnicodeScalarView(indices.map { scalars[$0] }))
        }
        guard let list = Value.unwrap(value) as? [Any],
              let indices = Py.sliceIndices(count: list.count, start: start, stop: stop, step: step) else { return value }
        return indices.map { list[$0] }
    }
}
