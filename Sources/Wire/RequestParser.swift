import Gateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which grammar the parser holds a request to.
public enum ParserProfile: String, Sendable, CaseIterable {
    /// RFC 9112 as a server must read a socket: CRLF only, no obs-fold, exact framing.
    case strict
    /// What people write by hand in files and the REPL: bare LF, no version, no method, no Host,
    /// no Content-Length; every assumption is recorded in the message's notes.
    case lenient
}

/// Size limits, with gunicorn's defaults; each has its own status when exceeded.
public struct ParserLimits: Sendable, Equatable {
    /// Longest request line in bytes (gunicorn `--limit-request-line`): 414 beyond it.
    public var requestLine = 4094
    /// Most header fields (gunicorn `--limit-request-fields`): 431 beyond it.
    public var headerCount = 100
    /// Longest header field line (gunicorn `--limit-request-field_size`): 431 beyond it.
    public var fieldSize = 8190
    /// Largest body after transfer decoding: 413 beyond it.
    public var bodySize = 64 * 1024 * 1024

    public init() {}
}

/// The one HTTP/1.1 request parser behind every entry point: files, stdin, the REPL and sockets.
///
/// Call ``parse(_:from:isComplete:)`` with a buffer; it returns a whole request and where the next
/// one starts, asks for more bytes, or throws a ``ParseError`` naming the broken rule. It keeps no
/// state between calls, so a socket reader simply calls again when more bytes arrive.
public struct RequestParser: Sendable {
    public var profile: ParserProfile
    public var limits: ParserLimits
    /// The Host the lenient profile fills in when a request has none.
    public var defaultHost: String

    public init(profile: ParserProfile, limits: ParserLimits = ParserLimits(), defaultHost: String = "localhost") {
        self.profile = profile
        self.limits = limits
        self.defaultHost = defaultHost
    }

    /// Parses the request starting at `start`.
    ///
    /// `isComplete` says no more bytes will follow: a request cut short is then an error
    /// (`incomplete-message`) instead of `.needMore`, and the lenient profile may take the rest of
    /// the input as the body. Blank input (or only blank lines) gives `.needMore`.
    public func parse(_ input: [UInt8], from start: Int = 0, isComplete: Bool) throws -> ParseOutcome {
        try input.withUnsafeBufferPointer { try parse(buffer: $0, from: start, isComplete: isComplete) }
    }

    /// The same over bytes the caller holds (a socket buffer), without copying them first; the
    /// message returned owns copies of what it needs.
    public func parse(buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, isComplete: Bool) throws -> ParseOutcome {
        var scanner = MessageScanner(buffer: buffer, parser: self, isComplete: isComplete)
        return try scanner.message(from: start)
    }

    /// Parses every request in a complete input, pipelined one after another.
    public func parseAll(_ input: [UInt8]) throws -> [RequestMessage] {
        var messages: [RequestMessage] = []
        var offset = 0
        while case .request(let message, let end) = try parse(input, from: offset, isComplete: true) {
            messages.append(message)
            offset = end
        }
        return messages
    }
}

/// One pass over a buffer. Offsets are absolute; `fail` turns one into a line number.
struct MessageScanner {
    let buf: UnsafeBufferPointer<UInt8>
    let parser: RequestParser
    let isComplete: Bool
    let classes = ByteClass.pointer
    var notes: [String] = []

    init(buffer: UnsafeBufferPointer<UInt8>, parser: RequestParser, isComplete: Bool) {
        self.buf = buffer
        self.parser = parser
        self.isComplete = isComplete
    }

    var strict: Bool { parser.profile == .strict }
    var limits: ParserLimits { parser.limits }

    func fail(_ rule: ParseRule, _ message: String, at offset: Int) -> ParseError {
        let offset = min(offset, buf.count)
        var lineStart = offset
        while lineStart > 0 && buf[lineStart - 1] != .lf { lineStart -= 1 }
        return ParseError(rule, message, offset: offset, line: lineNumber(at: offset), column: offset - lineStart + 1)
    }

    @inline(__always) func isClass(_ byte: UInt8, _ cls: UInt8) -> Bool {
        classes[Int(byte)] & cls != 0
    }

