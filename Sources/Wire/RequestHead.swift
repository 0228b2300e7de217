/// The head of a request (request line and header fields) and how its body is framed, read before
/// the body has arrived: what a socket server needs to refuse an oversized body at once, answer
/// `Expect: 100-continue`, and know how many bytes to wait for.
public struct RequestHead: Sendable {
    public var method: String
    public var target: String
    public var version: HTTPVersion
    public var headers: HeaderFields
    public var framing: BodyFraming
    /// Offset just past the empty line that ends the head; the body starts here.
    public var bodyStart: Int

    /// Whether the client waits for `100 Continue` before sending its body (RFC 9110 §10.1.1).
    public var expectsContinue: Bool {
        version == .http11 && headers.values(of: "Expect").contains { $0.lowercased() == "100-continue" }
    }
}

/// What ``RequestParser/parseHead(_:from:)`` found.
public enum HeadOutcome: Sendable {
    /// The head is not complete yet.
    case needMore
    case head(RequestHead)
}

extension RequestParser {
    /// Parses only the request line and header fields starting at `start`, checking the same rules
    /// as ``parse(_:from:isComplete:)`` does for them (framing, Host, limits; a Content-Length over
    /// the body limit is refused here). The body is not looked at.
    public func parseHead(_ input: [UInt8], from start: Int = 0) throws -> HeadOutcome {
        try input.withUnsafeBufferPointer { buffer in
            var scanner = MessageScanner(buffer: buffer, parser: self, isComplete: false)
            return try scanner.head(from: start)
        }
    }
}

/// The request line and field section that both ``RequestParser/parse(_:from:isComplete:)`` and
/// ``RequestParser/parseHead(_:from:)`` start with, checked by the same rules.
struct ScannedHead {
    let requestLine: RequestLine
    let headers: HeaderFields
    let framing: BodyFraming
    /// Where the request line starts (after any empty lines before it).
    let start: Int
    /// Offset just past the empty line that ends the head.
    let end: Int
}

extension MessageScanner {
    mutating func head(from start: Int) throws -> HeadOutcome {
        guard let head = try scanHead(from: start) else { return .needMore }
        return .head(RequestHead(method: head.requestLine.method, target: head.requestLine.target,
                                 version: head.requestLine.version, headers: head.headers,
                                 framing: head.framing, bodyStart: head.end))
    }

    /// Reads the head starting at `start`; nil when the buffer ends before it does. Checks the
    /// framing, Host and a Content-Length over the body limit, before any body byte is read.
    mutating func scanHead(from start: Int) throws -> ScannedHead? {
        var p = start
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
        if strict {
            if p + 1 < buf.count, buf[p] == .cr, buf[p + 1] == .lf { p += 2 }
            else if p < buf.count, buf[p] == .lf { throw fail(.lineEnding, "bare LF before the request-line", at: p) }
            else if p + 1 == buf.count, buf[p] == .cr, !isComplete { return nil }
        } else {
            p = skipBlankLines(from: p)
        }
        if p >= buf.count { return nil }
        let requestStart = p
        guard let (lineEnd, afterLine) = try line(from: p, limit: limits.requestLine, tooLong: .requestLineTooLong) else {
            return nil
        }
        let requestLine = try strict ? strictRequestLine(p, lineEnd) : lenientRequestLine(p, lineEnd)
        guard let (headers, headEnd) = try fieldSection(from: afterLine, base: requestStart, isTrailer: false) else {
            return nil
        }
        let framing = try self.framing(of: headers, version: requestLine.version, headStart: requestStart)
        if strict { try checkHost(headers, requestLine, at: requestStart) }
        if case .contentLength(let length) = framing, length > limits.bodySize {
            throw fail(.bodyTooLarge, "Content-Length \(length) is over the body limit of \(limits.bodySize) bytes", at: headEnd)
        }
        return ScannedHead(requestLine: requestLine, headers: headers, framing: framing, start: requestStart, end: headEnd)
    }
}
