import Synchronization

/// A thread-safe growing byte buffer: where an in-process server collects a body.
public final class ByteSink: Sendable {
    private let storage = Mutex<[UInt8]>([])
    public init() {}
    public func append(_ bytes: [UInt8]) {
        storage.withLock { stored in
            // The first chunk is kept as it is (shared, not copied): most bodies are one chunk.
            if stored.isEmpty { stored = bytes } else { stored.append(contentsOf: bytes) }
        }
    }
    public var bytes: [UInt8] { storage.withLock { $0 } }
}
