import Dispatch
import Gateway
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `shallot serve`: live HTTP/1.1 over SwiftNIO in front of one synchronous WSGI callable.
///
/// NIO moves the bytes; Wire's strict parser decodes them (``RequestDecoder``); the callable runs
/// on the bounded ``WorkerPool``. ``start()`` binds every address (a port in use is a clear
/// ``ServerError``); ``beginShutdown()`` stops accepting, lets in-flight requests finish within
/// the graceful timeout, and closes idle keep-alive connections.
public final class HTTPServer: Sendable {
    private let context: ServerContext
    private let group: MultiThreadedEventLoopGroup
    private let listeners = Mutex<[any Channel]>([])
    private let stopped: EventLoopPromise<Void>
    private let shuttingDown = Atomic<Bool>(false)

    public init(configuration: ServerConfiguration, application: @escaping Application) throws(LogSinkError) {
        context = try ServerContext(configuration: configuration, application: application)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        stopped = group.next().makePromise(of: Void.self)
    }

    public var configuration: ServerConfiguration { context.configuration }

    /// Binds and starts accepting on every configured address; returns the bound addresses
    /// (with the real port when 0 was asked for).
    @discardableResult
    public func start() throws -> [BindAddress] {
        let configuration = context.configuration
        let server = context
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: configuration.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 32 * 1024, high: 256 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server))
                }
            }
        if configuration.reusePort {
            bootstrap = bootstrap.serverChannelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: 1)
        }
        var bound: [BindAddress] = []
        do {
            for address in configuration.binds {
                let channel: any Channel
                do {
                    channel = try bootstrap.bind(host: address.host, port: address.port).wait()
                } catch let error as IOError {
                    throw ServerError.bind(address, Self.explain(error.errnoCode))
                } catch {
                    throw ServerError.bind(address, "\(error)")
                }
                listeners.withLock { $0.append(channel) }
                bound.append(BindAddress(host: address.host, port: channel.localAddress?.port ?? address.port))
            }
        } catch {
            for channel in listeners.withLock({ $0 }) { try? channel.close().wait() }
            shuttingDown.store(true, ordering: .releasing)
            stopped.succeed(())
            throw error
        }
        return bound
    }

    static func explain(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: "the address is already in use (is another server running on that port?)"
        case EACCES: "permission denied (ports below 1024 need privileges)"
        case EADDRNOTAVAIL: "this machine has no such address"
        default: String(cString: strerror(code))
        }
    }

    /// Stops accepting, closes idle connections, lets running requests finish (their responses
    /// carry `Connection: close`), and completes ``waitUntilStopped()`` when every connection is
    /// gone or the graceful timeout has passed.
    public func beginShutdown() {
        guard !shuttingDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        context.startDraining()
        for channel in listeners.withLock({ $0 }) { channel.close(promise: nil) }
        for channel in context.connections.all {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(context.configuration.gracefulTimeout * 1e9))
        poll(until: deadline)
    }

    private func poll(until deadline: NIODeadline) {
        let loop = group.next()
        loop.scheduleTask(in: .milliseconds(20)) { [self] in
            if context.connections.count == 0 {
                stopped.succeed(())
            } else if NIODeadline.now() >= deadline {
                context.logError("WARNING", "graceful timeout: closing \(context.connections.count) connection(s) with requests still running")
                for channel in context.connections.all { channel.close(promise: nil) }
                stopped.succeed(())
            } else {
                poll(until: deadline)
            }
        }
    }

    /// Blocks until the server has stopped, then releases its threads.
    public func waitUntilStopped() {
        try? stopped.futureResult.wait()
        context.pool.shutdown()
        try? group.syncShutdownGracefully()
    }

    /// Runs until SIGTERM or SIGINT: the first drains and stops gracefully (then returns), a
    /// second exits the process at once with status 1.
    public func runUntilSignalled() {
        let signals = SignalWatcher { [self] count in
            if count == 1 {
                context.logError("INFO", "Shutting down: finishing in-flight requests (graceful timeout \(Int(context.configuration.gracefulTimeout))s)")
                beginShutdown()
            } else {
                context.logError("INFO", "Second signal: exiting now")
                exit(1)
            }
        }
        waitUntilStopped()
        signals.cancel()
    }

    /// Writes a line to the error log.
    public func log(_ level: String, _ message: String) { context.logError(level, message) }
}

/// Why the server could not start.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    case bind(BindAddress, String)
    /// `--workers`: a worker process could not be started.
    case worker(String)

    public var description: String {
        switch self {
        case .bind(let address, let reason): "cannot listen on \(address): \(reason)"
        case .worker(let reason): "cannot start a worker: \(reason)"
        }
    }
}

/// SIGTERM and SIGINT, counted, delivered on a dispatch queue instead of in a signal handler.
final class SignalWatcher: @unchecked Sendable {  // sources: set once in init; DispatchSource is thread-safe
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int) -> Void) {
        let count = Atomic<Int>(0)
        let queue = DispatchQueue(label: "shallot.signals")
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(count.wrappingAdd(1, ordering: .relaxed).newValue) }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
