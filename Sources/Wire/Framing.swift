import Gateway

extension MessageScanner {
    /// RFC 9112 §6: where the body ends. Transfer-Encoding and Content-Length together are refused
    /// (the request-smuggling shape), chunked must be the last and only coding, and several
    /// Content-Length values must agree.
    func framing(of headers: HeaderFields, version: HTTPVersion, headStart: Int) throws -> BodyFraming {
        var codings: [String] = []
        var lengths: [Substring] = []
        var sawTransferEncoding = false
        // Errors point at the field that decides them: the later of the two framings, or the value.
        var teOffset = headStart, clOffset = headStart
        let fieldOffset = { (index: Int) in headStart + Int(headers.spans[index].nameStart) }
        for index in headers.indices where headers.spans[index].kind != .other {
            if headers.spans[index].kind == .transferEncoding {
                if !sawTransferEncoding { teOffset = fieldOffset(index) }
                sawTransferEncoding = true
                codings += headers.value(at: index).split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: " \t").lowercased() }.filter { !$0.isEmpty }
            } else if headers.spans[index].kind == .contentLength {
                if lengths.isEmpty { clOffset = fieldOffset(index) }
                lengths += headers.value(at: index).split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: " \t") }
            }
        }
        if sawTransferEncoding {
            if !lengths.isEmpty {
                throw fail(.transferEncoding, "both Transfer-Encoding and Content-Length are present; a request must use one framing", at: max(teOffset, clOffset))
            }
            if version == .http10 {
                throw fail(.transferEncoding, "Transfer-Encoding in an HTTP/1.0 request cannot be trusted", at: teOffset)
            }
            if let unknown = codings.first(where: { !["chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress"].contains($0) }) {
                throw fail(.unknownTransferCoding, "unknown transfer coding \(unknown.debugDescription)", at: teOffset)
            }
            if codings.last != "chunked" {
                throw fail(.transferEncoding, codings.isEmpty ? "Transfer-Encoding is empty" : "chunked must be the final transfer coding, got \(codings.joined(separator: ", "))", at: teOffset)
            }
            if codings.count > 1 {
                if codings.filter({ $0 == "chunked" }).count > 1 {
                    throw fail(.transferEncoding, "chunked is applied more than once", at: teOffset)
                }
                throw fail(.unknownTransferCoding, "transfer coding \(codings[0]) is not implemented; only chunked is", at: teOffset)
            }
            return .chunked
        }
        guard let first = lengths.first else { return .none }
        for value in lengths {
            guard !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw fail(.contentLength, "Content-Length \(String(value).debugDescription) is not a number of bytes", at: clOffset)
            }
            guard value.utf8.count <= 18 else {
                throw fail(.bodyTooLarge, "Content-Length \(value) is beyond any body this server accepts", at: clOffset)
            }
            guard Int(value) == Int(first) else {
                throw fail(.contentLength, "conflicting Content-Length values \(first) and \(value)", at: clOffset)
            }
        }
        return .contentLength(Int(first)!)
    }

    /// RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host, and it must be a valid authority.
    func checkHost(_ headers: HeaderFields, _ line: RequestLine, at offset: Int) throws {
        var count = 0
        for index in headers.indices where headers.spans[index].kind == .host {
            count += 1
            if count > 1 { throw fail(.host, "more than one Host header", at: offset + Int(headers.spans[index].nameStart)) }
            let bad = headers.withBytes(at: index) { _, value in value.firstIndex { !isClass($0, ByteClass.host) }.map { value[$0] } }
            if let bad {
                throw fail(.host, "invalid character \(describe(bad)) in Host \(headers.value(at: index).debugDescription)", at: offset + Int(headers.spans[index].valueStart))
            }
        }
        if count == 0 && line.version == .http11 {
            throw fail(.host, "HTTP/1.1 request without a Host header", at: offset)
        }
    }

    /// RFC 9112 §7.1: chunks of `chunk-size [chunk-ext] CRLF data CRLF`, a last chunk, trailers.
    /// Returns the decoded body, the trailer fields and where the message ends, or nil for more bytes.
    mutating func chunkedBody(from start: Int, headerCount: Int) throws -> ([UInt8], HeaderFields, Int)? {
        var body: [UInt8] = []
        var p = start
        while true {
            guard let (lineEnd, next) = try line(from: p, limit: limits.fieldSize, tooLong: .chunkSize) else { return nil }
            var i = p
            var size = 0
            while i < lineEnd && isClass(buf[i], ByteClass.hex) {
                let byte = buf[i]
                let digit = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
                if size > (limits.bodySize - body.count) >> 4 {
                    throw fail(.bodyTooLarge, "chunked body is over the limit of \(limits.bodySize) bytes", at: i)
                }
                size = size << 4 | Int(digit)
                i += 1
            }
            if i == p {
                throw fail(.chunkSize, p == lineEnd ? "missing chunk size" : "chunk size must be hexadecimal digits, found \(describe(buf[i]))", at: i)
            }
            try chunkExtensions(i, lineEnd)
            p = next
            if size == 0 { break }
            if size > limits.bodySize - body.count {
                throw fail(.bodyTooLarge, "chunked body is over the limit of \(limits.bodySize) bytes", at: p)
            }
            guard p + size <= buf.count else {
                if isComplete { throw fail(.incomplete, "input ends inside a \(size)-byte chunk", at: buf.count) }
                return nil
            }
            body.append(contentsOf: buf[p..<p + size])
            p += size
            if p + 1 < buf.count && buf[p] == .cr && buf[p + 1] == .lf {
                p += 2
            } else if !strict && p < buf.count && buf[p] == .lf {
                p += 1
            } else if p + 1 >= buf.count && (p == buf.count || buf[p] == .cr) {
                if isComplete { throw fail(.incomplete, "input ends before the CRLF after a \(size)-byte chunk", at: buf.count) }
                return nil
            } else {
                throw fail(.chunkData, "chunk data is not followed by CRLF (the chunk size said \(size) bytes)", at: p)
            }
        }
        let fieldLimit = limits.headerCount - headerCount
        guard let (trailers, end) = try fieldSection(from: p, base: p, isTrailer: true) else { return nil }
        if trailers.count > max(0, fieldLimit) {
            throw fail(.tooManyFields, "headers and trailers together exceed \(limits.headerCount) fields", at: p)
        }
        return (body, trailers, end)
    }

    /// `*( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )` with token or quoted-string values.
    func chunkExtensions(_ start: Int, _ end: Int) throws {
        var i = start
        func skipWhitespace() { while i < end && isClass(buf[i], ByteClass.whitespace) { i += 1 } }
        func token() -> Bool {
            let s = i
            while i < end && isClass(buf[i], ByteClass.token) { i += 1 }
            return i > s
        }
        while true {
            let beforeSpace = i
            skipWhitespace()
            if i == end {
                if i > beforeSpace && strict { throw fail(.chunkSize, "whitespace after the chunk size", at: beforeSpace) }
                return
            }
            guard buf[i] == UInt8(ascii: ";") else {
                throw fail(.chunkSize, "invalid character \(describe(buf[i])) after the chunk size", at: i)
            }
            i += 1
            skipWhitespace()
            guard token() else { throw fail(.chunkExtension, "chunk extension without a name", at: i) }
            skipWhitespace()
            guard i < end, buf[i] == UInt8(ascii: "=") else { continue }
            i += 1
            skipWhitespace()
            if i < end && buf[i] == UInt8(ascii: "\"") {
                i += 1
                while i < end && buf[i] != UInt8(ascii: "\"") {
                    if buf[i] == UInt8(ascii: "\\") { i += 1 }
                    else if buf[i] < 0x20 && buf[i] != .tab || buf[i] == 0x7F {
                        throw fail(.chunkExtension, "control character \(describe(buf[i])) in a chunk extension", at: i)
                    }
                    i += 1
                }
                guard i < end else { throw fail(.chunkExtension, "unterminated quoted string in a chunk extension", at: i) }
                i += 1
            } else if !token() {
                throw fail(.chunkExtension, "chunk extension value must be a token or a quoted string", at: i)
            }
        }
    }
}
