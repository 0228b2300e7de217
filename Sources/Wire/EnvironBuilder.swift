import Gateway

/// What a server knows that the request does not say: where it is mounted, how it was reached,
/// and which `wsgi.*` capabilities it offers.
public struct EnvironOptions: Sendable {
    /// SCRIPT_NAME: the prefix the application is mounted under ("" or "/prefix", no trailing slash).
    public var scriptName = ""
    public var urlScheme = "http"
    public var remoteAddr = "127.0.0.1"
    public var remotePort: String?
    /// SERVER_NAME and SERVER_PORT when the request has no Host (HTTP/1.0).
    public var serverName = "localhost"
    public var serverPort = "80"
    public var serverSoftware = "shallot"
    public var multithread = false
    public var multiprocess = false
    public var runOnce = false
    public var fileWrapper: FileWrapper.Factory? = FileWrapper.factory

    public init() {}
}

/// Builds the environ for a parsed request, as gunicorn does.
///
/// Header fields become `HTTP_*` variables (duplicates joined with ",", Cookie with "; "), never
/// `HTTP_CONTENT_TYPE`/`HTTP_CONTENT_LENGTH`; names containing "_" are dropped so that `X_User`
/// cannot pose as `X-User`. PATH_INFO is percent-decoded into a latin-1 native string with the
/// SCRIPT_NAME prefix removed. SERVER_NAME and SERVER_PORT come from the Host.
public enum EnvironBuilder {
    /// The extension key listing header names dropped for containing "_".
    public static let droppedHeadersKey = "shallot.dropped_headers"

    public static func environ(
        for message: RequestMessage,
        options: EnvironOptions = EnvironOptions(),
        errors: any ErrorStream = StandardErrorStream()
    ) -> Environ {
        var environ = Environ(input: BytesInput(message.body), errors: errors)
        environ.variables.reserveCapacity(12 + message.headers.count)
        environ.urlScheme = options.urlScheme
        environ.multithread = options.multithread
        environ.multiprocess = options.multiprocess
        environ.runOnce = options.runOnce
        environ.fileWrapper = options.fileWrapper

        let target = RequestTarget(message.target, method: message.method)
        var pathInfo = target.pathInfo
        if !options.scriptName.isEmpty, pathInfo.hasPrefix(options.scriptName) {
            pathInfo = String(pathInfo.utf8.dropFirst(options.scriptName.utf8.count))!
        }

        environ.append("REQUEST_METHOD", message.method)
        environ.append("SCRIPT_NAME", options.scriptName)
        environ.append("PATH_INFO", pathInfo)
        environ.append("QUERY_STRING", target.queryString)
        environ.append("RAW_URI", message.target)
        environ.append("SERVER_PROTOCOL", message.version == .http11 ? "HTTP/1.1" : message.version.description)
        environ.append("SERVER_SOFTWARE", options.serverSoftware)
        environ.append("REMOTE_ADDR", options.remoteAddr)
        if let port = options.remotePort { environ.append("REMOTE_PORT", port) }

        var host: String?
        var dropped: [String] = []
        var seenNames: UInt64 = 0
        let headers = message.headers
        for index in headers.indices {
            headers.withBytes(at: index) { name, value in
                if name.contains(UInt8(ascii: "_")) {
                    dropped.append(Latin1.string(buffer: name))
                    return
                }
                let text = Latin1.string(buffer: value)
                if headers.nameEquals(at: index, "Content-Type") {
                    environ["CONTENT_TYPE"] = text
                } else if headers.nameEquals(at: index, "Content-Length") {
                    // RFC 9112 §6.3: a list of identical values ("5, 5") stands for the one length framed.
                    if case .contentLength(let length) = message.framing {
                        environ["CONTENT_LENGTH"] = String(length)
                    } else {
                        environ["CONTENT_LENGTH"] = text
                    }
                } else if mayRepeat(name, &seenNames), let earlier = headers.firstIndex(sameNameAs: index), earlier < index {
                    let key = CGIKey.key(for: name)
                    let separator = headers.nameEquals(at: index, "Cookie") ? "; " : ","
                    environ[key] = (environ[key] ?? "") + separator + text
                } else {
                    if host == nil && headers.nameEquals(at: index, "Host") { host = text }
                    environ.append(CGIKey.key(for: name), text)
                }
            }
        }
        // A chunked body arrives whole and de-chunked, so its length is known: Django reads
        // CONTENT_LENGTH bytes of wsgi.input and would otherwise see an empty body.
        if message.framing == .chunked { environ["CONTENT_LENGTH"] = String(message.body.count) }
        if let hostFromTarget = target.authority {
            host = hostFromTarget
            environ["HTTP_HOST"] = hostFromTarget
        }
        let (name, port) = splitHost(host, scheme: options.urlScheme, fallback: (options.serverName, options.serverPort))
        environ.append("SERVER_NAME", name)
        environ.append("SERVER_PORT", port)
        if !dropped.isEmpty { environ.extensions[droppedHeadersKey] = dropped }
        return environ
    }

    /// A one-word filter over (length, first letter) of the names seen so far: only a name that
    /// may repeat an earlier one is looked for among them.
    static func mayRepeat(_ name: UnsafeBufferPointer<UInt8>, _ seen: inout UInt64) -> Bool {
        let bit = UInt64(1) << ((UInt64(name.count) &* 7 &+ UInt64(name.first?.asciiLowercased ?? 0)) & 63)
        defer { seen |= bit }
        return seen & bit != 0
    }

    /// `example.com:8000` → ("example.com", "8000"); `[::1]` → ("[::1]", "80"); no Host → the fallback.
    public static func splitHost(_ host: String?, scheme: String, fallback: (String, String)) -> (String, String) {
        guard let host, !host.isEmpty else { return fallback }
        let defaultPort = scheme == "https" ? "443" : "80"
        let utf8 = host.utf8
        let portStart: String.Index?
        if let close = utf8.lastIndex(of: UInt8(ascii: "]")) {
            let after = utf8.index(after: close)
            portStart = after != utf8.endIndex && utf8[after] == UInt8(ascii: ":") ? after : nil
            if portStart == nil { return (String(host[...close]), defaultPort) }
        } else {
            portStart = utf8.lastIndex(of: UInt8(ascii: ":"))
        }
        guard let colon = portStart else { return (host, defaultPort) }
        let port = host[utf8.index(after: colon)...]
        return (String(host[..<colon]), port.isEmpty ? defaultPort : String(port))
    }
}
