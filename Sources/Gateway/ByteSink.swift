import Synchronization

/// A thread-safe growing byte buffer: where an in-process server collects a body.
public final class ByteSink: Sendable {
    private let storage = Mutex<[UInt8]>([])
    public init() {}
    public func append(_ bytes: [UInt8]) { storage.withLock { $0.append(contentsOf: bytes) } }
    public var bytes: [UInt8] { storage.withLock { $0 } }
}
