import Synchronization

/// The server side of `start_response`: records status and headers, enforces PEP 3333's rules,
/// and tells the server when headers count as sent (at the first non-empty chunk or at the end).
///
/// A server makes one per request, passes ``startResponse`` to the application and feeds every
/// body chunk through ``send(_:)``.
public final class ResponseStarter: Sendable {
    private struct State {
        var status: String?
        var headers: [ResponseHeader] = []
        var headersSent = false
    }

    private let state = Mutex(State())
    private let output: @Sendable ([UInt8]) throws -> Void

    /// `output` receives the bytes of `write()` calls and of body chunks, in order.
    public init(output: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.output = output
    }

    public var status: String? { state.withLock { $0.status } }
    public var headers: [ResponseHeader] { state.withLock { $0.headers } }
    public var headersSent: Bool { state.withLock { $0.headersSent } }

    public var startResponse: StartResponse {
        StartResponse { [self] status, headers, excInfo in
            try state.withLock { state in
                if let excInfo {
                    if state.headersSent { throw excInfo }
                } else if state.status != nil {
                    throw GatewayError.startResponseCalledTwice
                }
                state.status = status
                state.headers = headers
            }
            return Write { [self] bytes in
                guard self.status != nil else { throw GatewayError.writeBeforeStartResponse }
                try send(bytes)
            }
        }
    }

    /// Passes a chunk on; the first non-empty one marks the headers as sent.
    public func send(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
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
}
