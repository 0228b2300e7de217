import Gateway

/// `method SP request-target SP HTTP-version`, as the scanner read it.
struct RequestLine {
    var method: String
    var target: String
    var version: HTTPVersion
}

extension MessageScanner {
    /// RFC 9112 §3 to the letter: one space between three parts, token method, visible-ASCII target.
    func strictRequestLine(_ start: Int, _ end: Int) throws -> RequestLine {
        var i = start
        while i < end && isClass(buf[i], ByteClass.token) { i += 1 }
        if i == start {
            if start == end { throw fail(.requestLine, "empty request line", at: start) }
            throw fail(.method, "request line must start with a method token, found \(describe(buf[start]))", at: start)
        }
        let method = Latin1.string(buf[start..<i])
        guard i < end, buf[i] == .sp else {
            if i == end { throw fail(.requestLine, "request line has only a method", at: i) }
            throw fail(i < end && buf[i] == .tab ? .requestLine : .method,
                       "invalid character \(describe(buf[i])) after the method; expected one space", at: i)
        }
        i += 1
        let targetStart = i
        while i < end && isClass(buf[i], ByteClass.target) { i += 1 }
        if i == targetStart {
            throw fail(.requestTarget, i < end && buf[i] == .sp ? "more than one space after the method" : "missing request-target", at: i)
        }
        let target = Latin1.string(buf[targetStart..<i])
        guard i < end else {
            throw fail(.httpVersion, "request line has no HTTP version (HTTP/0.9 requests are not accepted)", at: i)
        }
        guard buf[i] == .sp else {
            throw fail(.requestTarget, "invalid character \(describe(buf[i])) in request-target", at: i)
        }
        i += 1
        let version = try httpVersion(i, end)
        if buf[targetStart] != UInt8(ascii: "/") { try checkTargetForm(target, method: method, at: targetStart) }
        return RequestLine(method: method, target: target, version: version)
    }

    /// `HTTP-version = "HTTP/" DIGIT "." DIGIT`; major versions other than 1 get 505.
    func httpVersion(_ start: Int, _ end: Int) throws -> HTTPVersion {
        let digit = { (b: UInt8) in (0x30...0x39).contains(b) }
        guard end - start == 8, buf[start] == UInt8(ascii: "H"), buf[start + 1] == UInt8(ascii: "T"),
              buf[start + 2] == UInt8(ascii: "T"), buf[start + 3] == UInt8(ascii: "P"), buf[start + 4] == UInt8(ascii: "/"),
              digit(buf[start + 5]), buf[start + 6] == UInt8(ascii: "."), digit(buf[start + 7]) else {
            throw fail(.httpVersion, "malformed HTTP version \(Latin1.string(buf[start..<end]).debugDescription); expected HTTP/1.1", at: start)
        }
        let version = HTTPVersion(major: Int(buf[start + 5] - 0x30), minor: Int(buf[start + 7] - 0x30))
        guard version.major == 1 else {
            throw fail(.versionNotSupported, "\(version) is not supported; this server speaks HTTP/1.1", at: start)
        }
        return version
    }

    /// RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT only), asterisk-form (OPTIONS only).
    func checkTargetForm(_ target: String, method: String, at offset: Int) throws {
        if target.hasPrefix("/") || TargetURL.isAbsolute(target) { return }
        if target == "*" {
            guard method == "OPTIONS" else { throw fail(.requestTarget, "'*' is a request-target for OPTIONS only", at: offset) }
            return
        }
        if method == "CONNECT" { return }
        throw fail(.requestTarget, "request-target must be a path starting with '/' or an absolute URL, not \(target.debugDescription)", at: offset)
    }

