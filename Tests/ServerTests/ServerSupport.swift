import Gateway
import HTTPTestClient
import Server
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server on 127.0.0.1 with an ephemeral port, stopped by `stop()`.
struct RunningServer {
    let server: HTTPServer
    let port: Int

    init(_ application: @escaping Application, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.binds = [BindAddress(host: "127.0.0.1", port: 0)]
        configuration.errorLog = "/dev/null"
        configuration.gracefulTimeout = 5
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, application: application)
        port = try #require(try server.start().first?.port)
    }

    func stop() {
        server.beginShutdown()
        server.waitUntilStopped()
    }

    func connect() throws -> RawClient { try RawClient(port: port) }
}

/// A counter the applications under test bump, to prove what reached them.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func bump() { value.wrappingAdd(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}

/// Test applications.
enum Apps {
    /// Echoes method, path, the body read from wsgi.input, REMOTE_ADDR and the scheme.
    static func echo(_ calls: Counter = Counter()) -> Application {
        { environ, startResponse in
            calls.bump()
            let body = environ.input.read()
            if environ.pathInfo.hasPrefix("/sleep/") {
                usleep(UInt32(Int(environ.pathInfo.dropFirst(7)) ?? 0) * 1000)
            }
            let text = "\(environ.requestMethod) \(environ.pathInfo) body=\(String(decoding: body, as: UTF8.self)) remote=\(environ["REMOTE_ADDR"] ?? "") scheme=\(environ.urlScheme) port=\(environ["REMOTE_PORT"] ?? "")"
            try startResponse("200 OK", [("Content-Type", "text/plain")])
            return ChunkedBody(text)
        }
    }
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
