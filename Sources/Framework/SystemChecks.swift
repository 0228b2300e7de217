/// One finding of `shallot check`, worded and numbered as Django's system checks are.
public struct CheckMessage: Sendable, Equatable, CustomStringConvertible {
    public enum Level: String, Sendable { case error = "ERRORS", warning = "WARNINGS" }
    public var level: Level
    /// Django's check id: "security.W020", "urls.E004", "shallot.E001".
    public var id: String
    public var message: String
    public var hint: String?

    public var description: String { "?: (\(id)) \(message)" + (hint.map { "\n\tHINT: \($0)" } ?? "") }
}

/// Django's system checks for what Shallot has: middleware that cannot be found, URL patterns
/// that cannot work, settings a deployed site must have. `deploy` adds the `--deploy` checks.
public enum SystemChecks {
    public static func run(_ site: Site, deploy: Bool = false) -> [CheckMessage] {
        let settings = site.settings
        var found: [CheckMessage] = []
        for name in settings.middleware where site.middleware.factory(named: name) == nil {
            found.append(CheckMessage(level: .error, id: "shallot.E001", message: "MIDDLEWARE names '\(name)', which this site does not know.",
                                      hint: "Known middleware: \(site.middleware.names.joined(separator: ", "))"))
        }
        for problem in site.urls.problems {
            found.append(CheckMessage(level: .error, id: "urls.E004", message: problem))
        }
        if !["DENY", "SAMEORIGIN"].contains(settings.xFrameOptions.uppercased()) {
            found.append(CheckMessage(level: .error, id: "shallot.E002", message: "X_FRAME_OPTIONS is '\(settings.xFrameOptions)'; it must be DENY or SAMEORIGIN."))
        }
        for host in settings.allowedHosts where host.isEmpty || host.contains("/") || host.contains(" ") {
            found.append(CheckMessage(level: .error, id: "shallot.E003", message: "ALLOWED_HOSTS holds '\(host)', which is not a host name.",
                                      hint: "Use names such as 'example.com', '.example.com' for subdomains, or '*'."))
        }
        if !settings.debug {
            if settings.allowedHosts.isEmpty {
                found.append(CheckMessage(level: .error, id: "security.W020", message: "ALLOWED_HOSTS must not be empty in deployment.",
                                          hint: "With DEBUG = False every request would be refused with 400 (DisallowedHost)."))
            }
            if settings.secretKey.isEmpty {
                found.append(CheckMessage(level: .error, id: "security.E101", message: "The SECRET_KEY setting must not be empty."))
            }
        }
        if deploy {
            if settings.secretKey.count < 50 || Set(settings.secretKey).count < 5 || settings.secretKey.hasPrefix("django-insecure-") {
                found.append(CheckMessage(level: .warning, id: "security.W009", message: "Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-' indicating that it was generated automatically by Django. Please generate a long and random value, otherwise many of Django's security-critical features will be vulnerable to attack."))
            }
            if settings.debug {
                found.append(CheckMessage(level: .warning, id: "security.W018", message: "You should not have DEBUG set to True in deployment."))
            }
            if settings.secureHSTSSeconds == 0 {
                found.append(CheckMessage(level: .warning, id: "security.W004", message: "You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems."))
            }
            if !settings.secureSSLRedirect {
                found.append(CheckMessage(level: .warning, id: "security.W008", message: "Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting True or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS."))
            }
        }
        return found
    }

    /// Django's report: grouped by level, then the count line.
    public static func report(_ messages: [CheckMessage]) -> String {
        guard !messages.isEmpty else { return "System check identified no issues (0 silenced).\n" }
        var out = "System check identified some issues:\n"
        for level in [CheckMessage.Level.error, .warning] {
            let group = messages.filter { $0.level == level }
            guard !group.isEmpty else { continue }
            out += "\n\(level.rawValue):\n" + group.map { $0.description + "\n" }.joined()
        }
        let count = messages.count
        out += "\nSystem check identified \(count) issue\(count == 1 ? "" : "s") (0 silenced).\n"
        return out
    }
}
