import Foundation

/// Field validation failed (Django's `ValidationError` from `full_clean()`): messages by field name.
public struct ValidationError: Error, CustomStringConvertible, Sendable {
    public let messages: [String: [String]]
    public init(_ messages: [String: [String]]) { self.messages = messages }
    public var description: String {
        messages.keys.sorted().map { "\($0): \(messages[$0]!.joined(separator: " "))" }.joined(separator: "; ")
    }
}

extension Model {
    /// Checks every field as Django's `full_clean()` does — choices, null, blank, max length, then
    /// uniqueness against the database — and throws a `ValidationError` listing every problem.
    /// `save()` does not call it, as in Django.
    public func fullClean(exclude: Set<String> = [], using alias: String = "default") throws {
        var messages: [String: [String]] = [:]
        let meta = Self.meta
        for field in meta.fields where !exclude.contains(field.info.name) {
            let info = field.info
            if info.kind.isAuto || info.autoNow || info.autoNowAdd { continue }
            let value = field.read(self)
            var problems: [String] = []
            let empty: Bool
            switch value {
            case .null: empty = true
            case .text(let text): empty = text.isEmpty || (info.kind == .json && (text == "[]" || text == "{}" || text == "\"\""))
            default: empty = false
            }
            if !info.choices.isEmpty && !empty && !info.choices.contains(where: { $0.value == value }) {
                problems.append("Value \(value) is not a valid choice.")
            }
            if value.isNull && !info.null {
                problems.append("This field cannot be null.")
            } else if empty && !info.blank {
                problems.append("This field cannot be blank.")
            }
            if case .char(let maxLength) = info.kind, case .text(let text) = value, text.count > maxLength {
                problems.append("Ensure this value has at most \(maxLength) characters (it has \(text.count)).")
            }
            if !problems.isEmpty { messages[info.name] = problems }
        }
        for field in meta.fields where field.info.unique && !field.info.primaryKey && messages[field.info.name] == nil
            && !exclude.contains(field.info.name) {
            let value = field.read(self)
            if value.isNull { continue }
            var query = Self.objects.using(alias).filter(field.info.name, value)
            if !pk.isNull { query = query.exclude("pk", pk) }
            if try query.exists() {
                messages[field.info.name] = ["\(Self.self) with this \(label(field.info.name)) already exists."]
            }
        }
        for constraint in meta.schema.constraints {
            var query = Self.objects.using(alias)
            for name in constraint.fields {
                guard let field = meta.field(name) else { continue }
                query = query.filter(name, field.read(self))
            }
            if !pk.isNull { query = query.exclude("pk", pk) }
            if try query.exists() {
                let labels = constraint.fields.map(label)
                let list = labels.count > 1 ? labels.dropLast().joined(separator: ", ") + " and " + labels.last! : labels.joined()
                messages["__all__", default: []].append("\(Self.self) with this \(list) already exists.")
            }
        }
        if !messages.isEmpty { throw ValidationError(messages) }
    }

    /// The field's verbose name, or Django's default one, as a label: `question_text` → `Question text`.
    private func label(_ name: String) -> String {
        let words = Self.meta.field(name)?.info.verboseName ?? name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
