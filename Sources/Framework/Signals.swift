import Gateway

import Synchronization

/// A Django signal: receivers connected once (usually at start-up), sent to synchronously.
/// Thread-safe: `serve` sends from several worker threads.
public final class Signal<Payload>: Sendable {
    public typealias Receiver = @Sendable (Payload) -> Void
    public let name: String
    private let receivers = Mutex<[(id: String, receiver: Receiver)]>([])
    /// How many receivers are connected, kept beside the list (under its lock) so that sending
    /// to none, what most requests do, takes neither the lock nor a copy of the list.
    private let count = Atomic<Int>(0)

    public init(_ name: String) { self.name = name }

    /// Connects a receiver; a second connect with the same `id` replaces the first (dispatch_uid).
    public func connect(id: String, _ receiver: @escaping Receiver) {
        receivers.withLock { list in
            list.removeAll { $0.id == id }
            list.append((id, receiver))
            count.store(list.count, ordering: .releasing)
        }
    }

    public func disconnect(id: String) {
        receivers.withLock { list in
            list.removeAll { $0.id == id }
            count.store(list.count, ordering: .releasing)
        }
    }

    public func send(_ payload: Payload) {
        guard count.load(ordering: .acquiring) > 0 else { return }
        for entry in receivers.withLock({ $0 }) { entry.receiver(payload) }
    }
}

/// The request signals of `django.core.signals`.
public enum RequestSignals {
    /// request_started: sent with the environ before the request is built.
    public static let requestStarted = Signal<Environ>("request_started")
    /// request_finished: sent when the response's body is closed.
    public static let requestFinished = Signal<Void>("request_finished")
    /// got_request_exception: sent with the request (when built) and the error, before a 500.
    public static let gotRequestException = Signal<(request: HTTPRequest?, error: any Error)>("got_request_exception")
}


