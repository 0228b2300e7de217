import Foundation

/// Django's `urlize` and `urlizetrunc`: URLs (with a scheme, starting "www.", or a bare
/// domain under a generic top-level domain) and email addresses in text become links with
/// rel="nofollow"; punctuation around them stays outside the link; international domain
/// names are linked percent-encoded (IDNA is the browser's business, as in Django 6.1); an
/// address without a scheme gets http://, or https:// under URLizeAssumeHTTPS.
enum URLizeFilters {
    static let all: [Filter] = [
        Filter("urlize", isSafe: true, needsAutoescape: true) { value, _, autoescape in
            SafeString(Urlizer.urlize(Py.str(value), safeInput: Py.isSafe(value), trimLimit: nil, autoescape: autoescape))
        },
        Filter("urlizetrunc", argument: .required, isSafe: true, needsAutoescape: true) { value, argument, autoescape in
            guard let limit = Py.int(argument) else { return Py.same(value, Py.str(value)) }
            return SafeString(Urlizer.urlize(Py.str(value), safeInput: Py.isSafe(value), trimLimit: limit, autoescape: autoescape))
        },
    ]
}

/// The workings of `django.utils.html.urlize`.
enum Urlizer {
    static let maxURLLength = 2048
    static let wrapping: [(Character, Character)] = [("(", ")"), ("[", "]")]
    static let trailingPunctuation: Set<Character> = [".", ",", ":", ";", "!"]
    static let genericDomains = ["com", "edu", "gov", "int", "mil", "net", "org"]

    static func isSeparator(_ char: Character) -> Bool {
        char.isWhitespace || char == "<" || char == ">" || char == "\"" || char == "'"
    }

    static func isWordCharacter(_ char: Character) -> Bool { char.isLetter || char.isNumber || char == "_" }

    static func urlize(_ text: String, safeInput: Bool, trimLimit: Int?, autoescape: Bool) -> String {
        // Split into words and the runs of separators between them (both kept).
        var pieces: [String] = []
        var current = ""
        var inSeparator: Bool?
        for char in text {
            let separator = isSeparator(char)
            if inSeparator != separator, !current.isEmpty { pieces.append(current); current = "" }
            current.append(char)
            inSeparator = separator
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.map { handle($0, safeInput: safeInput, trimLimit: trimLimit, autoescape: autoescape) }.joined()
    }

    static func plain(_ word: String, safeInput: Bool, autoescape: Bool) -> String {
        !safeInput && autoescape ? Rendering.escape(word) : word
    }

    static func handle(_ word: String, safeInput: Bool, trimLimit: Int?, autoescape: Bool) -> String {
        guard word.contains(".") || word.contains("@") || word.contains(":") else {
            return plain(word, safeInput: safeInput, autoescape: autoescape)
        }
        var (lead, middle, trail) = trimPunctuation(word)
        var url: String?
        var nofollow = " rel=\"nofollow\""
        let lower = middle.lowercased()
        if middle.unicodeScalars.count <= maxURLLength && isSimpleURL(lower) {
            url = smartURLQuote(Py.htmlUnescape(middle))
        } else if middle.unicodeScalars.count <= maxURLLength && isBareDomain(middle) {
            url = smartURLQuote((URLizeAssumeHTTPS.current ? "https://" : "http://") + Py.htmlUnescape(middle))
        } else if !middle.contains(":"), isEmail(middle), let at = middle.lastIndex(of: "@") {
            let local = String(middle[..<at]), domain = String(middle[middle.index(after: at)...])
            // RFC 6068: percent-encoded, IDNA left to the user agent (as Django 6.1).
            url = "mailto:" + Py.quote(local, safe: "") + "@" + Py.quote(domain, safe: "")
            nofollow = ""
        }
        guard let url else { return plain(word, safeInput: safeInput, autoescape: autoescape) }
        var shown = middle
        if let limit = trimLimit, shown.unicodeScalars.count > limit {
            shown = String(String.UnicodeScalarView(shown.unicodeScalars.prefix(max(0, limit - 1)))) + "…"
        }
        if autoescape && !safeInput {
            lead = Rendering.escape(lead)
            trail = Rendering.escape(trail)
            shown = Rendering.escape(shown)
        }
        middle = "<a href=\"\(Rendering.escape(url))\"\(nofollow)>\(shown)</a>"
        return lead + middle + trail
    }

    /// `^https?://\[?\w` (case-insensitive; `lower` is lower-cased).
    static func isSimpleURL(_ lower: String) -> Bool {
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            var rest = lower.dropFirst(scheme.count)
            if rest.first == "[" { rest = rest.dropFirst() }
            return rest.first.map(isWordCharacter) ?? false
        }
        return false
    }

