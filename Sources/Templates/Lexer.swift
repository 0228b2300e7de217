/// One piece of template source: text, `{{ variable }}`, `{% block %}` or `{# comment #}`.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case text, variable, block, comment }
    public var kind: Kind
    /// The contents, without the delimiters and surrounding whitespace for tags and variables.
    public var contents: String
    /// The 1-based line the token starts on.
    public var line: Int

    /// `split_contents()`: the tag's words, keeping quoted strings (and `_("…")`) whole.
    public func splitContents() -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var depth = 0
        for char in contents {
            if let open = quote {
                current.append(char)
                if char == open { quote = nil }
            } else if char == "\"" || char == "'" {
                quote = char
                current.append(char)
            } else if char == "(" {
                depth += 1
                current.append(char)
            } else if char == ")" {
                depth -= 1
                current.append(char)
            } else if char == " " && depth == 0 {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(char)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// Django's Lexer: splits source into tokens on `{{ }}`, `{% %}` and `{# #}`, keeping the text
/// between `{% verbatim %}` and its `{% endverbatim %}` as text.
public enum Lexer {
    public static func tokenize(_ source: String) -> [Token] {
        var tokens: [Token] = []
        var line = 1
        var verbatim: String?
        let chars = Array(source.unicodeScalars)
        var i = 0
        var textStart = 0
        var textLine = 1

        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: chars[textStart..<end])
            tokens.append(Token(kind: .text, contents: String(text), line: textLine))
        }

        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, let close = closer(chars[i + 1]) {
                // Django's tag_re: non-greedy, and `.` does not cross a line break.
                var j = i + 2
                var found = -1
                while j + 1 < chars.count && chars[j] != "\n" {
                    if chars[j] == close && chars[j + 1] == "}" { found = j; break }
                    j += 1
                }
                if found >= 0 {
                    var inside = String.UnicodeScalarView()
                    inside.append(contentsOf: chars[(i + 2)..<found])
                    let raw = String(inside)
                    let contents = raw.pythonStripped
                    if let end = verbatim {
                        if chars[i + 1] == "%" && contents == end {
                            flushText(upTo: i)
                            verbatim = nil
                            tokens.append(Token(kind: .block, contents: contents, line: line))
                            i = found + 2
                            textStart = i
                            textLine = line
                            continue
                        }
                    } else {
                        flushText(upTo: i)
                        let kind: Token.Kind = chars[i + 1] == "{" ? .variable : chars[i + 1] == "%" ? .block : .comment
                        if kind == .block && (contents == "verbatim" || contents.hasPrefix("verbatim ")) {
                            verbatim = "end" + contents
                        }
                        tokens.append(Token(kind: kind, contents: contents, line: line))
                        i = found + 2
                        textStart = i
                        textLine = line
                        continue
                    }
                }
            }
            if chars[i] == "\n" { line += 1 }
            i += 1
        }
        flushText(upTo: chars.count)
        return tokens
    }

    private static func closer(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "{": "}"
        case "%": "%"
        case "#": "#"
        default: nil
        }
    }
}

extension String {
    /// Python's `str.strip()`.
    var pythonStripped: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
