import Foundation

/// Regular expressions from settings (DISALLOWED_USER_AGENTS, SECURE_REDIRECT_EXEMPT), compiled
/// once as Django's `re.compile` does, and searched with `pattern.search(text)` semantics:
/// a match anywhere in the text.
struct SettingPatterns {
    private let expressions: [NSRegularExpression]

    /// Compiles `patterns`, throwing ImproperlyConfigured that names `setting` for one that
    /// does not compile. Python's named groups `(?P<name>…)` and `(?P=name)` are accepted.
    init(_ patterns: [String], setting: String) throws {
        expressions = try patterns.map { pattern in
            do {
                return try NSRegularExpression(pattern: Self.translated(pattern))
            } catch {
                throw ImproperlyConfigured("\(setting) holds an invalid regular expression: '\(pattern)'")
            }
        }
    }

    /// Compiles what compiles and leaves the rest out; the factories call the throwing
    /// initialiser first, so a bad pattern is reported when the middleware is built.
    init(lenient patterns: [String]) {
        expressions = patterns.compactMap { try? NSRegularExpression(pattern: Self.translated($0)) }
    }

    var isEmpty: Bool { expressions.isEmpty }

    /// Whether any pattern matches somewhere in `text`.
    func search(_ text: String) -> Bool {
        // No patterns, the usual case, match nothing: no range worked out for them.
        guard !expressions.isEmpty else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return expressions.contains { $0.firstMatch(in: text, range: range) != nil }
    }

    /// Python's group syntax in ICU's spelling.
    static func translated(_ pattern: String) -> String {
        guard pattern.contains("(?P") else { return pattern }
        var result = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        while let start = result.range(of: "(?P="), let end = result[start.upperBound...].firstIndex(of: ")") {
            result.replaceSubrange(start.lowerBound...end, with: "\\k<" + result[start.upperBound..<end] + ">")
        }
        return result
    }
}
