/// The HTTP version of a request line.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http11 = HTTPVersion(major: 1, minor: 1)
    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the parser found the end of the body (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable, CustomStringConvertible {
    /// No Content-Length and no Transfer-Encoding: no body.
    case none
    case contentLength(Int)
    case chunked

    public var description: String {
        switch self {
        case .none: "none"
        case .contentLength(let n): "Content-Length: \(n)"
        case .chunked: "chunked"
        }
    }
}

/// One parsed request: what the parser saw, before it becomes an environ.
public struct RequestMessage: Sendable {
    public var method: String
    /// The request-target exactly as sent (after lenient repairs, if any).
    public var target: String
    public var version: HTTPVersion
    public var headers: HeaderFields
    /// The body, with any chunked transfer coding removed.
    public var body: [UInt8]
    public var trailers: HeaderFields
    public var framing: BodyFraming
    /// What the lenient profile assumed or repaired, one sentence each ("no HTTP version: assumed HTTP/1.1").
    public var notes: [String]
    /// Where the request starts in the input (after any blank lines before it).
    public var offset: Int
    public var line: Int

    /// Whether the connection should stay open after this request (RFC 9112 §9.3).
    public var keepAlive: Bool {
        let tokens = headers.values(of: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: " \t").lowercased() }
        if version == .http10 { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }
}

/// The result of one parse step over a buffer.
public enum ParseOutcome: Sendable {
    /// The buffer ends before the request does; call again with more bytes.
    case needMore
    /// A whole request, and the offset just past it, where the next one (pipelined) starts.
    case request(RequestMessage, end: Int)
}

extension StringProtocol {
    /// The text without the given characters at either end (Wire does without Foundation).
    func trimmingCharacters(in set: String) -> Substring {
        var s = self[...]
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return Substring(s)
    }
}
