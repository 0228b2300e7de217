import Gateway
import NIOCore
import Synchronization
import Wire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every connection of one server shares: the configuration, the callable, the worker pool,
/// the logs, and whether the server is draining for shutdown. Immutable or thread-safe throughout.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let application: Application
    let pool: WorkerPool
    let accessLog: AccessLog?
    let errorLog: LogSink
    let date = HTTPDate()
    let connections = ConnectionRegistry()
    private let drainingFlag = Atomic<Bool>(false)
    let environOptions: EnvironOptions
    let forwarded: ForwardedPolicy
    /// One per worker thread, indexed by the pool's worker number.
    let workerLocals: [WorkerLocal]

    init(configuration: ServerConfiguration, application: @escaping Application) throws(LogSinkError) {
        self.configuration = configuration
        var application = application
        if let statics = configuration.staticFiles {
            application = StaticFiles(configuration: statics).wrap(application)
        }
        self.application = application
        if let path = configuration.accessLog {
            accessLog = AccessLog(format: configuration.accessLogFormat, sink: try LogSink(path: path, standardStream: 1))
        } else {
            accessLog = nil
        }
        let errorLog = try LogSink(path: configuration.errorLog, standardStream: 2)
        self.errorLog = errorLog
        // Threads last: nothing after this may fail and leave them waiting for work.
        pool = WorkerPool(threads: configuration.threads, queueSize: configuration.queueSize)
        var options = EnvironOptions()
        options.scriptName = configuration.scriptName
        options.serverSoftware = configuration.serverSoftware
        options.multithread = configuration.threads > 1
        options.multiprocess = configuration.multiprocess
        environOptions = options
        forwarded = ForwardedPolicy(allowed: configuration.forwardedAllowIPs)
        workerLocals = (0..<pool.threads).map { _ in WorkerLocal(errorLog: errorLog) }
    }

    var isDraining: Bool { drainingFlag.load(ordering: .acquiring) }
    func startDraining() { drainingFlag.store(true, ordering: .releasing) }

    /// One error-log line in gunicorn's shape: `[time] [pid] [LEVEL] message`.
    func logError(_ level: String, _ message: String) {
        if let parsed = LogLevel(tag: level), parsed < configuration.logLevel { return }
        errorLog.write("\(HTTPDate.errorLogTime()) [\(getpid())] [\(level)] \(message)")
    }
}

/// `wsgi.errors` for served requests: what the application writes goes to the error log.
final class LogErrorStream: ErrorStream {
    let sink: LogSink
    init(sink: LogSink) { self.sink = sink }
    func write(_ text: String) { sink.write(text) }
    func flush() {}
    var displayDescription: String { "<shallot.errors>" }
}

/// What one worker thread keeps for itself, so that answering a request touches nothing another
/// worker touches at the same time (a shared object's reference count or lock moves between cores
/// on every use): its own `wsgi.errors` object and its own Date header, formatted once a second.
final class WorkerLocal: @unchecked Sendable {  // used only by its own worker thread
    let errors: LogErrorStream
    private var dateSecond = -1
    private var dateText = ""

    init(errorLog: LogSink) { errors = LogErrorStream(sink: errorLog) }

    /// The Date header value now, from the coarse real-time clock (a few milliseconds behind at
    /// worst, well inside the header's one-second resolution).
    func date() -> String {
        var spec = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        #else
        clock_gettime(CLOCK_REALTIME, &spec)
        #endif
        let second = Int(spec.tv_sec)
        if second != dateSecond {
            dateSecond = second
            dateText = HTTPDate.format(second)
        }
        return dateText
    }
}

/// The open connections of a server, so that shutdown can reach each one. Thread-safe.
final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) { channels.withLock { $0[ObjectIdentifier(channel)] = channel } }
    func remove(_ channel: any Channel) { channels.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) } }
    var all: [any Channel] { channels.withLock { Array($0.values) } }
    var count: Int { channels.withLock { $0.count } }
}

/// Sent down every connection when the server starts draining.
struct DrainEvent: Sendable {}
