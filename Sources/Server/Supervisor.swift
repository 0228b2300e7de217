import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--workers N`: the master process of a pre-fork server, as gunicorn's arbiter.
///
/// The master reserves each address (a bound socket with SO_REUSEPORT, so a port in use is found
/// before any worker starts and port 0 becomes one real port), then starts N copies of the same
/// executable with the same arguments and ``workerEnvironment`` naming the addresses; each worker
/// binds them with SO_REUSEPORT and the kernel spreads connections over the workers. A worker that
/// dies is replaced; SIGTERM/SIGINT are passed on to every worker, and the master exits 0 once
/// they have all finished (a second signal is passed on too, so they exit at once).
public final class Supervisor: Sendable {
    /// Set in a worker's environment: the addresses to bind, comma-separated `HOST:PORT`.
    public static let workerEnvironment = "SHALLOT_SERVE_WORKER_BINDS"

    private let configuration: ServerConfiguration
    private let arguments: [String]
    private let children = Mutex<Set<pid_t>>([])
    private let stopping = Atomic<Int>(0)

    public init(configuration: ServerConfiguration, arguments: [String]) {
        self.configuration = configuration
        self.arguments = arguments
    }

    /// Runs the workers until a signal stops them; returns the exit status.
    public func run() throws -> Int32 {
        let log = try? LogSink(path: configuration.errorLog, standardStream: 2)
        func say(_ level: String, _ text: String) {
            log?.write("\(HTTPDate.errorLogTime()) [\(getpid())] [\(level)] \(text)")
        }
        var reserved: [Int32] = []
        var binds: [BindAddress] = []
        defer { reserved.forEach { close($0) } }
        for address in configuration.binds {
            let (fd, port) = try Self.reserve(address)
            reserved.append(fd)
            binds.append(BindAddress(host: address.host, port: port))
        }
        let bindList = binds.map(\.description).joined(separator: ",")
        for address in binds { say("INFO", "Listening at: http://\(address) (\(getpid()))") }
        say("INFO", "Using \(configuration.workers) worker processes")

        let signals = SignalWatcher { [self] count in
            stopping.store(count, ordering: .releasing)
            for pid in children.withLock({ $0 }) { kill(pid, count == 1 ? SIGTERM : SIGINT) }
        }
        defer { signals.cancel() }

        var startedAt: [pid_t: Double] = [:]
        for _ in 0..<configuration.workers {
            let pid = try spawn(bindList)
            startedAt[pid] = Self.now()
        }
        var quickFailures = 0
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            if pid < 0 {
                if errno == EINTR { continue }
                break  // no children left
            }
            children.withLock { _ = $0.remove(pid) }
            let lived = Self.now() - (startedAt.removeValue(forKey: pid) ?? 0)
            if stopping.load(ordering: .acquiring) > 0 {
                if children.withLock({ $0.isEmpty }) { break }
                continue
            }
            let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
            say("WARNING", "Worker (pid:\(pid)) \(exitCode < 0 ? "was killed by signal \(-exitCode)" : "exited with code \(exitCode)"); booting a new one")
            quickFailures = lived < 1 ? quickFailures + 1 : 0
            if quickFailures >= 3 {
                say("ERROR", "Workers fail to boot; giving up")
                for child in children.withLock({ $0 }) { kill(child, SIGTERM) }
                return 1
            }
            if let pid = try? spawn(bindList) { startedAt[pid] = Self.now() }
        }
        say("INFO", "Shutting down: Master")
        return 0
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Starts one worker: this executable, the same arguments, the addresses in the environment.
    private func spawn(_ binds: String) throws -> pid_t {
        var environment: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if !text.hasPrefix(Self.workerEnvironment + "=") { environment.append(text) }
            index += 1
        }
        environment.append("\(Self.workerEnvironment)=\(binds)")
        let executable = "/proc/self/exe"
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, nil, nil, argv, envp)
        guard result == 0 else { throw ServerError.worker(String(cString: strerror(result))) }
        children.withLock { _ = $0.insert(pid) }
        return pid
    }

    /// A socket bound to `address` with SO_REUSEPORT, not listening: holds the port for the workers.
    static func reserve(_ address: BindAddress) throws -> (Int32, Int) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address.host, String(address.port), &hints, &info) == 0, let first = info else {
            throw ServerError.bind(address, "cannot resolve \(address.host.debugDescription)")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.bind(address, String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(fd)
            throw ServerError.bind(address, HTTPServer.explain(code))
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let port = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        } == 0 ? Self.port(of: storage) : address.port
        return (fd, port)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        var storage = storage
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}
