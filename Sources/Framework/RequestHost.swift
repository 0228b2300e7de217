import Foundation

/// Host, scheme and URL building of a request, with Django's ALLOWED_HOSTS validation.
extension HTTPRequest {
    /// The host as the client named it: X-Forwarded-Host (when USE_X_FORWARDED_HOST), Host,
    /// or SERVER_NAME with a non-default SERVER_PORT.
    func rawHost() -> String {
        if settings.useXForwardedHost, let forwarded = environ["HTTP_X_FORWARDED_HOST"] { return forwarded }
        if let host = httpHost { return host }
        let name = environ["SERVER_NAME"] ?? ""
        let port = getPort()
        return port == (isSecure ? "443" : "80") ? name : "\(name):\(port)"
    }

    /// `get_host()`: the host, validated against ALLOWED_HOSTS (with DEBUG and no ALLOWED_HOSTS:
    /// .localhost, 127.0.0.1 and [::1]). A host that does not validate throws DisallowedHost.
    public func getHost() throws -> String {
        let host = rawHost()
        // The common host ("localhost:8000", "www.example.com"): checked on its bytes, with no
        // domain string made. Anything else, and any host refused, goes the whole way below.
        if host.utf8.withContiguousStorageIfAvailable({ Self.plainHostAllowed($0, settingsReference.allowedHosts) }) == true {
            return host
        }
        let domain = Self.domain(ofHost: host)
        if !domain.isEmpty && Self.validateHost(domain, settingsReference.allowedHosts) { return host }
        var message = "Invalid HTTP_HOST header: '\(host)'."
        if !domain.isEmpty {
            message += " You may need to add '\(domain)' to ALLOWED_HOSTS."
        } else {
            message += " The domain name provided is not valid according to RFC 1034/1035."
        }
        throw DisallowedHost(message)
    }

    /// `get_port()`: X-Forwarded-Port (when USE_X_FORWARDED_PORT) or SERVER_PORT.
    public func getPort() -> String {
        if settings.useXForwardedPort, let port = environ["HTTP_X_FORWARDED_PORT"] { return port }
        return environ["SERVER_PORT"] ?? ""
    }

    /// "http" or "https", honouring SECURE_PROXY_SSL_HEADER.
    public var scheme: String {
        if let (header, secureValue) = settings.secureProxySSLHeader, let value = environ[header] {
            let first = value.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return first == secureValue ? "https" : "http"
        }
        return environ.urlScheme
    }

    public var isSecure: Bool { scheme == "https" }

    /// `get_full_path()`: the path with the query string.
    public func getFullPath(forceAppendSlash: Bool = false) -> String {
        var result = Self.escapeIRIPath(path)
        if forceAppendSlash && !result.hasSuffix("/") { result += "/" }
        let query = environ.queryString
        return query.isEmpty ? result : result + "?" + HTTPRequest.text(query)
    }

