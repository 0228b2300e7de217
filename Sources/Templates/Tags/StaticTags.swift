/// Django's `static` tag library (`{% load static %}`): `{% static path [as name] %}`, the
/// path joined to STATIC_URL and percent-quoted, and `{% get_static_prefix [as name] %}` /
/// `{% get_media_prefix [as name] %}`. The prefixes are the site's settings, so the library is
/// made for them and registered under "static" by whoever knows them:
/// `Libraries.register(StaticTags.library(staticURL: "/static/", mediaURL: "/media/"), as: "static")`.
public enum StaticTags {
    /// The library for the given STATIC_URL and MEDIA_URL.
    public static func library(staticURL: String, mediaURL: String) -> Library {
        var library = Library()
        library.registerTag("static") { parser, token in
            let bits = token.splitContents()
            guard bits.count >= 2 else {
                throw TemplateSyntaxError("'\(bits[0])' takes at least one argument (path to file)")
            }
            let name = bits.count >= 4 && bits[bits.count - 2] == "as" ? bits[3] : nil
            return StaticNode(path: try parser.compileFilter(bits[1]), prefix: staticURL, asvar: name, line: token.line)
        }
        library.registerTag("get_static_prefix") { _, token in try prefixNode(token, staticURL) }
        library.registerTag("get_media_prefix") { _, token in try prefixNode(token, mediaURL) }
        return library
    }

    /// `{% get_…_prefix [as name] %}`: words split on whitespace only, as Django does here.
    static func prefixNode(_ token: Token, _ prefix: String) throws -> any Node {
        let words = token.contents.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count > 1 && words[1] != "as" {
            throw TemplateSyntaxError("First argument in '\(words[0])' must be 'as'")
        }
        guard words.count <= 1 else {
            guard words.count > 2 else { throw TemplateSyntaxError("'\(words[0])' needs a variable name after 'as'") }
            return SetNode(value: prefix, asvar: words[2], line: token.line)
        }
        return TextNode(prefix, line: token.line)
    }

    /// `urljoin(prefix, quote(path))`: an absolute path or URL stands alone.
    static func join(_ prefix: String, _ path: String) -> String {
        let quoted = quote(path)
        if quoted.hasPrefix("/") { return quoted }
        // A prefix not ending in "/" loses its last segment.
        guard let slash = prefix.lastIndex(of: "/") else { return quoted }
        return prefix[...slash] + quoted
    }

    /// Python's `urllib.parse.quote(path)`: everything but letters, digits, `_.-~` and `/`
    /// percent-encoded as UTF-8.
    static func quote(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// `{% static %}`: the joined URL, escaped when autoescape is on, or stored under a name.
final class StaticNode: Node {
    let path: FilterExpression
    let prefix: String
    let asvar: String?
    let line: Int

    init(path: FilterExpression, prefix: String, asvar: String?, line: Int) {
        self.path = path
        self.prefix = prefix
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let url = StaticTags.join(prefix, Value.string(try path.resolve(context)))
        let shown: Any = context.autoescape ? Rendering.conditionalEscape(url) : url
        guard let asvar else { return Value.string(shown) }
        context[asvar] = shown
        return ""
    }
}

/// Stores a fixed value under a name and renders nothing (`get_static_prefix as name`).
final class SetNode: Node {
    let value: String
    let asvar: String
    let line: Int

    init(value: String, asvar: String, line: Int) {
        self.value = value
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        context[asvar] = value
        return ""
    }
}
