import Synchronization

/// A fact about the runtime's memory layout that a fast path relies on (`SmallKey`, `ArrayCount`),
/// checked once on known values the first time it is asked, then answered with one relaxed load
/// of the caller's state (a lazily made `static let` Bool would cost a call to the runtime's
/// once-check on every read). The state is 0 until checked, then 1 when the fact holds, 2 when not.
enum LayoutAssumption {
    @inline(__always) static func holds(_ state: borrowing Atomic<UInt8>, _ check: () -> Bool) -> Bool {
        let known = state.load(ordering: .relaxed)
        if known != 0 { return known == 1 }
        return record(state, check())
    }

    @inline(never) private static func record(_ state: borrowing Atomic<UInt8>, _ holds: Bool) -> Bool {
        state.store(holds ? 1 : 2, ordering: .relaxed)
        return holds
    }
}
