import Foundation

/// Django's HTML filters: marking safe and escaping (values and sequences), line breaks and
/// line numbers, stripping tags, nested lists, `json_script`, and truncating HTML.
enum HTMLFilters {
    static let all: [Filter] = [
        Filter("safe", isSafe: true) { value, _, _ in
            if let text = value as? String { return SafeString(text) }
            return SafeString(Py.str(value))
        },
        Filter("escape", isSafe: true) { value, _, _ in
            if let text = value as? String { return SafeString(Rendering.escape(text)) }
            return Py.isSafe(value) ? value : SafeString(Rendering.escape(Py.str(value)))
        },
        Filter("force_escape", isSafe: true) { value, _, _ in SafeString(Rendering.escape(Py.str(value))) },
        Filter("escapeseq", isSafe: true) { value, _, _ in
            Py.iterate(value)?.map { Rendering.conditionalEscape($0) as Any } ?? value
        },
        Filter("safeseq", isSafe: true) { value, _, _ in
            Py.iterate(value)?.map { SafeString(Py.str($0)) as Any } ?? value
        },
        Filter("linebreaks", isSafe: true, needsAutoescape: true) { value, _, autoescape in
            SafeString(linebreaks(Py.str(value), escaping: autoescape && !Py.isSafe(value)))
        },
        Filter("linebreaksbr", isSafe: true, needsAutoescape: true) { value, _, autoescape in
            var text = Py.normalizeNewlines(Py.str(value))
            if autoescape && !Py.isSafe(value) { text = Rendering.escape(text) }
            return SafeString(text.replacingOccurrences(of: "\n", with: "<br>"))
        },
        Filter("linenumbers", isSafe: true, needsAutoescape: true) { value, _, autoescape in
            let lines = Py.str(value).components(separatedBy: "\n")
            let width = String(lines.count).count
            let escaping = autoescape && !Py.isSafe(value)
            let numbered = lines.enumerated().map { index, line in
                let number = String(index + 1)
                return String(repeating: "0", count: max(0, width - number.count)) + number + ". "
                    + (escaping ? Rendering.escape(line) : line)
            }
            return SafeString(numbered.joined(separator: "\n"))
        },
        Filter("striptags", isSafe: true) { value, _, _ in HTMLText.stripTags(Py.str(value)) },
        Filter("unordered_list", isSafe: true, needsAutoescape: true) { value, _, autoescape in
            SafeString(unorderedList(Py.iterate(value) ?? [], tabs: 1, autoescape: autoescape))
        },
        Filter("json_script", argument: .optional, isSafe: true) { value, argument, _ in
            var json = ""
            JSON.encode(value, into: &json)
            json = json.replacingOccurrences(of: ">", with: "\\u003E").replacingOccurrences(of: "<", with: "\\u003C")
                .replacingOccurrences(of: "&", with: "\\u0026")
            if let argument, Value.isTruthy(argument) {
                let id = Rendering.conditionalEscape(argument).value
                return SafeString("<script id=\"\(id)\" type=\"application/json\">\(json)</script>")
            }
            return SafeString("<script type=\"application/json\">\(json)</script>")
        },
        Filter("truncatechars_html", argument: .required, isSafe: true) { value, argument, _ in
            guard let length = Py.int(argument) else { return Py.same(value, Py.str(value)) }
            return HTMLText.truncate(Py.str(value), length: length, words: false)
        },
        Filter("truncatewords_html", argument: .required, isSafe: true) { value, argument, _ in
            guard let length = Py.int(argument) else { return Py.same(value, Py.str(value)) }
            return HTMLText.truncate(Py.str(value), length: length, words: true)
        },
    ]

    /// `django.utils.html.linebreaks`: paragraphs at blank lines, `<br>` at single newlines.
    static func linebreaks(_ text: String, escaping: Bool) -> String {
        var paragraphs: [String] = []
        var current = ""
        var newlines = 0
        for char in Py.normalizeNewlines(text) {
            if char == "\n" { newlines += 1; continue }
            if newlines == 1 { current += "\n" }
            if newlines >= 2 { paragraphs.append(current); current = "" }
            newlines = 0
            current.append(char)
        }
        if newlines == 1 { current += "\n" }
        if newlines >= 2 { paragraphs.append(current); current = "" }
        paragraphs.append(current)
        return paragraphs.map { "<p>" + (escaping ? Rendering.escape($0) : $0).replacingOccurrences(of: "\n", with: "<br>") + "</p>" }
            .joined(separator: "\n\n")
    }

    /// `unordered_list`: an item followed by a list has that list as its children.
    static func unorderedList(_ items: [Any], tabs: Int, autoescape: Bool) -> String {
        let indent = String(repeating: "\t", count: tabs)
        var output: [String] = []
        var i = 0
        while i < items.count {
            let item = items[i]
            var sublist = ""
            if i + 1 < items.count, let children = Value.unwrap(items[i + 1]) as? [Any] {
                if !children.isEmpty {
                    sublist = "\n\(indent)<ul>\n" + unorderedList(children, tabs: tabs + 1, autoescape: autoescape) + "\n\(indent)</ul>\n\(indent)"
                }
                i += 1
            }
            let text = autoescape ? Rendering.conditionalEscape(item).value : Py.str(item)
            output.append("\(indent)<li>\(text)\(sublist)</li>")
            i += 1
        }
        return output.joined(separator: "\n")
    }
}

/// `json.dumps` as Python writes it (", " and ": " separators, non-ASCII as `\uXXXX`), with
/// DjangoJSONEncoder's dates (ISO 8601, milliseconds, "Z" for UTC).
enum JSON {
    static func encode(_ value: Any?, into out: inout String) {
        switch Value.unwrap(value) {
        case nil: out += "null"
        case let bool as Bool: out += bool ? "true" : "false"
        case let int as Int: out += String(int)
        case let double as Double:
            out += double.isNaN ? "NaN" : double.isInfinite ? (double < 0 ? "-Infinity" : "Infinity") : Value.pythonFloat(double)
        case let decimal as Decimal: string("\(decimal)", into: &out)
        case let text as String: string(text, into: &out)
        case let safe as SafeString: string(safe.value, into: &out)
        case let date as Date: string(isoDate(date), into: &out)
        case let array as [Any]:
            out += "["
            for (i, item) in array.enumerated() {
                if i > 0 { out += ", " }
                encode(item, into: &out)
            }
            out += "]"
        case let dict as TemplateDictionary: object(dict.items, into: &out)
        case let dict as [String: Any]: object(dict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, into: &out)
        case let other: string(Py.str(other), into: &out)
        }
    }

    static func object(_ items: [(String, Any)], into out: inout String) {
        out += "{"
        for (i, (key, item)) in items.enumerated() {
            if i > 0 { out += ", " }
            string(key, into: &out)
            out += ": "
            encode(item, into: &out)
        }
        out += "}"
    }

    static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func isoDate(_ date: Date) -> String {
        let parts = DateParts(date, timeZone: TimeZone(identifier: "UTC")!)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
        if parts.microsecond != 0 { text += String(format: ".%03d", parts.microsecond / 1000) }
        return text + "Z"
    }
}
