import Gateway

extension MessageScanner {
    /// Lenient only: where a hand-written request ends. Without framing, the rest of the input is
    /// the body (trailing line breaks dropped, Content-Length computed) unless another request line
    /// follows, as in a raw capture of pipelined requests. After a framed body, only blank lines or
    /// another request may follow.
    mutating func lenientEnding(_ message: inout RequestMessage, bodyStart: Int, end: Int) throws -> Int {
        let rest = skipBlankLines(from: end)
        if rest >= buf.count { return buf.count }
        if looksLikeRequestLine(at: rest) { return end }
        guard message.framing == .none, isComplete else {
            throw fail(.trailingData, message.framing == .none
                ? "unexpected data after the request head"
                : "\(buf.count - end) bytes follow the body that are not a request; the body's \(message.framing) does not match (drop the header to have it computed)",
                at: rest)
        }
        var bodyEnd = buf.count
        while bodyEnd > bodyStart && (buf[bodyEnd - 1] == .lf || buf[bodyEnd - 1] == .cr) { bodyEnd -= 1 }
        message.body = Array(buf[bodyStart..<bodyEnd])
        if message.body.count > limits.bodySize {
            throw fail(.bodyTooLarge, "body of \(message.body.count) bytes is over the limit of \(limits.bodySize)", at: bodyStart)
        }
        message.framing = .contentLength(message.body.count)
        message.headers.append(name: "Content-Length", value: String(message.body.count))
        notes.append("no Content-Length: computed \(message.body.count) from the body")
        return buf.count
    }

    /// `METHOD SP target SP HTTP/d.d` on one line: the start of a pipelined request, not body text.
    func looksLikeRequestLine(at start: Int) -> Bool {
        guard let lf = findLF(from: start) else { return false }
        var end = lf
        if end > start && buf[end - 1] == .cr { end -= 1 }
        var i = start
        while i < end && isClass(buf[i], ByteClass.token) && buf[i] >= 0x41 && buf[i] <= 0x5A { i += 1 }
        guard i > start, i < end, buf[i] == .sp else { return false }
        i += 1
        let targetStart = i
        while i < end && isClass(buf[i], ByteClass.target) { i += 1 }
        guard i > targetStart, i < end, buf[i] == .sp, end - i == 9 else { return false }
        return Array(buf[(i + 1)..<(i + 6)]) == Array("HTTP/".utf8)
    }

    /// Lenient only: an absolute-form target supplies the Host; a request with none gets the default.
    mutating func repairHost(_ message: inout RequestMessage) {
        if let url = TargetURL(message.target) {
            if let current = message.headers.first("Host") {
                if current != url.authority {
                    notes.append("Host \(current.debugDescription) replaced by the URL's \(url.authority.debugDescription)")
                    message.headers.remove("Host")
                    message.headers.append(name: "Host", value: url.authority)
                }
            } else {
                message.headers.append(name: "Host", value: url.authority)
                notes.append("Host taken from the URL: \(url.authority)")
            }
        } else if !message.headers.contains("Host") {
            message.headers.append(name: "Host", value: parser.defaultHost)
            notes.append("no Host header: assumed \(parser.defaultHost)")
        }
    }
}
