import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bounded pool of threads that run the synchronous callable (gunicorn's gthread model):
/// `threads` run requests, `queueSize` more may wait, and anything beyond is refused at once so
/// the connection can answer 503 instead of queueing without end. The event loop never runs
/// application code; it only submits here.
///
/// A worker is woken only when one is asleep: under load the threads go from one request to the
/// next without a system call between them.
public final class WorkerPool: @unchecked Sendable {
    // Everything below is guarded by `mutex`; the threads are only joined in `shutdown()`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue = CircularBuffer<any PoolJob>(initialCapacity: 64)
    private var admitted = 0
    private var idle = 0
    private var stopping = false
    private var handles: [pthread_t] = []
    private let capacity: Int
    public let threads: Int

    public init(threads: Int, queueSize: Int) {
        self.threads = max(1, threads)
        capacity = self.threads + max(0, queueSize)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 0..<self.threads {
            let box = Unmanaged.passRetained(WorkerStart(pool: self, index: index))
            var handle = pthread_t()
            let created = pthread_create(&handle, nil, { argument in
                let start = Unmanaged<WorkerStart>.fromOpaque(argument!).takeRetainedValue()
                start.pool.work(worker: start.index)
                return nil
            }, box.toOpaque())
            precondition(created == 0, "cannot start worker thread \(index): \(created)")
            handles.append(handle)
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Requests running or waiting now.
    public var load: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return admitted
    }

    /// Runs `work` on a worker thread, or returns false without running it when the pool and its
    /// queue are full (or the pool is shut down).
    public func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        submit(ClosureJob(work))
    }

    /// Runs `job.run()` on a worker thread, or returns false without running it when the pool
    /// and its queue are full (or the pool is shut down). A job that is its own object costs no
    /// closure context on the way.
    func submit(_ job: any PoolJob) -> Bool {
        pthread_mutex_lock(mutex)
        guard admitted < capacity, !stopping else {
            pthread_mutex_unlock(mutex)
            return false
        }
        admitted += 1
        queue.append(job)
        let wake = idle > 0
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return true
    }

    private func work(worker: Int) {
        pthread_mutex_lock(mutex)
        while true {
            while queue.isEmpty && !stopping {
                idle += 1
                pthread_cond_wait(condition, mutex)
                idle -= 1
            }
            guard let next = queue.popFirst() else { break }  // stopping, and nothing left
            pthread_mutex_unlock(mutex)
            next.run(worker: worker)
            pthread_mutex_lock(mutex)
            admitted -= 1
        }
        pthread_mutex_unlock(mutex)
    }

    /// Stops the threads once the work already submitted is done.
    public func shutdown() {
        pthread_mutex_lock(mutex)
        let alreadyStopping = stopping
        stopping = true
        let joining = handles
        handles = []
        pthread_mutex_unlock(mutex)
        guard !alreadyStopping else { return }
        pthread_cond_broadcast(condition)
        for handle in joining { pthread_join(handle, nil) }
    }
}

/// Work for the pool: an object, so that queueing it moves one reference.
protocol PoolJob: AnyObject, Sendable {
    /// Runs on worker thread number `worker` (0 ..< threads), which runs one job at a time.
    func run(worker: Int)
}

/// A closure as a pool job.
private final class ClosureJob: PoolJob {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    func run(worker: Int) { work() }
}

/// What a new worker thread is started with.
private final class WorkerStart {
    let pool: WorkerPool
    let index: Int
    init(pool: WorkerPool, index: Int) {
        self.pool = pool
        self.index = index
    }
}
