/// Python's `pprint.pformat` (width 80, not compact): the repr when it fits, otherwise lists
/// and dictionaries with one item per line, dictionary keys sorted. Long strings are not split
/// into pieces as Python does; they stay one repr.
enum PrettyPrint {
    static let width = 80

    static func format(_ value: Any?) -> String {
        var out = ""
        write(value, indent: 0, allowance: 0, into: &out)
        return out
    }

    static func sortedItems(_ value: Any?) -> [(String, Any)]? {
        switch Value.unwrap(value) {
        case let dict as TemplateDictionary: return dict.items.sorted { $0.0 < $1.0 }
        case let dict as [String: Any]: return dict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        default: return nil
        }
    }

    /// repr, with dictionary keys sorted.
    static func repr(_ value: Any?) -> String {
        if let items = sortedItems(value) {
            return "{" + items.map { "\(Value.pythonRepr($0.0)): \(repr($0.1))" }.joined(separator: ", ") + "}"
        }
        if let array = Value.unwrap(value) as? [Any] { return "[" + array.map(repr).joined(separator: ", ") + "]" }
        return Value.pythonRepr(value)
    }

    static func write(_ value: Any?, indent: Int, allowance: Int, into out: inout String) {
        let rep = repr(value)
        guard rep.unicodeScalars.count > width - indent - allowance else { out += rep; return }
        if let array = Value.unwrap(value) as? [Any], !array.isEmpty {
            out += "["
            let inner = indent + 1
            for (i, item) in array.enumerated() {
                if i > 0 { out += ",\n" + String(repeating: " ", count: inner) }
                write(item, indent: inner, allowance: i == array.count - 1 ? allowance + 1 : 1, into: &out)
            }
            out += "]"
        } else if let items = sortedItems(value), !items.isEmpty {
            out += "{"
            let inner = indent + 1
            for (i, (key, item)) in items.enumerated() {
                let keyRep = Value.pythonRepr(key)
                out += keyRep + ": "
                let last = i == items.count - 1
                write(item, indent: inner + keyRep.unicodeScalars.count + 2, allowance: last ? allowance + 1 : 1, into: &out)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        } else {
            out += rep
        }
    }
}
