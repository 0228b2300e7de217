import Synchronization

/// What a framework saw while it answered one request, recorded as it happens: the lifecycle
/// trace. A tool that wants it puts one in `environ.extensions[LifecycleTrace.key]`; the framework
/// records into it when present and does nothing otherwise. The tool renders it; neither side
/// imports the other.
public final class LifecycleTrace: Sendable {
    /// The environ key under which a server offers a trace.
    public static let key = "shallot.trace"

    /// One thing that happened, at a depth of the middleware onion.
    public struct Event: Sendable, Equatable {
        /// The phase, as a short word: request_started, middleware, resolver, view, exception,
        /// response, start_response, request_finished, query, template.
        public var phase: String
        /// What it concerns: a middleware or view name, a pattern, a signal.
        public var name: String
        /// What happened: "continued", "short-circuited: 403", "matched polls/<int:question_id>/".
        public var detail: String
        /// How deep in the middleware onion (0 is the handler).
        public var depth: Int
        /// Time since the trace started.
        public var at: Duration
        /// How long the step took, when it has a length (a view, a middleware layer).
        public var duration: Duration?

        public init(phase: String, name: String, detail: String = "", depth: Int = 0, at: Duration = .zero, duration: Duration? = nil) {
            self.phase = phase
            self.name = name
            self.detail = detail
            self.depth = depth
            self.at = at
            self.duration = duration
        }
    }

    private let start = ContinuousClock.now
    private let storage = Mutex<[Event]>([])

    public init() {}

    /// Time since the trace started, for events and durations.
    public var elapsed: Duration { ContinuousClock.now - start }

    public func record(_ phase: String, _ name: String, _ detail: String = "", depth: Int = 0, duration: Duration? = nil) {
        let event = Event(phase: phase, name: name, detail: detail, depth: depth, at: elapsed, duration: duration)
        storage.withLock { $0.append(event) }
    }

    public var events: [Event] { storage.withLock { $0 } }
}

extension Environ {
    /// The lifecycle trace a tool asked for, if any.
    public var trace: LifecycleTrace? { extensions[LifecycleTrace.key] as? LifecycleTrace }
}