    /// What people type: `GET /p`, `/p`, `POST http://host/p HTTP/1.1`, `example.com/p`.
    mutating func lenientRequestLine(_ start: Int, _ end: Int) throws -> RequestLine {
        var parts: [(Int, Int)] = []
        var i = start
        while i < end {
            while i < end && isClass(buf[i], ByteClass.whitespace) { i += 1 }
            let partStart = i
            while i < end && !isClass(buf[i], ByteClass.whitespace) { i += 1 }
            if i > partStart { parts.append((partStart, i)) }
        }
        for (s, e) in parts {
            if let bad = (s..<e).first(where: { buf[$0] < 0x20 || buf[$0] == 0x7F }) {
                throw fail(buf[bad] == .cr ? .lineEnding : .requestLine, "request line contains \(buf[bad] == .cr ? "a bare CR" : "control character \(describe(buf[bad]))")", at: bad)
            }
        }
        var method = "GET"
        var target: String
        var version = HTTPVersion.http11
        var versionPart: (Int, Int)?
        switch parts.count {
        case 1:
            target = text(parts[0])
            notes.append("no method: assumed GET")
        case 2 where text(parts[1]).uppercased().hasPrefix("HTTP/"):
            target = text(parts[0])
            versionPart = parts[1]
            notes.append("no method: assumed GET")
        case 2:
            method = text(parts[0])
            target = text(parts[1])
        case 3 where !text(parts[2]).uppercased().hasPrefix("HTTP/"):
            throw fail(.requestTarget, "request line has a space inside the URL; write it as %20", at: parts[2].0)
        case 3:
            method = text(parts[0])
            target = text(parts[1])
            versionPart = parts[2]
        default:
            throw fail(.requestTarget, "request line has \(parts.count) parts; a space in the URL must be written %20", at: start)
        }
        if let (s, e) = versionPart {
            let written = text((s, e)).uppercased()
            if ["HTTP/2", "HTTP/2.0", "HTTP/3", "HTTP/3.0"].contains(written) {
                notes.append("\(written) request replayed as HTTP/1.1")
            } else {
                version = try httpVersion(s, e)
            }
        } else {
            notes.append("no HTTP version: assumed HTTP/1.1")
        }
        if !method.utf8.allSatisfy({ isClass($0, ByteClass.token) }) {
            throw fail(.method, "method \(method.debugDescription) is not a token", at: start)
        }
        if method != method.uppercased(), Self.knownMethods.contains(method.uppercased()) {
            notes.append("method \(method) written as \(method.uppercased())")
            method = method.uppercased()
        }
        target = repairTarget(target)
        return RequestLine(method: method, target: target, version: version)
    }

    func text(_ part: (Int, Int)) -> String { Latin1.string(buf[part.0..<part.1]) }

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]

    /// `example.com/p` becomes `http://example.com/p` (curl's habit), `polls/` becomes `/polls/`,
    /// and bytes outside visible ASCII are percent-encoded as a browser would.
    mutating func repairTarget(_ target: String) -> String {
        var target = target
        if !target.hasPrefix("/") && !TargetURL.isAbsolute(target) && target != "*" {
            let firstSegment = target.prefix { $0 != "/" && $0 != "?" }
            if firstSegment.contains(".") || firstSegment.contains(":") || firstSegment == "localhost" {
                target = "http://" + target
                notes.append("no scheme: assumed \(target)")
            } else {
                target = "/" + target
                notes.append("path without a leading '/': assumed \(target)")
            }
        }
        if target.unicodeScalars.contains(where: { $0.value > 0x7E }) {
            var encoded = ""
            for scalar in target.unicodeScalars {
                guard scalar.value > 0x7E else {
                    encoded.unicodeScalars.append(scalar)
                    continue
                }
                // The target is a latin-1 native string: each scalar up to U+00FF is one wire byte.
                let bytes = scalar.value <= 0xFF ? [UInt8(scalar.value)] : Array(String(scalar).utf8)
                for byte in bytes { encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
            }
            notes.append("percent-encoded non-ASCII characters in the request-target")
            target = encoded
        }
        return target
    }
}

/// The parts of an absolute-form request-target (`http://host:port/path?query`).
public struct TargetURL: Sendable, Equatable {
    public var scheme: String
    public var authority: String
    /// The origin-form rest: path and query, "/" when empty.
    public var pathAndQuery: String

    public static func isAbsolute(_ target: String) -> Bool {
        let lower = target.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    public init?(_ target: String) {
        guard Self.isAbsolute(target), let colon = target.firstIndex(of: ":") else { return nil }
        scheme = target[..<colon].lowercased()
        let rest = target[target.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        authority = String(rest[..<authorityEnd])
        let tail = rest[authorityEnd...]
        pathAndQuery = tail.hasPrefix("/") ? String(tail) : "/" + tail
    }
}