    /// The index of the next LF at or after `from`, if any (memchr: the C library's vector search).
    func findLF(from: Int) -> Int? {
        guard from < buf.count, let base = buf.baseAddress,
              let found = memchr(base + from, Int32(UInt8.lf), buf.count - from) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// The end of the line starting at `start` (excluding CR LF) and where the next line starts;
    /// nil when the buffer holds no whole line yet. Enforces the line-ending rules.
    func line(from start: Int, limit: Int, tooLong: ParseRule) throws -> (end: Int, next: Int)? {
        guard let lf = findLF(from: start) else {
            if buf.count - start > limit + 1 { throw fail(tooLong, "line longer than \(limit) bytes", at: start) }
            if isComplete && !strict && start < buf.count {
                // Hand-written input may end without a final line break.
                let end = buf[buf.count - 1] == .cr ? buf.count - 1 : buf.count
                if end - start > limit { throw fail(tooLong, "line is \(end - start) bytes, over the limit of \(limit)", at: start) }
                return (end, buf.count)
            }
            if isComplete { throw fail(.incomplete, "input ends in the middle of a line", at: buf.count) }
            return nil
        }
        var end = lf
        if end > start && buf[end - 1] == .cr {
            end -= 1
        } else if strict {
            throw fail(.lineEnding, "line ends with a bare LF; HTTP/1.1 lines end with CRLF", at: lf)
        }
        if end - start > limit { throw fail(tooLong, "line is \(end - start) bytes, over the limit of \(limit)", at: start) }
        return (end, lf + 1)
    }

    mutating func message(from start: Int) throws -> ParseOutcome {
        guard let head = try scanHead(from: start) else { return .needMore }
        let (requestLine, headers, framing, requestStart, headEnd) =
            (head.requestLine, head.headers, head.framing, head.start, head.end)

        var body: [UInt8] = []
        var trailers = HeaderFields()
        var end = headEnd
        switch framing {
        case .contentLength(let length):
            if headEnd + length > buf.count {
                if isComplete {
                    throw fail(.incomplete, "body is shorter than its Content-Length: \(length) declared, \(buf.count - headEnd) present", at: buf.count)
                }
                return .needMore
            }
            body = Array(buf[headEnd..<headEnd + length])
            end = headEnd + length
        case .chunked:
            guard let decoded = try chunkedBody(from: headEnd, headerCount: headers.count) else { return .needMore }
            (body, trailers, end) = decoded
        case .none:
            break
        }

        var message = RequestMessage(
            method: requestLine.method, target: requestLine.target, version: requestLine.version,
            headers: headers, body: body, trailers: trailers, framing: framing, notes: [],
            offset: requestStart, line: 0)
        if !strict {
            end = try lenientEnding(&message, bodyStart: headEnd, end: end)
            repairHost(&message)
        }
        message.notes = notes
        message.line = lineNumber(at: requestStart)
        return .request(message, end: end)
    }

    /// Parses field lines up to the empty line; returns them (over a copy of the bytes from `base`)
    /// and the offset after the empty line, or nil when the buffer ends first.
    mutating func fieldSection(from start: Int, base: Int, isTrailer: Bool) throws -> (HeaderFields, Int)? {
        var spans: [HeaderFields.Span] = []
        var folds: [Int: [UInt8]] = [:]
        spans.reserveCapacity(16)
        var p = start
        let section = isTrailer ? "trailer" : "header"
        while true {
            // Lenient input may end right after the last field line, without the empty line.
            let lineEnd: Int, next: Int
            var clean = false
            if let fast = cleanLine(from: p, limit: limits.fieldSize) {
                (lineEnd, next) = fast
                clean = true
            } else if !strict && isComplete && p == buf.count {
                (lineEnd, next) = (p, p)
            } else {
                guard let found = try line(from: p, limit: limits.fieldSize, tooLong: .fieldTooLarge) else { return nil }
                (lineEnd, next) = found
            }
            if lineEnd == p {
                var fields = HeaderFields(storage: Array(buf[base..<p]))
                fields.spans = spans
                for (index, value) in folds { fields.setValue(at: index, value) }
                return (fields, next)
            }
            if isClass(buf[p], ByteClass.whitespace) {
                guard !spans.isEmpty else {
                    throw fail(isTrailer ? .trailerSection : .fieldLine,
                               "whitespace at the start of the first \(section) line (RFC 9112 §2.2 forbids it after the start-line)", at: p)
                }
                if strict { throw fail(.obsFold, "\(section) line starts with whitespace: obsolete line folding is not allowed", at: p) }
                let last = spans.count - 1
                let current = folds[last] ?? Array(buf[(base + Int(spans[last].valueStart))..<(base + Int(spans[last].valueEnd))])
                folds[last] = try fold(current, p, lineEnd)
                p = next
                continue
            }
            if spans.count >= limits.headerCount {
                throw fail(.tooManyFields, "more than \(limits.headerCount) \(section) fields", at: p)
            }
            var span = try fieldLine(p, lineEnd, base: base, isTrailer: isTrailer, valueChecked: clean)
            if !isTrailer { span.kind = fieldKind(p, span) }
            spans.append(span)
            p = next
        }
    }

    /// `field-name ":" OWS field-value OWS`
    mutating func fieldLine(_ start: Int, _ end: Int, base: Int, isTrailer: Bool, valueChecked: Bool = false) throws -> HeaderFields.Span {
        var i = start
        while i < end && isClass(buf[i], ByteClass.token) { i += 1 }
        let nameEnd = i
        if i < end && isClass(buf[i], ByteClass.whitespace) && nameEnd > start {
            // Only whitespace followed by the colon is "before the colon"; `Na me:` is a bad name.
            var colon = i
            while colon < end && isClass(buf[colon], ByteClass.whitespace) { colon += 1 }
            if colon < end && buf[colon] == .colon {
                if strict {
                    throw fail(.whitespaceBeforeColon, "whitespace between the field name and the colon", at: i)
                }
                notes.append("removed whitespace before the colon in \(Latin1.string(buf[start..<nameEnd]).debugDescription)")
                i = colon
            } else if colon == end {
                i = end  // a name and trailing whitespace: a line without a colon
            }
        }
        guard nameEnd > start, i < end, buf[i] == .colon else {
            if nameEnd == start || i < end {
                let byte = i < end ? buf[i] : 0
                if nameEnd == start && i < end && byte == .colon {
                    throw fail(.fieldName, "empty field name", at: i)
                }
                if i < end { throw fail(.fieldName, "invalid character \(describe(byte)) in field name", at: i) }
            }
            throw fail(.fieldLine, "field line has no colon", at: start)
        }
        i += 1
        while i < end && isClass(buf[i], ByteClass.whitespace) { i += 1 }
        let valueStart = i
        if !valueChecked { try checkFieldValue(valueStart, end) }
        var valueEnd = end
        while valueEnd > valueStart && isClass(buf[valueEnd - 1], ByteClass.whitespace) { valueEnd -= 1 }
        return HeaderFields.Span(nameStart: Int32(start - base), nameEnd: Int32(nameEnd - base),
                                 valueStart: Int32(valueStart - base), valueEnd: Int32(valueEnd - base))
    }

    /// The first byte at or after `start` that is a control character (below 0x20, or 0x7F), or
    /// `end`: eight bytes at a time, since almost every byte of a head is visible text.
    func firstControl(from start: Int, to end: Int) -> Int {
        var i = start
        if let base = buf.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= end {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let below20 = (word &- ones &* 0x20) & ~word & highs
                let del = word ^ (ones &* 0x7F)
                let is7F = (del &- ones) & ~del & highs
                if below20 | is7F != 0 { break }
                i += 8
            }
        }
        while i < end && buf[i] >= 0x20 && buf[i] != 0x7F { i += 1 }
        return i
    }

