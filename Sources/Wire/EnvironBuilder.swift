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
        environ.urlScheme = options.urlScheme
        environ.multithread = options.multithread
        environ.multiprocess = options.multiprocess
        environ.runOnce = options.runOnce
        environ.fileWrapper = options.fileWrapper

        var target = Substring(message.target)
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        var hostFromTarget: String?
        if let url = TargetURL(String(target)) {
            hostFromTarget = url.authority
            target = Substring(url.pathAndQuery)
        } else if target == "*" || message.method == "CONNECT" {
            target = ""
        }
        let query = target.firstIndex(of: "?")
        let rawPath = query.map { target[..<$0] } ?? target
        var pathInfo = percentDecodedLatin1(rawPath)
        if !options.scriptName.isEmpty, pathInfo.hasPrefix(options.scriptName) {
            pathInfo.removeFirst(options.scriptName.count)
        }

        environ.append("REQUEST_METHOD", message.method)
        environ.append("SCRIPT_NAME", options.scriptName)
        environ.append("PATH_INFO", pathInfo)
        environ.append("QUERY_STRING", query.map { String(target[target.index(after: $0)...]) } ?? "")
        environ.append("RAW_URI", message.target)
        environ.append("SERVER_PROTOCOL", message.version.description)
        environ.append("SERVER_SOFTWARE", options.serverSoftware)
        environ.append("REMOTE_ADDR", options.remoteAddr)
        if let port = options.remotePort { environ.append("REMOTE_PORT", port) }

        var host: String?
        var dropped: [String] = []
        var httpKeys: [String] = []
        for index in message.headers.indices {
            message.headers.withBytes(at: index) { name, value in
                if name.contains(UInt8(ascii: "_")) {
                    dropped.append(Latin1.string(name))
                    return
                }
                let key = cgiKey(name)
                let text = Latin1.string(value)
                switch key {
                case "HTTP_CONTENT_TYPE": environ["CONTENT_TYPE"] = text
                case "HTTP_CONTENT_LENGTH":
                    // RFC 9112 §6.3: a list of identical values ("5, 5") stands for the one length framed.
                    if case .contentLength(let length) = message.framing {
                        environ["CONTENT_LENGTH"] = String(length)
                    } else {
                        environ["CONTENT_LENGTH"] = text
                    }
                default:
                    if key == "HTTP_HOST" { host = host ?? text }
                    if httpKeys.contains(key), let existing = environ[key] {
                        environ[key] = existing + (key == "HTTP_COOKIE" ? "; " : ",") + text
                    } else {
                        httpKeys.append(key)
                        environ.append(key, text)
                    }
                }
            }
        }
        if let hostFromTarget {
            host = hostFromTarget
            environ["HTTP_HOST"] = hostFromTarget
        }
        let (name, port) = splitHost(host, scheme: options.urlScheme, fallback: (options.serverName, options.serverPort))
        environ.append("SERVER_NAME", name)
        environ.append("SERVER_PORT", port)
        if !dropped.isEmpty { environ.extensions[droppedHeadersKey] = dropped }
        return environ
    }

    /// `User-Agent` → `HTTP_USER_AGENT`.
    static func cgiKey(_ name: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: name.count + 5) { out in
            for (i, byte) in "HTTP_".utf8.enumerated() { out[i] = byte }
            var i = 5
            for byte in name {
                out[i] = byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : ((97...122).contains(byte) ? byte - 32 : byte)
                i += 1
            }
            return i
        }
    }

    /// `example.com:8000` → ("example.com", "8000"); `[::1]` → ("[::1]", "80"); no Host → the fallback.
    public static func splitHost(_ host: String?, scheme: String, fallback: (String, String)) -> (String, String) {
        guard let host, !host.isEmpty else { return fallback }
        let defaultPort = scheme == "https" ? "443" : "80"
        if let close = host.lastIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            return (String(host[...close]), rest.hasPrefix(":") && rest.count > 1 ? String(rest.dropFirst()) : defaultPort)
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            return (String(host[..<colon]), port.isEmpty ? defaultPort : String(port))
        }
        return (host, defaultPort)
    }

    /// `%XX` decoded to bytes, which become scalars U+0000–U+00FF; a stray `%` stays as it is.
    public static func percentDecodedLatin1(_ path: Substring) -> String {
        let utf8 = path.utf8
        guard utf8.contains(UInt8(ascii: "%")) || utf8.contains(where: { $0 >= 0x80 }) else { return String(path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%"),
               let h1 = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex), h1 != utf8.endIndex,
               let h2 = utf8.index(h1, offsetBy: 1, limitedBy: utf8.endIndex), h2 != utf8.endIndex,
               let high = hexValue(utf8[h1]), let low = hexValue(utf8[h2]) {
                bytes.append(high << 4 | low)
                i = utf8.index(after: h2)
            } else {
                bytes.append(byte)
                i = utf8.index(after: i)
            }
        }
        return Latin1.string(bytes)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
