import Gateway

/// The framework's side of the lifecycle trace: records what happens to one request at the
/// current depth of the middleware onion, into the LifecycleTrace a tool put in the environ.
public struct RequestTrace {
    let trace: LifecycleTrace
    let request: HTTPRequest

    public func record(_ phase: String, _ name: String, _ detail: String = "", duration: Duration? = nil) {
        trace.record(phase, name, detail, depth: request.traceDepth, duration: duration)
    }

    /// A middleware hook ran: process_request, process_view, process_response, …
    public func hook(_ middleware: any Middleware, _ hook: String, _ detail: String) {
        record("middleware", "\(middleware.name).\(hook)", detail)
    }

    /// Measures `body` and records it when it returns (or throws).
    func measure<T>(_ phase: String, _ name: String, _ describe: (T) -> String, _ body: () throws -> T) rethrows -> T {
        let start = trace.elapsed
        do {
            let result = try body()
            record(phase, name, describe(result), duration: trace.elapsed - start)
            return result
        } catch {
            record(phase, name, "raised \(type(of: error)): \(error)", duration: trace.elapsed - start)
            throw error
        }
    }
}

extension HTTPRequest {
    /// The trace of this request, when the server asked for one.
    public var trace: RequestTrace? {
        lifecycleTrace.map { RequestTrace(trace: $0, request: self) }
    }
}
