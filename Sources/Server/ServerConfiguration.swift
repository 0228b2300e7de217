import Gateway
import NIOCore
import Wire

/// A `HOST:PORT` the server listens on (`--bind`); `[::1]:8000` for IPv6, `:8000` for every interface.
public struct BindAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `HOST` (port 8000), `[v6]:PORT` or `:PORT`; nil with a reason otherwise.
    public static func parse(_ text: String) -> Result<BindAddress, BindAddressError> {
        var host = text
        var portText = "8000"
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.init(text, "an IPv6 address needs its closing ']'")) }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return .failure(.init(text, "expected ':PORT' after ']'")) }
                portText = String(rest.dropFirst())
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        if host.isEmpty { host = "0.0.0.0" }
        guard let port = Int(portText), (0...65535).contains(port) else {
            return .failure(.init(text, "the port must be a number from 0 to 65535, got \(portText.debugDescription)"))
        }
        return .success(BindAddress(host: host, port: port))
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a `--bind` value was refused.
public struct BindAddressError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }
    public var description: String { "bad --bind \(text.debugDescription): \(reason)" }
}

/// Static files served in development (Django's `runserver` with staticfiles): a URL prefix and
/// the folders looked in, in order.
public struct StaticFilesConfiguration: Sendable {
    /// STATIC_URL as a path: "/static/".
    public var urlPrefix: String
    public var directories: [String]

    public init(urlPrefix: String, directories: [String]) {
        self.urlPrefix = urlPrefix.hasSuffix("/") ? urlPrefix : urlPrefix + "/"
        self.directories = directories
    }
}

/// How much the error log says (gunicorn `--log-level`): each level includes those above it.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warning, error, critical

    /// The level of a line written as `[LEVEL]`.
    public init?(tag: String) { self.init(rawValue: tag.lowercased()) }

    public static func < (a: LogLevel, b: LogLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Everything `shallot serve` can be told, with gunicorn's defaults where gunicorn has the setting.
public struct ServerConfiguration: Sendable {
    public var binds = [BindAddress(host: "127.0.0.1", port: 8000)]
    /// Worker threads running the callable (gunicorn `--threads`).
    public var threads = 4
    /// Requests that may wait for a thread; beyond threads + queue, a request is answered 503 at once.
    public var queueSize = 64
    /// Processes (gunicorn `--workers`); more than one forks workers sharing the port.
    public var workers = 1
    /// Listen backlog (gunicorn `--backlog`).
    public var backlog: Int32 = 2048
    /// Event loop threads that move bytes: one per core by default.
    public var eventLoopThreads = System.coreCount
    /// Parser limits: request line, header count, field size, body size.
    public var limits = ParserLimits()
    /// Seconds a client has to send a whole request head once it started one (slowloris).
    public var headerTimeout: Double = 10
    /// Seconds an idle keep-alive connection is kept (gunicorn `--keep-alive`).
    public var keepAliveTimeout: Double = 2
    /// Seconds a request may run before it is reported as a worker timeout (gunicorn `--timeout`).
    public var workerTimeout: Double = 30
    /// Seconds in-flight requests get to finish after SIGTERM (gunicorn `--graceful-timeout`).
    public var gracefulTimeout: Double = 30
    /// Access log: nil for none, "-" for standard output, else a file path appended to.
    public var accessLog: String?
    public var accessLogFormat = AccessLogFormat.gunicornDefault
    /// Error log: "-" for standard error, else a file path appended to.
    public var errorLog = "-"
    /// Lines below this level are not written to the error log.
    public var logLevel = LogLevel.info
    /// SCRIPT_NAME the application is mounted under.
    public var scriptName = ""
    /// Peers whose X-Forwarded-For / X-Forwarded-Proto are trusted ("*" for any).
    public var forwardedAllowIPs = ["127.0.0.1", "::1"]
    public var staticFiles: StaticFilesConfiguration?
    /// The Server header and SERVER_SOFTWARE.
    public var serverSoftware = "shallot"
    /// Bind with SO_REUSEPORT (set for forked workers sharing a port).
    public var reusePort = false
    /// `wsgi.multiprocess`.
    public var multiprocess = false

    public init() {}
}
