/// A database connection under an alias ("default"): opened lazily on first use, closed explicitly,
/// every statement run with bound parameters and, when the query log is on, recorded. Confined to
/// one thread at a time: the `ConnectionHandler` hands each thread its own.
public final class Connection: @unchecked Sendable {
    public let alias: String
    public let settings: DatabaseSettings
    /// Every statement run on this connection, when recording (`queryLog.start()`).
    public let queryLog = QueryLog()
    private var driver: (any DatabaseDriver)?
    private var openedAt: ContinuousClock.Instant?
    var transaction = TransactionState()

    public init(alias: String = "default", settings: DatabaseSettings) {
        self.alias = alias
        self.settings = settings
    }

    deinit { driver?.close() }

    public var dialect: any SQLDialect { settings.backend.dialect }
    public var vendor: String { settings.backend.vendor }
    /// Whether the engine connection is open (it opens on the first statement).
    public var isOpen: Bool { driver != nil }

    /// How many prepared statements are cached for reuse (0 when closed).
    public var cachedStatementCount: Int { driver?.cachedStatementCount ?? 0 }

    /// Opens the engine connection now rather than on the first statement.
    public func open() throws {
        if driver == nil {
            driver = try settings.backend.connect(settings)
            openedAt = ContinuousClock.now
        }
    }

    /// Closes the engine connection (and its cached statements); the next statement reopens it.
    /// An open transaction is rolled back by the engine.
    public func close() {
        driver?.close()
        driver = nil
        openedAt = nil
        transaction = TransactionState()
    }

    /// Whether the connection has outlived `connMaxAge` (never, when it is nil or not open).
    var isObsolete: Bool {
        guard let maxAge = settings.connMaxAge, let openedAt else { return false }
        return ContinuousClock.now - openedAt >= .milliseconds(Int64(maxAge * 1000))
    }

    /// The engine connection, opened if it is not (the property read once).
    private func openDriver() throws -> any DatabaseDriver {
        if let driver { return driver }
        try open()
        return driver!
    }

    /// Runs one statement with its parameters bound (never spliced into the SQL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> StatementResult {
        try logged(sql, parameters) { try $0.run(sql, parameters) }
    }

    /// Runs a query and returns its rows' values end to end (see `FlatRows`), recorded in the
    /// query log as `execute` records.
    public func flatRows(_ sql: String, _ parameters: [SQLValue] = [], dateTimeColumns: UInt64 = 0) throws -> FlatRows {
        try logged(sql, parameters) { try $0.flatRows(sql, parameters, dateTimeColumns: dateTimeColumns) }
    }

    /// Runs `body` on the open driver; while the query log is on, records the statement with its
    /// duration, or with the error it raised.
    @inline(__always)
    private func logged<Result>(_ sql: String, _ parameters: [SQLValue], _ body: (any DatabaseDriver) throws -> Result) throws -> Result {
        let driver = try openDriver()
        guard queryLog.isActive else { return try body(driver) }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try body(driver)
            queryLog.record(ExecutedQuery(sql: sql, parameters: parameters, duration: clock.now - start, error: nil))
            return result
        } catch {
            queryLog.record(ExecutedQuery(sql: sql, parameters: parameters, duration: clock.now - start,
                                          error: String(describing: error)))
            throw error
        }
    }

    /// Runs a query and returns its rows.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try execute(sql, parameters).rows
    }
}