    /// `build_absolute_uri(location)`: an absolute URL for `location` (default: this request's full path).
    /// As in Django, a location with a scheme and a host is kept, a plain absolute path is put
    /// after this request's scheme and host, and anything else is resolved against this request's
    /// URL (RFC 3986, as `urljoin` does).
    public func buildAbsoluteURI(_ location: String? = nil) throws -> String {
        guard let location else { return "\(scheme)://\(try getHost())" + getFullPath() }
        let (hasScheme, netloc, locationPath) = Self.splitURL(location)
        if hasScheme && !netloc.isEmpty { return location }
        let base = "\(scheme)://\(try getHost())"
        if !hasScheme && netloc.isEmpty && locationPath.hasPrefix("/")
            && !locationPath.contains("/./") && !locationPath.contains("/../") {
            return base + (location.hasPrefix("//") ? String(location.dropFirst(2)) : location)
        }
        if let current = URL(string: base + Self.escapeIRIPath(path)), let joined = URL(string: location, relativeTo: current) {
            return joined.absoluteString
        }
        let directory = path.hasSuffix("/") ? path : String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) + "/"
        return base + directory + location
    }

    /// `urlsplit`, as far as build_absolute_uri needs it: whether there is a scheme, the netloc
    /// after `//`, and the path before any `?` or `#`.
    static func splitURL(_ url: String) -> (hasScheme: Bool, netloc: Substring, path: Substring) {
        var rest = Substring(url)
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter,
           rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            hasScheme = true
            rest = rest[rest.index(after: colon)...]
        }
        var netloc: Substring = ""
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
            netloc = rest[..<end]
            rest = rest[end...]
        }
        return (hasScheme, netloc, rest.prefix { $0 != "?" && $0 != "#" })
    }

    /// `split_domain_port`: "example.com:80" → ("example.com", "80"), "[::1]:80" → ("[::1]", "80");
    /// a host that does not match Django's `([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?`
    /// gives ("", "").
    static func splitDomainPort(_ host: String) -> (String, String) {
        split(host, withPort: true)
    }

    /// The domain `splitDomainPort` gives, without making the port's string.
    static func domain(ofHost host: String) -> String {
        split(host, withPort: false).0
    }

    private static func split(_ host: String, withPort: Bool) -> (String, String) {
        // Django's host_validation_re, on bytes: a lowercase name of letters, digits, '.' and
        // '-', or a bracketed IPv6 literal, then an optional ":digits".
        let hasUpper = ASCIIScan.contains(host, in: 0x41...0x5A)
        if !hasUpper, let split = host.utf8.withContiguousStorageIfAvailable({ splitDomainPort($0, withPort: withPort) }) { return split }
        let bytes = Array((hasUpper ? host.lowercased() : host).utf8)
        return bytes.withUnsafeBufferPointer { splitDomainPort($0, withPort: withPort) }
    }

    private static func splitDomainPort(_ bytes: UnsafeBufferPointer<UInt8>, withPort: Bool) -> (String, String) {
        func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x61...0x66).contains(b) }
        var domainEnd: Int
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return ("", "") }
            let inner = bytes[1..<close]
            guard let colon = inner.firstIndex(of: UInt8(ascii: ":")), inner[..<colon].allSatisfy(isHex),
                  inner[colon...].count > 1, inner[colon...].allSatisfy({ isHex($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") })
            else { return ("", "") }
            domainEnd = close + 1
        } else {
            domainEnd = 0
            while domainEnd < bytes.count, bytes[domainEnd] != UInt8(ascii: ":") {
                let byte = bytes[domainEnd]
                guard (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                else { return ("", "") }
                domainEnd += 1
            }
            guard domainEnd > 0 else { return ("", "") }
        }
        var port = ""
        if domainEnd < bytes.count {
            let digits = UnsafeBufferPointer(rebasing: bytes[(domainEnd + 1)...])
            guard bytes[domainEnd] == UInt8(ascii: ":"), !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return ("", "") }
            if withPort { port = String(decoding: digits, as: UTF8.self) }
        }
        if bytes[domainEnd - 1] == UInt8(ascii: ".") { domainEnd -= 1 }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<domainEnd]), as: UTF8.self), port)
    }

    /// Whether `bytes` is a lowercase name (letters, digits, '.', '-') with an optional
    /// ":digits" port whose domain ALLOWED_HOSTS accepts: `split_domain_port` and
    /// `validate_host` in one pass over the bytes. False means only "not shown allowed here".
    static func plainHostAllowed(_ bytes: UnsafeBufferPointer<UInt8>, _ allowed: [AllowedHost]) -> Bool {
        var end = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: ":") {
            let byte = bytes[end]
            guard (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            else { return false }
            end += 1
        }
        guard end > 0 else { return false }
        if end < bytes.count {
            guard end + 1 < bytes.count else { return false }
            for index in (end + 1)..<bytes.count where !(0x30...0x39).contains(bytes[index]) { return false }
        }
        if bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        // "." leaves no domain, which no pattern allows (not even "*").
        guard end > 0 else { return false }
        let domain = UnsafeBufferPointer(rebasing: bytes[..<end])
        // Byte by byte: `elementsEqual` on buffers is not specialised here and costs more.
        func same(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
            for index in 0..<text.count where text[index] != domain[offset + index] { return false }
            return true
        }
        func equals(_ text: String) -> Bool {
            text.utf8.count == domain.count && text.utf8.withContiguousStorageIfAvailable { same($0, at: 0) } == true
        }
        func endsWith(_ text: String) -> Bool {
            let count = text.utf8.count
            return count <= domain.count && text.utf8.withContiguousStorageIfAvailable { same($0, at: domain.count - count) } == true
        }
        return allowed.contains { pattern in
            switch pattern {
            case .any: true
            case .domain(let suffix, let bare): equals(bare) || endsWith(suffix)
            case .exact(let name): equals(name)
            }
        }
    }

    /// `validate_host`: "*" allows all, ".example.com" a domain and its subdomains, else exact.
    static func validateHost(_ host: String, _ allowed: [String]) -> Bool {
        validateHost(host, allowed.map(AllowedHost.init))
    }

    static func validateHost(_ host: String, _ allowed: [AllowedHost]) -> Bool {
        allowed.contains { pattern in
            switch pattern {
            case .any: true
            case .domain(let suffix, let bare): host == bare || host.hasSuffix(suffix)
            case .exact(let name): host == name
            }
        }
    }

    /// `escape_uri_path`: everything but letters, digits and `/:@&+$,-_.!~*'()` percent-encoded as
    /// UTF-8, as Django does for paths (so `;`, `=`, `?`, `#` and `%` are escaped).
    static func escapeIRIPath(_ path: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:@&+$,-_.!~*'()")
        return path.addingPercentEncoding(withAllowedCharacters: safe) ?? path
    }
}

/// An ALLOWED_HOSTS entry, lowercased and read once: "*", ".example.com" (the domain and its
/// subdomains) or an exact name.
enum AllowedHost: Sendable {
    case any
    case domain(suffix: String, bare: String)
    case exact(String)

    init(_ pattern: String) {
        let pattern = ASCIIScan.contains(pattern, in: 0x41...0x5A) ? pattern.lowercased() : pattern
        if pattern == "*" {
            self = .any
        } else if pattern.hasPrefix(".") {
            self = .domain(suffix: pattern, bare: String(pattern.dropFirst()))
        } else {
            self = .exact(pattern)
        }
    }

    /// ALLOWED_HOSTS as `get_host()` applies it: with DEBUG and none given, the local names.
    static func effective(_ settings: Settings) -> [AllowedHost] {
        let allowed = settings.debug && settings.allowedHosts.isEmpty ? [".localhost", "127.0.0.1", "[::1]"] : settings.allowedHosts
        return allowed.map(AllowedHost.init)
    }
}
