import Database

/// The databases' part of the request lifecycle, as Django's `django.db` signal receivers do
/// it: connections past CONN_MAX_AGE are closed when a request starts and when it finishes,
/// ATOMIC_REQUESTS runs the view in a transaction, and while a request is traced every query it
/// runs joins the trace at the depth of the code that ran it.
enum RequestDatabases {
    /// `close_old_connections`, on request_started and request_finished.
    static func closeOldConnections() {
        ConnectionHandler.current.closeOldConnections()
    }

    /// The view, inside `atomic` when ATOMIC_REQUESTS is on for the default database.
    static func runView<T>(_ settings: Settings, _ view: () throws -> T) throws -> T {
        guard settings.atomicRequests, settings.databases["default"] != nil else { return try view() }
        return try atomic(using: "default", view)
    }

    /// Records this thread's queries into the request's trace until `stop()`.
    static func trace(_ request: HTTPRequest) -> QueryTrace? {
        guard let trace = request.trace else { return nil }
        let registry = ConnectionHandler.current
        let connections = registry.aliases.compactMap { try? registry.connection($0) }
        guard !connections.isEmpty else { return nil }
        return QueryTrace(connections: connections) { query in
            let parameters = query.parameters.isEmpty ? "" : " — params: " + query.parameters.map(\.description).joined(separator: ", ")
            trace.record("query", query.sql, (query.error.map { "failed: \($0)" } ?? "") + parameters, duration: query.duration)
        }
    }
}

/// Query observers installed on a request's connections while it is traced, and how many
/// queries they saw (the view's line in the trace says the count).
final class QueryTrace {
    private let connections: [Connection]
    private(set) var count = 0

    init(connections: [Connection], record: @escaping (ExecutedQuery) -> Void) {
        self.connections = connections
        for connection in connections {
            connection.queryLog.observer = { [unowned self] query in
                count += 1
                record(query)
            }
        }
    }

    func stop() {
        for connection in connections { connection.queryLog.observer = nil }
    }
}
