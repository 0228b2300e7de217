import NIOCore
import Wire

/// What the decoder hands the connection: a whole request, or what happened on the way to one.
enum DecodedEvent {
    /// The first bytes of a request arrived but not its whole head: the header-read clock starts.
    case started
    /// The head asks for `Expect: 100-continue` and its body has not arrived yet.
    case expectsContinue
    case request(RequestMessage)
    /// The bytes broke a rule; the connection answers `error.status` and closes.
    case failure(ParseError)
}

/// Wire's strict parser over a connection's received bytes: the same parser `shallot run --strict`
/// uses reads the socket, so what a user checks offline is what the server does live.
///
/// A NIO byte-to-message decoder, single-step: the connection drives it through a
/// `NIOSingleStepByteToMessageProcessor` of its own rather than a `ByteToMessageHandler` in the
/// pipeline, so a request reaches the connection without a pipeline hop or an `NIOAny` box.
/// The parser keeps no state between calls; the decoder keeps only the parsed head of a request
/// whose body is still arriving, so a large body is parsed once, when it is complete.
struct RequestDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = DecodedEvent

    private let parser: RequestParser
    /// The head of the request whose body is awaited.
    private var head: RequestHead?
    private var announcedStart = false
    /// The head just parsed asks for `100 Continue`: the next event says so.
    private var continuePending = false
    /// For chunked bodies: how many bytes the last complete-parse attempt saw.
    private var attemptedAt = 0
    private var failed = false

    init(limits: ParserLimits) {
        parser = RequestParser(profile: .strict, limits: limits)
    }

    /// The next event from the front of `buffer`, or nil when more bytes are needed.
    mutating func decode(buffer: inout ByteBuffer) -> DecodedEvent? {
        if failed {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
        if continuePending {
            continuePending = false
            return .expectsContinue
        }
        guard buffer.readableBytes > 0 else { return nil }
        do {
            if let head {
                return try awaitBody(head, buffer: &buffer)
            }
            // The common case, a request without a body or with all of it here: one parse, over
            // the socket buffer itself.
            let parser = self.parser
            let outcome = try buffer.withUnsafeReadableBytes { raw in
                try parser.parse(buffer: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count), isComplete: false)
            }
            if case .request(let message, let end) = outcome {
                return deliver(message, consumed: end, buffer: &buffer)
            }
            let bytes = Array(buffer.readableBytesView)
            switch try parser.parseHead(bytes) {
            case .needMore:
                if !announcedStart && !(bytes.count <= 2 && bytes.allSatisfy { $0 == 13 || $0 == 10 }) {
                    announcedStart = true
                    return .started
                }
                return nil
            case .head(let parsed):
                head = parsed
                attemptedAt = bytes.count
                if !announcedStart {
                    announcedStart = true
                    continuePending = parsed.expectsContinue
                    return .started
                }
                return parsed.expectsContinue ? .expectsContinue : nil
            }
        } catch let error as ParseError {
            return fail(error, buffer: &buffer)
        } catch {
            // The parser throws only ParseError.
            return fail(ParseError(.requestLine, "\(error)", offset: 0, line: 1), buffer: &buffer)
        }
    }

    private mutating func fail(_ error: ParseError, buffer: inout ByteBuffer) -> DecodedEvent {
        failed = true
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .failure(error)
    }

    /// The head is known: wait for Content-Length bytes, or for what may end a chunked body.
    private mutating func awaitBody(_ head: RequestHead, buffer: inout ByteBuffer) throws -> DecodedEvent? {
        switch head.framing {
        case .contentLength(let length):
            guard buffer.readableBytes >= head.bodyStart + length else { return nil }
        case .chunked:
            // A chunked body ends with an empty line; parse again only when one may have arrived,
            // or when the buffer has doubled (bounded work however the client splits its writes).
            let from = max(head.bodyStart, attemptedAt - 3)
            let view = buffer.readableBytesView
            let tail = view[(view.startIndex + from)...]
            var found = false
            if tail.count >= 4 {
                var index = tail.startIndex
                while index + 4 <= tail.endIndex {
                    if view[index] == 13 && view[index + 1] == 10 && view[index + 2] == 13 && view[index + 3] == 10 { found = true; break }
                    index += 1
                }
            }
            guard found || buffer.readableBytes >= 2 * attemptedAt else { return nil }
            attemptedAt = buffer.readableBytes
            // The body limit is checked by the parser as chunks add up.
            if buffer.readableBytes > head.bodyStart + parser.limits.bodySize + 64 * 1024 {
                throw ParseError(.bodyTooLarge, "chunked body is over the limit of \(parser.limits.bodySize) bytes", offset: 0, line: 1)
            }
        case .none:
            break
        }
        let bytes = Array(buffer.readableBytesView)
        guard case .request(let message, let end) = try parser.parse(bytes, isComplete: false) else { return nil }
        return deliver(message, consumed: end, buffer: &buffer)
    }

    private mutating func deliver(_ message: RequestMessage, consumed: Int, buffer: inout ByteBuffer) -> DecodedEvent {
        buffer.moveReaderIndex(forwardBy: consumed)
        head = nil
        announcedStart = false
        attemptedAt = 0
        return .request(message)
    }

    /// The input ended: whole requests still buffered are delivered; a request cut short by the
    /// client's close gets no answer (nobody is left to read it), and nothing more is decoded.
    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) -> DecodedEvent? {
        if let event = decode(buffer: &buffer) { return event }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        failed = true
        return nil
    }
}
