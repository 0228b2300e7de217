import Foundation

/// A small HTML tokenizer in the manner of Python's HTMLParser, for `striptags` (which keeps
/// text and entity references and drops tags, comments and declarations) and for truncating
/// HTML (which counts only text and closes the tags left open).
enum HTMLText {
    /// A piece of HTML as the parser's handlers see it.
    enum Token {
        case text(String)
        /// A start tag: its name (lower case), its source, and whether it ends in `/>`.
        case start(name: String, source: String, selfClosing: Bool)
        case end(name: String)
        /// Comments, declarations and processing instructions.
        case other
    }

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    static func isLetter(_ char: Character?) -> Bool { char.map { $0.isASCII && $0.isLetter } ?? false }

    /// Splits HTML into text and markup; a `<` that starts no tag is text.
    static func tokens(_ html: String) -> [Token] {
        let chars = Array(html)
        var tokens: [Token] = []
        var text = ""
        var i = 0
        func flush() {
            if !text.isEmpty { tokens.append(.text(text)); text = "" }
        }
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle)
            var j = start
            while j + pattern.count <= chars.count {
                if Array(chars[j..<(j + pattern.count)]) == pattern { return j }
                j += 1
            }
            return nil
        }
        /// The `>` ending a tag, skipping quoted attribute values.
        func tagEnd(from start: Int) -> Int? {
            var quote: Character?
            var j = start
            while j < chars.count {
                let c = chars[j]
                if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == ">" { return j }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "<", i + 1 < chars.count else { text.append(c); i += 1; continue }
            let next = chars[i + 1]
            if isLetter(next), let end = tagEnd(from: i + 1) {
                flush()
                let source = String(chars[i...end])
                let name = String(chars[(i + 1)...].prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }).lowercased()
                tokens.append(.start(name: name, source: source, selfClosing: chars[end - 1] == "/"))
                i = end + 1
                // The content of script and style is text up to their end tag (CDATA).
                if name == "script" || name == "style", chars[end - 1] != "/" {
                    var j = i
                    let closing = Array("</" + name)
                    while j < chars.count, !(j + closing.count <= chars.count
                        && String(chars[j..<(j + closing.count)]).lowercased() == String(closing)) { j += 1 }
                    text = String(chars[i..<j])
                    i = j
                }
            } else if next == "/", isLetter(i + 2 < chars.count ? chars[i + 2] : nil), let end = tagEnd(from: i + 2) {
                flush()
                let name = String(chars[(i + 2)..<end].prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
                tokens.append(.end(name: name))
                i = end + 1
            } else if next == "!", i + 3 < chars.count, chars[i + 2] == "-", chars[i + 3] == "-", let end = find("-->", from: i + 4) {
                flush()
                tokens.append(.other)
                i = end + 3
            } else if next == "!" || next == "?", let end = find(">", from: i + 2) {
                flush()
                tokens.append(.other)
                i = end + 1
            } else {
                text.append(c)
                i += 1
            }
        }
        flush()
        return tokens
    }

    /// `strip_tags`: the text with every tag removed, repeated while that removes more.
    static func stripTags(_ html: String) -> String {
        var value = html
        while value.contains("<") && value.contains(">") {
            var stripped = ""
            for case .text(let text) in tokens(value) { stripped += text }
            if stripped.filter({ $0 == "<" }).count == value.filter({ $0 == "<" }).count { break }
            value = stripped
        }
        return value
    }

    /// Words of a text piece as TruncateWordsHTMLParser splits it: on whitespace between
    /// non-whitespace, leading and trailing whitespace staying with the outer words.
    static func wordPieces(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if Py.isSpace(scalars[i]), i > 0, !Py.isSpace(scalars[i - 1]) {
                var j = i
                while j < scalars.count, Py.isSpace(scalars[j]) { j += 1 }
                if j < scalars.count {
                    pieces.append(String(current))
                    current = .init()
                    i = j
                    continue
                }
            }
            current.append(scalars[i])
            i += 1
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    /// Django's Truncator.chars / .words with `html=True` (its TruncateHTMLParser): text counts
    /// with entities decoded and is re-escaped, tags are copied, comments dropped, and the tags
    /// still open are closed after the "…". Characters leave room for the "…", except for the
    /// last piece of text when everything fits exactly.
    static func truncate(_ html: String, length: Int, words: Bool) -> String {
        guard length > 0 else { return "" }
        let text = words ? html : html.precomposedStringWithCanonicalMapping
        let rawLength = text.unicodeScalars.count
        var remaining = words ? length : length - 1
        var processed = 0
        var output = ""
        var outputLength = 0
        var open: [String] = []
        func emit(_ piece: String) {
            output += piece
            outputLength += piece.unicodeScalars.count
        }
        func finish(_ piece: String) -> String {
            output + piece + open.reversed().map { "</\($0)>" }.joined()
        }
        for token in tokens(text) {
            switch token {
            case .start(let name, let source, let selfClosing):
                emit(source)
                if !voidElements.contains(name) {
                    if selfClosing { emit("</\(name)>") } else { open.append(name) }
                }
            case .end(let name):
                guard !voidElements.contains(name) else { continue }
                emit("</\(name)>")
                if open.last == name { open.removeLast() }
            case .other:
                continue
            case .text(let raw):
                let data = Py.htmlUnescape(raw)
                if words {
                    let pieces = wordPieces(data)
                    let kept = Rendering.escape(pieces.prefix(remaining).joined(separator: " "))
                    if remaining < pieces.count { return finish(kept + " \u{2026}") }
                    remaining -= pieces.count
                    emit(kept)
                } else {
                    let scalars = Array(data.unicodeScalars)
                    processed += scalars.count
                    if processed == length && outputLength + scalars.count == rawLength { return finish(data) }
                    let kept = Rendering.escape(String(String.UnicodeScalarView(scalars.prefix(remaining))))
                    if remaining < scalars.count { return finish(kept + "\u{2026}") }
                    remaining -= scalars.count
                    emit(kept)
                }
            }
        }
        return output
    }
}