    /// `^www\.` or a bare domain under a generic TLD (Django 6.1's simple_url_2_re).
    static func isBareDomain(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasPrefix("www.") { return true }
        guard !lower.hasPrefix("http") else { return false }
        // Django 6.1's simple_url_2_re: a host of DomainNameValidator labels ending in a generic
        // top-level domain, then nothing or a path.
        let host = lower.prefix { $0 != "/" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, genericDomains.contains(String(labels.last!)) else { return false }
        return labels.dropLast().allSatisfy { label in
            let scalars = label.unicodeScalars
            guard (1...63).contains(scalars.count), scalars.first != "-", scalars.last != "-" else { return false }
            return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || (0xA1...0xFFFF).contains($0.value) }
        }
    }

    /// `is_email_simple`: one "@" inside, a dot in a domain of at most 63 characters.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].count <= 63 else { return false }
        return parts[1].contains(".") && !parts[1].hasPrefix(".")
    }

    /// Splits wrapping and trailing punctuation off a word: (lead, middle, trail).
    static func trimPunctuation(_ word: String) -> (String, String, String) {
        var lead = "", middle = word, trail = ""
        var trimmed = true
        while trimmed && !middle.isEmpty {
            trimmed = false
            for (opening, closing) in wrapping {
                if middle.first == opening {
                    middle.removeFirst()
                    lead.append(opening)
                    trimmed = true
                }
                if middle.last == closing, middle.filter({ $0 == closing }).count == middle.filter({ $0 == opening }).count + 1 {
                    middle.removeLast()
                    trail = String(closing) + trail
                    trimmed = true
                }
            }
            // Entities are unescaped first so their ';' is not taken for punctuation.
            let unescaped = Py.htmlUnescape(middle)
            let count = unescaped.reversed().prefix { trailingPunctuation.contains($0) }.count
            if count > 0 {
                trail = String(middle.suffix(count)) + trail
                middle = String(middle.dropLast(count))
                trimmed = true
            }
        }
        return (lead, middle, trail)
    }

    static let reserved = "!$&'()*+,;=:/?#[]@~"

    /// `smart_urlquote`: path and fragment re-quoted, the query re-encoded pair by pair.
    static func smartURLQuote(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return Py.quote(Py.unquote(url), safe: reserved) }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var rest = Substring(url[schemeEnd.upperBound...])
        let netlocEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        // An IDN host as percent-encoded UTF-8 (WHATWG URL 3.5), IDNA left to the user agent.
        let netloc = Py.quote(Py.unquote(String(rest[..<netlocEnd])), safe: reserved)
        rest = rest[netlocEnd...]
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        var path = Py.quote(Py.unquote(String(rest)), safe: reserved)
        if !query.isEmpty {
            query = query.split(separator: "&").map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Py.unquote(Py.unquote(String(parts[0]), plus: true))
                let value = parts.count > 1 ? Py.unquote(Py.unquote(String(parts[1]), plus: true)) : ""
                return Py.quote(key, safe: "", plus: true) + "=" + Py.quote(value, safe: "", plus: true)
            }.joined(separator: "&")
        }
        if !path.isEmpty && !path.hasPrefix("/") { path = "/" + path }
        var result = scheme + "://" + netloc + path
        if !query.isEmpty { result += "?" + query }
        if !fragment.isEmpty { result += "#" + Py.quote(Py.unquote(fragment), safe: reserved) }
        return result
    }
}
