import NIOPosix
import Synchronization

/// The bounded pool of threads that run the synchronous callable (gunicorn's gthread model):
/// `threads` run requests, `queueSize` more may wait, and anything beyond is refused at once so
/// the connection can answer 503 instead of queueing without end. The event loop never runs
/// application code; it only submits here.
public final class WorkerPool: Sendable {
    private let pool: NIOThreadPool
    private let capacity: Int
    private let admitted = Atomic<Int>(0)
    public let threads: Int

    public init(threads: Int, queueSize: Int) {
        self.threads = max(1, threads)
        capacity = self.threads + max(0, queueSize)
        pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
    }

    /// Requests running or waiting now.
    public var load: Int { admitted.load(ordering: .relaxed) }

    /// Runs `work` on a worker thread, or returns false without running it when the pool and its
    /// queue are full.
    public func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        let before = admitted.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
        guard before < capacity else {
            admitted.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        pool.submit { [self] state in
            defer { admitted.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
            if case .active = state { work() }
        }
        return true
    }

    /// Stops the threads once the work already submitted is done.
    public func shutdown() {
        try? pool.syncShutdownGracefully()
    }
}
