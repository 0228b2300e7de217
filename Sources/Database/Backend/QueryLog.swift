/// One executed statement as the query log records it (Django's `connection.queries` entries).
public struct ExecutedQuery: Sendable, CustomStringConvertible {
    public let sql: String
    public let parameters: [SQLValue]
    public let duration: Duration
    /// The error's message when the statement failed.
    public let error: String?

    public var description: String {
        let params = parameters.isEmpty ? "" : " -- params: " + parameters.map(\.description).joined(separator: ", ")
        return "(\(duration)) \(sql)\(params)"
    }
}

/// A connection's query recorder: `start()` it, run queries, `stop()` to take what ran. An observer,
/// when set, sees each query as it finishes (the lifecycle trace hooks in here).
public final class QueryLog {
    public private(set) var queries: [ExecutedQuery] = []
    public private(set) var isRecording = false { didSet { isActive = isRecording || observer != nil } }
    /// Called with each executed query while set, recording or not.
    public var observer: ((ExecutedQuery) -> Void)? { didSet { isActive = isRecording || observer != nil } }
    /// Whether executed queries are recorded or observed: one stored flag, which running a
    /// statement reads (one access, where the two properties would be two).
    private(set) var isActive = false

    init() {}

    /// Starts recording from an empty log.
    public func start() {
        queries.removeAll()
        isRecording = true
    }

    /// Stops recording and returns what was recorded.
    @discardableResult
    public func stop() -> [ExecutedQuery] {
        isRecording = false
        defer { queries.removeAll() }
        return queries
    }


    func record(_ query: ExecutedQuery) {
        if isRecording { queries.append(query) }
        observer?(query)
    }
}
