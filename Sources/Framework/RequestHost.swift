import Foundation

/// Host, scheme and URL building of a request, with Django's ALLOWED_HOSTS validation.
extension HTTPRequest {
    /// The host as the client named it: X-Forwarded-Host (when USE_X_FORWARDED_HOST), Host,
    /// or SERVER_NAME with a non-default SERVER_PORT.
    func rawHost() -> String {
        if settings.useXForwardedHost, let forwarded = environ["HTTP_X_FORWARDED_HOST"] { return forwarded }
        if let host = environ["HTTP_HOST"] { return host }
        let name = environ["SERVER_NAME"] ?? ""
        let port = getPort()
        return port == (isSecure ? "443" : "80") ? name : "\(name):\(port)"
    }

    /// `get_host()`: the host, validated against ALLOWED_HOSTS (with DEBUG and no ALLOWED_HOSTS:
    /// .localhost, 127.0.0.1 and [::1]). A host that does not validate throws DisallowedHost.
    public func getHost() throws -> String {
        let host = rawHost()
        var allowed = settings.allowedHosts
        if settings.debug && allowed.isEmpty { allowed = [".localhost", "127.0.0.1", "[::1]"] }
        let (domain, _) = Self.splitDomainPort(host)
        if !domain.isEmpty && Self.validateHost(domain, allowed) { return host }
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
    public func buildAbsoluteURI(_ location: String? = nil) throws -> String {
        let location = location ?? getFullPath()
        if location.contains("://") { return location }
        let base = "\(scheme)://\(try getHost())"
        if location.hasPrefix("//") { return "\(scheme):\(location)" }
        if location.hasPrefix("/") { return base + location }
        let directory = path.hasSuffix("/") ? path : String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) + "/"
        return base + directory + location
    }

    /// `split_domain_port`: "example.com:80" → ("example.com", "80"); a bad host gives ("", "").
    static func splitDomainPort(_ host: String) -> (String, String) {
        let host = host.lowercased()
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-.:[]")
        guard !host.isEmpty, host.unicodeScalars.allSatisfy(allowed.contains) else { return ("", "") }
        if host.hasSuffix("]") { return (host, "") }
        if let colon = host.lastIndex(of: ":"), !host.hasPrefix("[") {
            var domain = String(host[..<colon])
            if domain.hasSuffix(".") { domain.removeLast() }
            return (domain, String(host[host.index(after: colon)...]))
        }
        var domain = host
        if domain.hasSuffix(".") { domain.removeLast() }
        return (domain, "")
    }

    /// `validate_host`: "*" allows all, ".example.com" a domain and its subdomains, else exact.
    static func validateHost(_ host: String, _ allowed: [String]) -> Bool {
        allowed.contains { pattern in
            let pattern = pattern.lowercased()
            if pattern == "*" { return true }
            if pattern.hasPrefix(".") { return host.hasSuffix(pattern) || host == pattern.dropFirst() }
            return host == pattern
        }
    }

    /// `escape_uri_path`: characters outside the URI set percent-encoded, as Django does for paths.
    static func escapeIRIPath(_ path: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%")
        return path.addingPercentEncoding(withAllowedCharacters: safe) ?? path
    }
}
