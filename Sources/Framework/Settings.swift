import Database
/// A site's settings, with Django's names and defaults. Each property's doc names the Django
/// setting it stands for, and `shallot check` speaks of them by those names.
public struct Settings: Sendable {
    /// DEBUG: technical 404 and 500 pages, and `localhost` allowed without ALLOWED_HOSTS.
    public var debug = false
    /// ALLOWED_HOSTS: host names this site answers to (".example.com" covers subdomains, "*" all).
    public var allowedHosts: [String] = []
    /// SECRET_KEY.
    public var secretKey = ""
    /// MIDDLEWARE: names registered in the site's middleware registry, top to bottom.
    public var middleware: [String] = []
    /// APPEND_SLASH.
    public var appendSlash = true
    /// PREPEND_WWW.
    public var prependWWW = false
    /// DISALLOWED_USER_AGENTS: regular expressions.
    public var disallowedUserAgents: [String] = []
    /// DEFAULT_CHARSET.
    public var defaultCharset = "utf-8"
    /// DEFAULT_CONTENT_TYPE is gone from Django; responses use "text/html; charset=…".
    /// USE_X_FORWARDED_HOST.
    public var useXForwardedHost = false
    /// USE_X_FORWARDED_PORT.
    public var useXForwardedPort = false
    /// SECURE_PROXY_SSL_HEADER: ("HTTP_X_FORWARDED_PROTO", "https"), for example.
    public var secureProxySSLHeader: (header: String, value: String)?
    /// SECURE_SSL_REDIRECT.
    public var secureSSLRedirect = false
    /// SECURE_SSL_HOST.
    public var secureSSLHost: String?
    /// SECURE_REDIRECT_EXEMPT: regular expressions over the path without its leading slash.
    public var secureRedirectExempt: [String] = []
    /// SECURE_HSTS_SECONDS.
    public var secureHSTSSeconds = 0
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS.
    public var secureHSTSIncludeSubdomains = false
    /// SECURE_HSTS_PRELOAD.
    public var secureHSTSPreload = false
    /// SECURE_CONTENT_TYPE_NOSNIFF.
    public var secureContentTypeNosniff = true
    /// SECURE_REFERRER_POLICY.
    public var secureReferrerPolicy: String? = "same-origin"
    /// SECURE_CROSS_ORIGIN_OPENER_POLICY.
    public var secureCrossOriginOpenerPolicy: String? = "same-origin"
    /// X_FRAME_OPTIONS.
    public var xFrameOptions = "DENY"
    /// DATA_UPLOAD_MAX_MEMORY_SIZE (nil: no limit).
    public var dataUploadMaxMemorySize: Int? = 2_621_440
    /// DATA_UPLOAD_MAX_NUMBER_FIELDS (nil: no limit).
    public var dataUploadMaxNumberFields: Int? = 1000
    /// DATA_UPLOAD_MAX_NUMBER_FILES (nil: no limit).
    public var dataUploadMaxNumberFiles: Int? = 100
    /// FORCE_SCRIPT_NAME.
    public var forceScriptName: String?
    /// TEMPLATES (the Django backend's DIRS and OPTIONS).
    public var templates = TemplateSettings()
    /// STATIC_URL, for the static context processor.
    public var staticURL: String? = "static/"
    /// INTERNAL_IPS, for the debug context processor.
    public var internalIPs: [String] = []
    /// DATABASES: connection settings by alias; query sets use "default". The handler hands
    /// them to the connection registry when it starts.
    public var databases: [String: DatabaseSettings] = [:]
    /// DATABASES["default"]["ATOMIC_REQUESTS"]: each view runs inside a transaction, rolled back
    /// when it raises.
    public var atomicRequests = false

    public init() {}

    /// What `startproject` writes into MIDDLEWARE, limited to the middleware Shallot has so far.
    public static let startprojectMiddleware = [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
}

/// Settings shared by reference: a handler's requests all hold the one copy the handler made,
/// where a copy of the struct per request would retain every array and string in it.
@usableFromInline
final class SettingsReference: Sendable {
    @usableFromInline let settings: Settings
    /// ALLOWED_HOSTS as `get_host()` checks them, worked out once.
    let allowedHosts: [AllowedHost]

    init(_ settings: Settings) {
        self.settings = settings
        allowedHosts = AllowedHost.effective(settings)
    }
}

/// TEMPLATES for the Django template backend: where templates are, the context processors by
/// name, and the engine's options.
public struct TemplateSettings: Sendable {
    /// DIRS.
    public var dirs: [String] = []
    /// OPTIONS["context_processors"].
    public var contextProcessors: [String] = [
        "django.template.context_processors.request",
    ]
    /// OPTIONS["string_if_invalid"].
    public var stringIfInvalid = ""
    /// OPTIONS["autoescape"].
    public var autoescape = true

    public init() {}
}
