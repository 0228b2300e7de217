import Synchronization

/// The server side of `start_response`: records status and headers, enforces PEP 3333's rules,
/// and tells the server when headers count as sent (at the first non-empty chunk or at the end).
///
/// A server makes one per request, passes ``startResponse`` to the application and feeds every
/// body chunk through ``send(_:)``. It is itself the `start_response` and `write` the
/// application calls (a ``StartResponseTarget``), so a request makes no closures for them.
public final class ResponseStarter: StartResponseTarget {
    private struct State {
        var status: String?
        var headers: [ResponseHeader] = []
        var headersSent = false
        /// The chunks so far, when collecting (no `output`).
        var collected: [UInt8] = []
    }

    private let state = Mutex(State())
    /// Where chunks go; nil when the starter collects them itself (`init()`).
    private let output: (@Sendable ([UInt8]) throws -> Void)?

    /// `output` receives the bytes of `write()` calls and of body chunks, in order.
    public init(output: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.output = output
    }

    /// A starter that keeps the bytes of `write()` calls and body chunks itself, in order
    /// (`collected`): what an in-process run needs, in one object.
    public init() {
        output = nil
    }

    public var status: String? { state.withLock { $0.status } }
    public var headers: [ResponseHeader] { state.withLock { $0.headers } }
    public var headersSent: Bool { state.withLock { $0.headersSent } }
    /// The bytes kept by a collecting starter (empty otherwise).
    public var collected: [UInt8] { state.withLock { $0.collected } }

    public var startResponse: StartResponse { StartResponse(target: self) }

    public func startResponse(_ status: String, _ headers: [ResponseHeader], excInfo: (any Error)?) throws {
        try state.withLock { state in
            if let excInfo {
                if state.headersSent { throw excInfo }
            } else if state.status != nil {
                throw GatewayError.startResponseCalledTwice
            }
            state.status = status
            state.headers = headers
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        guard status != nil else { throw GatewayError.writeBeforeStartResponse }
        try send(bytes)
    }

    /// Passes a chunk on; the first non-empty one marks the headers as sent.
    public func send(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        guard let output else {
            try state.withLock { state in
                guard state.status != nil else { throw GatewayError.startResponseNotCalled }
                state.headersSent = true
                // The first chunk is kept as it is (shared, not copied): most bodies are one chunk.
                if state.collected.isEmpty { state.collected = bytes } else { state.collected.append(contentsOf: bytes) }
            }
            return
        }
        try state.withLock { state in
            guard state.status != nil else { throw GatewayError.startResponseNotCalled }
            state.headersSent = true
        }
        try output(bytes)
    }

    /// The body ended: headers go out now if nothing did. Throws if the application never started a response.
    public func finish() throws {
        try state.withLock { state in
            guard state.status != nil else { throw GatewayError.startResponseNotCalled }
            state.headersSent = true
        }
    }

    /// A collecting starter's answer: status, headers and the bytes kept, moved out of it (the
    /// starter keeps none of them afterwards: the last thing `collect` asks of it).
    func takeCompleted() -> CompletedResponse {
        state.withLock { state in
            var headers: [ResponseHeader] = [], body: [UInt8] = []
            swap(&headers, &state.headers)
            swap(&body, &state.collected)
            return CompletedResponse(status: state.status ?? "", headers: headers, body: body)
        }
    }
}
