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
/// The parser keeps no state between calls; the decoder keeps only the parsed head of a request
/// whose body is still arriving, so a large body is parsed once, when it is complete. The
/// connection calls it directly with the bytes it has gathered (no pipeline hop, no boxing of
/// each request on the way), and gets the events through `emit`.
struct RequestDecoder {
    enum DecodingState {
        case `continue`, needMoreData
    }

    private let parser: RequestParser
    /// The head of the request whose body is awaited.
    private var head: RequestHead?
    private var announcedStart = false
    /// For chunked bodies: how many bytes the last complete-parse attempt saw.
    private var attemptedAt = 0
    private var failed = false

    init(limits: ParserLimits) {
        parser = RequestParser(profile: .strict, limits: limits)
    }

    /// Decodes at most one request from the front of `buffer` (and the events leading to it):
    /// `.continue` when another may follow.
    mutating func decode(buffer: inout ByteBuffer, emit: (DecodedEvent) -> Void) -> DecodingState {
        if failed {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        guard buffer.readableBytes > 0 else { return .needMoreData }
        do {
            if let head {
                return try awaitBody(head, buffer: &buffer, emit: emit)
            }
            // The common case, a request without a body or with all of it here: one parse, over
            // the socket buffer itself.
            let parser = self.parser
            let outcome = try buffer.withUnsafeReadableBytes { raw in
                try parser.parse(buffer: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count), isComplete: false)
            }
            if case .request(let message, let end) = outcome {
                deliver(message, consumed: end, buffer: &buffer, emit: emit)
                return .continue
            }
            let bytes = Array(buffer.readableBytesView)
            switch try parser.parseHead(bytes) {
            case .needMore:
                if !announcedStart && !(bytes.count <= 2 && bytes.allSatisfy { $0 == 13 || $0 == 10 }) {
                    announcedStart = true
                    emit(.started)
                }
                return .needMoreData
            case .head(let parsed):
                head = parsed
                if !announcedStart {
                    announcedStart = true
                    emit(.started)
                }
                if parsed.expectsContinue { emit(.expectsContinue) }
                attemptedAt = bytes.count
                return .needMoreData
            }
        } catch let error as ParseError {
            failed = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
            emit(.failure(error))
            return .needMoreData
        } catch {
            // The parser throws only ParseError.
            failed = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
            emit(.failure(ParseError(.requestLine, "\(error)", offset: 0, line: 1)))
            return .needMoreData
        }
    }

    /// The head is known: wait for Content-Length bytes, or for what may end a chunked body.
    private mutating func awaitBody(_ head: RequestHead, buffer: inout ByteBuffer, emit: (DecodedEvent) -> Void) throws -> DecodingState {
        switch head.framing {
        case .contentLength(let length):
            guard buffer.readableBytes >= head.bodyStart + length else { return .needMoreData }
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
            guard found || buffer.readableBytes >= 2 * attemptedAt else { return .needMoreData }
            attemptedAt = buffer.readableBytes
            // The body limit is checked by the parser as chunks add up.
            if buffer.readableBytes > head.bodyStart + parser.limits.bodySize + 64 * 1024 {
                throw ParseError(.bodyTooLarge, "chunked body is over the limit of \(parser.limits.bodySize) bytes", offset: 0, line: 1)
            }
        case .none:
            break
        }
        let bytes = Array(buffer.readableBytesView)
        guard case .request(let message, let end) = try parser.parse(bytes, isComplete: false) else { return .needMoreData }
        deliver(message, consumed: end, buffer: &buffer, emit: emit)
        return .continue
    }

    private mutating func deliver(_ message: RequestMessage, consumed: Int, buffer: inout ByteBuffer, emit: (DecodedEvent) -> Void) {
        buffer.moveReaderIndex(forwardBy: consumed)
        head = nil
        announcedStart = false
        attemptedAt = 0
        emit(.request(message))
    }

    /// The input ended: whole requests still buffered are delivered; a request cut short by the
    /// client's close gets no answer (nobody is left to read it), and nothing more is decoded.
    mutating func decodeLast(buffer: inout ByteBuffer, emit: (DecodedEvent) -> Void) {
        while decode(buffer: &buffer, emit: emit) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        failed = true
    }
}
