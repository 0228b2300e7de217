/// `django.middleware.security.SecurityMiddleware`: the HTTPS redirect and the security headers.
///
/// - process_request: with SECURE_SSL_REDIRECT, a request that is not secure is answered with a
///   301 to `https://` + (SECURE_SSL_HOST or the request's host) + the full path, unless its path
///   (without the leading slashes) matches one of SECURE_REDIRECT_EXEMPT's expressions.
/// - process_response: Strict-Transport-Security on secure requests when SECURE_HSTS_SECONDS is
///   not 0 and the response has none; then, each only when the response has none yet,
///   X-Content-Type-Options: nosniff, Referrer-Policy and Cross-Origin-Opener-Policy.
public final class SecurityMiddleware: MiddlewareMixin {
    public let getResponse: GetResponse
    let stsSeconds: Int
    let stsIncludeSubdomains: Bool
    let stsPreload: Bool
    let contentTypeNosniff: Bool
    let redirect: Bool
    let redirectHost: String?
    let redirectExempt: SettingPatterns
    let referrerPolicy: String?
    let crossOriginOpenerPolicy: String?

    /// Reads the SECURE_* settings once, as Django does. An invalid SECURE_REDIRECT_EXEMPT
    /// expression is left out here; `factory` reports it.
    public init(settings: Settings, getResponse: @escaping GetResponse) {
        self.getResponse = getResponse
        stsSeconds = settings.secureHSTSSeconds
        stsIncludeSubdomains = settings.secureHSTSIncludeSubdomains
        stsPreload = settings.secureHSTSPreload
        contentTypeNosniff = settings.secureContentTypeNosniff
        redirect = settings.secureSSLRedirect
        redirectHost = settings.secureSSLHost
        redirectExempt = SettingPatterns(lenient: settings.secureRedirectExempt)
        // A comma-separated list gives fallbacks; the values are written without spaces.
        referrerPolicy = settings.secureReferrerPolicy.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).pythonStripped }.joined(separator: ",")
        }
        crossOriginOpenerPolicy = settings.secureCrossOriginOpenerPolicy
    }

    /// Builds the middleware; an expression in SECURE_REDIRECT_EXEMPT that does not compile
    /// throws ImproperlyConfigured.
    public static let factory: MiddlewareFactory = { settings, getResponse in
        _ = try SettingPatterns(settings.secureRedirectExempt, setting: "SECURE_REDIRECT_EXEMPT")
        return SecurityMiddleware(settings: settings, getResponse: getResponse)
    }

    public func processRequest(_ request: HTTPRequest) throws -> HTTPResponseBase? {
        guard redirect, !request.isSecure else { return nil }
        let path = String(request.path.drop { $0 == "/" })
        if redirectExempt.search(path) { return nil }
        let host = try redirectHost.flatMap { $0.isEmpty ? nil : $0 } ?? request.getHost()
        return try HTTPResponsePermanentRedirect("https://\(host)\(request.getFullPath())")
    }

    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        let hsts = stsSeconds != 0 && request.isSecure
        addHeaders(&response.headers, hsts: hsts)
        return response
    }

    /// The headers, in one access to the response's.
    private func addHeaders(_ headers: inout ResponseHeaders, hsts: Bool) {
        if hsts && !headers.contains("Strict-Transport-Security") {
            var value = "max-age=\(stsSeconds)"
            if stsIncludeSubdomains { value += "; includeSubDomains" }
            if stsPreload { value += "; preload" }
            headers["Strict-Transport-Security"] = value
        }
        if contentTypeNosniff {
            headers.setDefault("X-Content-Type-Options", "nosniff")
        }
        if let referrerPolicy, !referrerPolicy.isEmpty {
            headers.setDefault("Referrer-Policy", referrerPolicy)
        }
        if let crossOriginOpenerPolicy, !crossOriginOpenerPolicy.isEmpty {
            headers.setDefault("Cross-Origin-Opener-Policy", crossOriginOpenerPolicy)
        }
    }
}