    /// The fast path for a line: when its first control character is the CR of its CRLF, the
    /// line is found and holds no control characters at all, in one pass. Anything else (a tab,
    /// a bare LF, a CTL, the end of the buffer, an overlong line) is left to ``line(from:limit:tooLong:)``.
    func cleanLine(from start: Int, limit: Int) -> (end: Int, next: Int)? {
        let stop = firstControl(from: start, to: min(buf.count, start + limit + 2))
        guard stop + 1 < buf.count, stop - start <= limit, buf[stop] == .cr, buf[stop + 1] == .lf else { return nil }
        return (stop, stop + 2)
    }

    func checkFieldValue(_ start: Int, _ end: Int) throws {
        var i = firstControl(from: start, to: end)
        while i < end {
            if !isClass(buf[i], ByteClass.fieldValue) {
                let what = buf[i] == .cr ? "a bare CR" : "control character \(describe(buf[i]))"
                throw fail(buf[i] == .cr ? .lineEnding : .fieldValue, "field value contains \(what)", at: i)
            }
            i += 1
        }
    }

    /// Lenient only: an obs-fold continuation joined onto the value before it with one space.
    mutating func fold(_ value: [UInt8], _ start: Int, _ end: Int) throws -> [UInt8] {
        var i = start
        while i < end && isClass(buf[i], ByteClass.whitespace) { i += 1 }
        try checkFieldValue(i, end)
        var end = end
        while end > i && isClass(buf[end - 1], ByteClass.whitespace) { end -= 1 }
        notes.append("joined a folded (obs-fold) header line onto the previous field")
        return value + [.sp] + buf[i..<end]
    }

    /// Content-Length, Transfer-Encoding or Host, compared case-insensitively on the bytes.
    func fieldKind(_ start: Int, _ span: HeaderFields.Span) -> HeaderFields.Kind {
        let length = Int(span.nameEnd - span.nameStart)
        let name: StaticString, kind: HeaderFields.Kind
        switch length {
        case 4: (name, kind) = ("host", .host)
        case 14: (name, kind) = ("content-length", .contentLength)
        case 17: (name, kind) = ("transfer-encoding", .transferEncoding)
        default: return .other
        }
        let expected = name.utf8Start
        for k in 0..<length where buf[start + k].asciiLowercased != expected[k] { return .other }
        return kind
    }

    /// The 1-based line of an offset.
    func lineNumber(at offset: Int) -> Int {
        var line = 1
        for i in 0..<min(offset, buf.count) where buf[i] == .lf { line += 1 }
        return line
    }

    func skipBlankLines(from start: Int) -> Int {
        var p = start
        var lineStart = start
        while p < buf.count {
            switch buf[p] {
            case .lf: p += 1; lineStart = p
            case .cr, .sp, .tab: p += 1
            default: return lineStart
            }
        }
        return p
    }

    func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16, uppercase: true).leftPadded(2)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
