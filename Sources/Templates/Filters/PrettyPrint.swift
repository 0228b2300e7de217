/// Python's `pprint.pformat` (width 80, not compact): the repr when it fits, otherwise lists
/// and dictionaries with one item per line, dictionary keys sorted, and long strings split at
/// line ends and spaces into adjacent literals.
enum PrettyPrint {
    static let width = 80

    static func format(_ value: Any?) -> String {
        var out = ""
        write(value, indent: 0, allowance: 0, level: 0, into: &out)
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

    static func write(_ value: Any?, indent: Int, allowance: Int, level: Int, into out: inout String) {
        let rep = repr(value)
        guard rep.unicodeScalars.count > width - indent - allowance else { out += rep; return }
        let level = level + 1
        if let text = Value.text(value) {
            writeString(text, indent: indent, allowance: allowance, level: level, into: &out)
        } else if let array = Value.unwrap(value) as? [Any], !array.isEmpty {
            out += "["
            let inner = indent + 1
            for (i, item) in array.enumerated() {
                if i > 0 { out += ",\n" + String(repeating: " ", count: inner) }
                write(item, indent: inner, allowance: i == array.count - 1 ? allowance + 1 : 1, level: level, into: &out)
            }
            out += "]"
        } else if let items = sortedItems(value), !items.isEmpty {
            out += "{"
            let inner = indent + 1
            for (i, (key, item)) in items.enumerated() {
                let keyRep = Value.pythonRepr(key)
                out += keyRep + ": "
                let last = i == items.count - 1
                write(item, indent: inner + keyRep.unicodeScalars.count + 2, allowance: last ? allowance + 1 : 1, level: level,
                      into: &out)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        } else {
            out += rep
        }
    }

    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Lines with their line ends kept (`splitlines(True)` for \n, \r\n and \r).
    static func linesKeepingEnds(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for char in text {
            current.append(char)
            if char == "\n" || char == "\r" || char == "\r\n" { lines.append(current); current = "" }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `re.findall(r"\S*\s*", line)` without the final empty match: words with their spaces.
    static func words(_ line: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inSpace = false
        for scalar in line.unicodeScalars {
            let space = Py.isSpace(scalar)
            if !space && inSpace { parts.append(current); current = "" }
            inSpace = space
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// `PrettyPrinter._pprint_str`: adjacent string literals, in parentheses at the top level.
    static func writeString(_ text: String, indent: Int, allowance: Int, level: Int, into out: inout String) {
        var indent = indent, allowance = allowance
        if level == 1 { indent += 1; allowance += 1 }
        let lines = linesKeepingEnds(text)
        var chunks: [String] = []
        var lastRep = Value.pythonRepr(text)
        for (i, line) in lines.enumerated() {
            let isLastLine = i == lines.count - 1
            lastRep = Value.pythonRepr(line)
            if length(lastRep) <= width - indent - (isLastLine ? allowance : 0) {
                chunks.append(lastRep)
                continue
            }
            let parts = words(line)
            var current = ""
            for (j, part) in parts.enumerated() {
                let candidate = current + part
                let limit = width - indent - (j == parts.count - 1 && isLastLine ? allowance : 0)
                if length(Value.pythonRepr(candidate)) > limit {
                    if !current.isEmpty { chunks.append(Value.pythonRepr(current)) }
                    current = part
                } else {
                    current = candidate
                }
            }
            if !current.isEmpty { chunks.append(Value.pythonRepr(current)) }
        }
        guard chunks.count > 1 else { out += lastRep; return }
        out += (level == 1 ? "(" : "") + chunks.joined(separator: "\n" + String(repeating: " ", count: indent)) + (level == 1 ? ")" : "")
    }
}
