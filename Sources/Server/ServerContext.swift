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
    let errorStream: LogErrorStream
    let forwarded: ForwardedPolicy

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
        errorLog = try LogSink(path: configuration.errorLog, standardStream: 2)
        // Threads last: nothing after this may fail and leave them waiting for work.
        pool = WorkerPool(threads: configuration.threads, queueSize: configuration.queueSize)
        var options = EnvironOptions()
        options.scriptName = configuration.scriptName
        options.serverSoftware = configuration.serverSoftware
        options.multithread = configuration.threads > 1
        options.multiprocess = configuration.multiprocess
        environOptions = options
        errorStream = LogErrorStream(sink: errorLog)
        forwarded = ForwardedPolicy(allowed: configuration.forwardedAllowIPs)
    }

    var isDraining: Bool { drainingFlag.load(ordering: .acquiring) }
    func startDraining() { drainingFlag.store(true, ordering: .releasing) }

    /// One error-log line in gunicorn's shape: `[time] [pid] [LEVEL] message`.
    func logError(_ level: String, _ message: String) {
        if let parsed = LogLevel(tag: level), parsed < configuration.logLevel { return }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let time = HTTPDate.logTime(Int(spec.tv_sec))
        errorLog.write("\(time) [\(getpid())] [\(level)] \(message)")
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
