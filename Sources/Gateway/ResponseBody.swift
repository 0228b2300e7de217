/// The iterable a WSGI application returns: the response body as byte chunks, then `close()`.
///
/// The server pulls chunks with ``next()`` until it returns nil and must call ``close()`` exactly
/// once afterwards, whether iteration finished, threw, or was abandoned (a client went away).
/// ``drain(_:)`` does that for callers that consume a whole body.
public protocol ResponseBody: AnyObject {
    /// The next chunk, or nil when the body is complete. An empty chunk is allowed and means nothing.
    func next() throws -> [UInt8]?
    /// Releases what the body holds; `request_finished` hangs off this in the framework.
    func close()
}

extension ResponseBody {
    /// Calls `each` with every chunk, and `close()` afterwards even when iteration or `each` throws.
    public func drain(_ each: ([UInt8]) throws -> Void) throws {
        defer { close() }
        while let chunk = try next() { try each(chunk) }
    }
}

/// A body made of chunks already in memory, with an optional action when it is closed.
public final class ChunkedBody: ResponseBody {
    private var chunks: [[UInt8]]
    private var index = 0
    private let onClose: (() -> Void)?

    public init(_ chunks: [[UInt8]], onClose: (() -> Void)? = nil) {
        self.chunks = chunks
        self.onClose = onClose
    }

    public convenience init(_ text: String, onClose: (() -> Void)? = nil) {
        self.init([Array(text.utf8)], onClose: onClose)
    }

    public func next() -> [UInt8]? {
        guard index < chunks.count else { return nil }
        defer { index += 1 }
        return chunks[index]
    }

    public func close() { onClose?() }
}

/// A body produced on demand by a closure, for streaming responses.
public final class GeneratedBody: ResponseBody {
    private let produce: () throws -> [UInt8]?
    private let onClose: (() -> Void)?

    public init(onClose: (() -> Void)? = nil, _ produce: @escaping () throws -> [UInt8]?) {
        self.produce = produce
        self.onClose = onClose
    }

    public func next() throws -> [UInt8]? { try produce() }
    public func close() { onClose?() }
}
