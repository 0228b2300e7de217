/// `django.middleware.common.CommonMiddleware`.
///
/// - process_request: a User-Agent matching DISALLOWED_USER_AGENTS raises PermissionDenied
///   ("Forbidden user agent"); the host is validated (`get_host()` raises DisallowedHost); with
///   PREPEND_WWW, a host without `www.` is redirected to `scheme://www.host` + the full path,
///   with the slash appended too when APPEND_SLASH would add it, so that one redirect does both.
/// - process_response: a 404 whose path lacks a trailing slash is redirected to the path with
///   one (query string kept) when APPEND_SLASH is on and the slashed path resolves where the
///   unslashed one does not; with DEBUG, DELETE, POST, PUT and PATCH raise RuntimeError instead,
///   since the redirect would lose their data. Responses in memory get a Content-Length.
///
/// Redirects are 301 (`HTTPResponsePermanentRedirect`, Django's `response_redirect_class`).
public final class CommonMiddleware: MiddlewareMixin {
    public let getResponse: GetResponse
    let settings: Settings
    let disallowedUserAgents: SettingPatterns

    /// Whether `pathInfo` (which does not end in a slash) should get one. By default, Django's
    /// `not is_valid_path(path) and is_valid_path(path + "/")` against the URLconf the handler
    /// gave the request; a request that came through no handler counts every such path as one a
    /// slash would fix. Set it to decide otherwise.
    public var shouldAppendSlash: ((String) -> Bool)?

    /// `response_redirect_class`: how the redirects are made; 301 by default.
    public var redirectResponse: (String) throws -> HTTPResponseBase = { try HTTPResponsePermanentRedirect($0) }

    /// The methods whose data an APPEND_SLASH redirect would lose.
    static let methodsWithData: Set<String> = ["DELETE", "POST", "PUT", "PATCH"]

    /// Reads the settings; an invalid DISALLOWED_USER_AGENTS expression is left out here,
    /// and `factory` reports it.
    public init(settings: Settings, getResponse: @escaping GetResponse) {
        self.settings = settings
        self.getResponse = getResponse
        disallowedUserAgents = SettingPatterns(lenient: settings.disallowedUserAgents)
    }

    /// Builds the middleware; an expression in DISALLOWED_USER_AGENTS that does not compile
    /// throws ImproperlyConfigured.
    public static let factory: MiddlewareFactory = { settings, getResponse in
        _ = try SettingPatterns(settings.disallowedUserAgents, setting: "DISALLOWED_USER_AGENTS")
        return CommonMiddleware(settings: settings, getResponse: getResponse)
    }

    public func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase? {
        if let userAgent = request.userAgent, disallowedUserAgents.search(userAgent) {
            throw PermissionDenied("Forbidden user agent")
        }

        let host = try request.getHost()
        guard settings.prependWWW, !host.isEmpty, !host.hasPrefix("www.") else { return nil }
        // One redirect for both fixes; the slash check (a resolver lookup) only now that a
        // redirect is certain.
        let path = try shouldRedirectWithSlash(request) ? fullPathWithSlash(request) : request.getFullPath()
        return try redirectResponse("\(request.scheme)://www.\(host)\(path)")
    }

    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        var response = response
        if response.statusCode == 404 && shouldRedirectWithSlash(request) {
            response = try redirectResponse(fullPathWithSlash(request))
        }
        if !response.isStreaming {
            Self.setContentLength(&response.headers, (response as? HTTPResponse)?.content.count ?? 0)
        }
        return response
    }

    /// Content-Length, unless the response has one: one access to the response's headers.
    private static func setContentLength(_ headers: inout ResponseHeaders, _ length: Int) {
        if !headers.contains("Content-Length") { headers.append("Content-Length", String(length)) }
    }

    /// `should_redirect_with_slash`: APPEND_SLASH is on, the path has no trailing slash, and
    /// appending one turns a path that does not resolve into one that does.
    public func shouldRedirectWithSlash(_ request: HTTPRequest) -> Bool {
        guard settings.appendSlash, !request.pathInfo.hasSuffix("/") else { return false }
        if let shouldAppendSlash { return shouldAppendSlash(request.pathInfo) }
        guard let urls = request.urls else { return true }
        return (try? urls.resolve(request.pathInfo)) == nil && (try? urls.resolve(request.pathInfo + "/")) != nil
    }

    /// `get_full_path_with_slash`: the full path with the slash appended (query string kept),
    /// a leading `//` escaped to `/%2F` so it cannot become a scheme-relative URL. With DEBUG,
    /// for a method with data, a RuntimeError explaining why there is no redirect.
    public func fullPathWithSlash(_ request: HTTPRequest) throws -> String {
        var newPath = request.getFullPath(forceAppendSlash: true)
        if newPath.hasPrefix("//") { newPath = "/%2F" + newPath.dropFirst(2) }
        if settings.debug && Self.methodsWithData.contains(request.method) {
            let method = request.method
            throw RuntimeError(
                "You called this URL via \(method), but the URL doesn't end in a slash and you have "
                    + "APPEND_SLASH set. Django can't redirect to the slash URL while maintaining \(method) "
                    + "data. Change your form to point to \(try request.getHost())\(newPath) (note the "
                    + "trailing slash), or set APPEND_SLASH=False in your Django settings."
            )
        }
        return newPath
    }
}
