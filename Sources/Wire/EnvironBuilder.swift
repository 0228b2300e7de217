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

        // Byte-wise (UTF-8 view) slicing: the target is ASCII on the wire, and this is a hot path.
        var target = Substring(message.target)
        if let hash = target.utf8.firstIndex(of: UInt8(ascii: "#")) { target = target[..<hash] }
        var hostFromTarget: String?
        if target.utf8.first != UInt8(ascii: "/") {
            if let url = TargetURL(String(target)) {
                hostFromTarget = url.authority
                target = Substring(url.pathAndQuery)
            } else if target == "*" || message.method == "CONNECT" {
                target = ""
            }
        }
        let query = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = query.map { target[..<$0] } ?? target
        var pathInfo = percentDecodedLatin1(rawPath)
        if !options.scriptName.isEmpty, pathInfo.hasPrefix(options.scriptName) {
            pathInfo = String(pathInfo.utf8.dropFirst(options.scriptName.utf8.count))!
        }

        environ.append("REQUEST_METHOD", message.method)
        environ.append("SCRIPT_NAME", options.scriptName)
        environ.append("PATH_INFO", pathInfo)
        environ.append("QUERY_STRING", query.map { String(target.utf8[target.utf8.index(after: $0)...])! } ?? "")
        environ.append("RAW_URI", message.target)
        environ.append("SERVER_PROTOCOL", message.version.description)
        environ.append("SERVER_SOFTWARE", options.serverSoftware)
        environ.append("REMOTE_ADDR", options.remoteAddr)
        if let port = options.remotePort { environ.append("REMOTE_PORT", port) }

        var host: String?
        var dropped: [String] = []
        let headers = message.headers
        environ.variables.reserveCapacity(environ.variables.count + headers.count + 2)
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
                } else if let earlier = headers.firstIndex(sameNameAs: index), earlier < index {
                    let key = cgiKey(name)
                    let separator = headers.nameEquals(at: index, "Cookie") ? "; " : ","
                    environ[key] = (environ[key] ?? "") + separator + text
                } else {
                    if host == nil && headers.nameEquals(at: index, "Host") { host = text }
                    environ.append(cgiKey(name), text)
                }
            }
        }
        // A chunked body arrives whole and de-chunked, so its length is known: Django reads
        // CONTENT_LENGTH bytes of wsgi.input and would otherwise see an empty body.
        if message.framing == .chunked { environ["CONTENT_LENGTH"] = String(message.body.count) }
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
            out[0] = UInt8(ascii: "H"); out[1] = UInt8(ascii: "T"); out[2] = UInt8(ascii: "T")
            out[3] = UInt8(ascii: "P"); out[4] = UInt8(ascii: "_")
            for i in 0..<name.count {
                let byte = name[i]
                out[i + 5] = byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : ((97...122).contains(byte) ? byte - 32 : byte)
            }
            return name.count + 5
        }
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
