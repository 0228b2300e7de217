import Foundation

/// Settings by their Django names, as `--set NAME=VALUE` and `shallot check` speak of them.
extension Settings {
    /// A setting Shallot does not have, or a value that is not of its type.
    public struct UnknownSetting: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The settings that can be set by name, for error messages and completion.
    public static let names = [
        "ALLOWED_HOSTS", "APPEND_SLASH", "ATOMIC_REQUESTS", "CONN_MAX_AGE", "DATA_UPLOAD_MAX_MEMORY_SIZE", "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        "DATA_UPLOAD_MAX_NUMBER_FILES", "DEBUG", "DEFAULT_CHARSET", "DISALLOWED_USER_AGENTS", "FORCE_SCRIPT_NAME",
        "MIDDLEWARE", "PREPEND_WWW", "SECRET_KEY", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
        "SECURE_REDIRECT_EXEMPT", "SECURE_REFERRER_POLICY", "SECURE_SSL_HOST", "SECURE_SSL_REDIRECT",
        "USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT", "X_FRAME_OPTIONS",
    ]

    /// Sets a setting from text: booleans as True/False, lists comma-separated, None for nil.
    public mutating func set(_ name: String, _ text: String) throws {
        func bool() throws -> Bool {
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw UnknownSetting(message: "\(name) takes True or False, not '\(text)'")
            }
        }
        func int() throws -> Int {
            guard let value = Int(text) else { throw UnknownSetting(message: "\(name) takes a whole number, not '\(text)'") }
            return value
        }
        func optionalInt() throws -> Int? { text == "None" ? nil : try int() }
        func optional() -> String? { text == "None" ? nil : text }
        func list() -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        switch name {
        case "DEBUG": debug = try bool()
        case "ALLOWED_HOSTS": allowedHosts = list()
        case "SECRET_KEY": secretKey = text
        case "MIDDLEWARE": middleware = list()
        case "APPEND_SLASH": appendSlash = try bool()
        case "PREPEND_WWW": prependWWW = try bool()
        case "DISALLOWED_USER_AGENTS": disallowedUserAgents = list()
        case "DEFAULT_CHARSET": defaultCharset = text
        case "USE_X_FORWARDED_HOST": useXForwardedHost = try bool()
        case "USE_X_FORWARDED_PORT": useXForwardedPort = try bool()
        case "SECURE_PROXY_SSL_HEADER":
            let parts = list()
            guard text == "None" || parts.count == 2 else {
                throw UnknownSetting(message: "SECURE_PROXY_SSL_HEADER takes HEADER,value (e.g. HTTP_X_FORWARDED_PROTO,https) or None")
            }
            secureProxySSLHeader = text == "None" ? nil : (parts[0], parts[1])
        case "SECURE_SSL_REDIRECT": secureSSLRedirect = try bool()
        case "SECURE_SSL_HOST": secureSSLHost = optional()
        case "SECURE_REDIRECT_EXEMPT": secureRedirectExempt = list()
        case "SECURE_HSTS_SECONDS": secureHSTSSeconds = try int()
        case "SECURE_HSTS_INCLUDE_SUBDOMAINS": secureHSTSIncludeSubdomains = try bool()
        case "SECURE_HSTS_PRELOAD": secureHSTSPreload = try bool()
        case "SECURE_CONTENT_TYPE_NOSNIFF": secureContentTypeNosniff = try bool()
        case "SECURE_REFERRER_POLICY": secureReferrerPolicy = optional()
        case "SECURE_CROSS_ORIGIN_OPENER_POLICY": secureCrossOriginOpenerPolicy = optional()
        case "X_FRAME_OPTIONS": xFrameOptions = text
        case "DATA_UPLOAD_MAX_MEMORY_SIZE": dataUploadMaxMemorySize = try optionalInt()
        case "DATA_UPLOAD_MAX_NUMBER_FIELDS": dataUploadMaxNumberFields = try optionalInt()
        case "DATA_UPLOAD_MAX_NUMBER_FILES": dataUploadMaxNumberFiles = try optionalInt()
        case "FORCE_SCRIPT_NAME": forceScriptName = optional()
        case "ATOMIC_REQUESTS": atomicRequests = try bool()
        case "CONN_MAX_AGE":
            guard databases["default"] != nil else { throw UnknownSetting(message: "CONN_MAX_AGE: this site has no default database") }
            guard text == "None" || Double(text).map({ $0 >= 0 }) == true else {
                throw UnknownSetting(message: "CONN_MAX_AGE takes seconds (0 closes after each request) or None (never), not '\(text)'")
            }
            databases["default"]?.connMaxAge = text == "None" ? nil : Double(text)
        default:
            let close = Self.names.filter { $0.contains(name.uppercased()) || name.uppercased().contains($0) }
            throw UnknownSetting(message: "unknown setting '\(name)'" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?"))
        }
    }
}
