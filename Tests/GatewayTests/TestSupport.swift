import Gateway
import Synchronization
import Testing

/// A valid environ for a GET of `/`, as a server would build it; tests remove or break one key at a time.
func makeEnviron(
    method: String = "GET",
    path: String = "/",
    query: String = "",
    body: [UInt8] = []
) -> Environ {
    var environ = Environ(input: BytesInput(body), errors: CapturedErrorStream())
    environ["REQUEST_METHOD"] = method
    environ["SCRIPT_NAME"] = ""
    environ["PATH_INFO"] = path
    environ["QUERY_STRING"] = query
    environ["SERVER_NAME"] = "testserver"
    environ["SERVER_PORT"] = "80"
    environ["SERVER_PROTOCOL"] = "HTTP/1.1"
    return environ
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

let plainText: [ResponseHeader] = [("Content-Type", "text/plain")]

/// An application that starts `status` with `headers` and answers `chunks`.
func respond(_ status: String, _ headers: [ResponseHeader] = plainText, _ chunks: [String] = ["ok"]) -> Application {
    { _, startResponse in
        try startResponse(status, headers)
        return ChunkedBody(chunks.map(bytes))
    }
}

/// An error with an identity, to check that exactly this one comes back.
struct Boom: Error, Equatable {
    var id = 0
}

/// Everything the validator reported, safe to share with its `@Sendable` report closure.
final class ViolationLog: Sendable {
    private let storage = Mutex<[Violation]>([])

    var report: Validator.Report {
        { [self] violation in storage.withLock { $0.append(violation) } }
    }

    var all: [Violation] { storage.withLock { $0 } }
    var errors: [Violation] { all.filter { $0.severity == .error } }
    var warnings: [Violation] { all.filter { $0.severity == .warning } }
}

/// A thread-safe counter for `close()` calls and the like.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// Collects output chunks one by one, keeping their boundaries.
final class ChunkLog: Sendable {
    private let storage = Mutex<[[UInt8]]>([])
    func append(_ chunk: [UInt8]) { storage.withLock { $0.append(chunk) } }
    var chunks: [[UInt8]] { storage.withLock { $0 } }
    var strings: [String] { chunks.map(text) }
}

/// Runs `application` behind the validator the way a server does: call it, drain the body through a
/// ``ResponseStarter``, finish. Returns what was thrown (if anything) and what was reported.
func runValidated(_ application: @escaping Application, environ: Environ = makeEnviron()) -> (thrown: (any Error)?, log: ViolationLog) {
    let log = ViolationLog()
    let wrapped = Validator.wrap(application, report: log.report)
    let starter = ResponseStarter(output: { _ in })
    do {
        let body = try wrapped(environ, starter.startResponse)
        try body.drain { try starter.send($0) }
        try starter.finish()
    } catch {
        return (error, log)
    }
    return (nil, log)
}

/// Expects the validated run to throw an error `Violation` blamed on `side` whose message contains
/// `phrase`, and the report to have received exactly that violation as its only error.
@discardableResult
func expectViolation(
    _ side: Violation.Side,
    _ phrase: String,
    app: @escaping Application = respond("200 OK"),
    environ: Environ = makeEnviron(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> ViolationLog {
    let (thrown, log) = runValidated(app, environ: environ)
    guard let violation = thrown as? Violation else {
        Issue.record("expected a Violation containing \(phrase.debugDescription), got \(String(describing: thrown))", sourceLocation: sourceLocation)
        return log
    }
    #expect(violation.side == side, sourceLocation: sourceLocation)
    #expect(violation.severity == .error, sourceLocation: sourceLocation)
    #expect(violation.message.contains(phrase), "message: \(violation.message)", sourceLocation: sourceLocation)
    #expect(log.errors == [violation], sourceLocation: sourceLocation)
    return log
}

