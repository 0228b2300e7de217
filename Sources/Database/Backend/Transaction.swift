/// A connection's transaction bookkeeping: how deep inside `atomic` blocks it is, and the
/// callbacks waiting for the outermost commit.
struct TransactionState {
    var depth = 0
    var savepointCounter = 0
    var onCommit: [(depth: Int, action: () -> Void)] = []
}

extension Connection {
    /// Whether a transaction opened by `atomic` is in progress.
    public var inAtomicBlock: Bool { transaction.depth > 0 }

    /// Runs `body` in a transaction (Django's `transaction.atomic`): the outermost block is a
    /// transaction, nested blocks are savepoints. Throwing out of a block rolls back what it did
    /// (only that savepoint when nested) and rethrows; returning commits (releases, when nested).
    @discardableResult
    public func atomic<T>(_ body: () throws -> T) throws -> T {
        let outermost = transaction.depth == 0
        var savepoint = ""
        if outermost {
            try execute("BEGIN")
        } else {
            transaction.savepointCounter += 1
            savepoint = dialect.quote("s\(transaction.savepointCounter)")
            try execute("SAVEPOINT \(savepoint)")
        }
        transaction.depth += 1
        let result: T
        do {
            result = try body()
        } catch {
            transaction.depth -= 1
            let depth = transaction.depth
            transaction.onCommit.removeAll { $0.depth > depth }
            if outermost {
                _ = try? execute("ROLLBACK")
                transaction = TransactionState()
            } else {
                _ = try? execute("ROLLBACK TO SAVEPOINT \(savepoint)")
                _ = try? execute("RELEASE SAVEPOINT \(savepoint)")
            }
            throw error
        }
        transaction.depth -= 1
        if outermost {
            do {
                try execute("COMMIT")
            } catch {
                _ = try? execute("ROLLBACK")
                transaction = TransactionState()
                throw error
            }
            let actions = transaction.onCommit
            transaction = TransactionState()
            for entry in actions { entry.action() }
        } else {
            try execute("RELEASE SAVEPOINT \(savepoint)")
            let depth = transaction.depth
            for index in transaction.onCommit.indices where transaction.onCommit[index].depth > depth {
                transaction.onCommit[index].depth = depth
            }
        }
        return result
    }

    /// Runs `action` after the outermost transaction commits, or now when none is open
    /// (Django's `transaction.on_commit`). Dropped if the block it was registered in rolls back.
    public func onCommit(_ action: @escaping () -> Void) {
        if transaction.depth == 0 { action() } else { transaction.onCommit.append((transaction.depth, action)) }
    }
}

/// Runs `body` in a transaction on the current registry's connection for `alias`
/// (Django's `with transaction.atomic(using=alias):`). Nested calls make savepoints.
@discardableResult
public func atomic<T>(using alias: String = "default", _ body: () throws -> T) throws -> T {
    try ConnectionHandler.current.connection(alias).atomic(body)
}
