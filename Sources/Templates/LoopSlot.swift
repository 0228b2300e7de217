import Synchronization

/// A `for` loop over a typed array (`[Question]`) puts each element in its level's first slot,
/// an `Any`. An element too large for the existential's inline buffer lives in a heap box of
/// its own; rather than making a box per element (an allocation, and freeing the last one),
/// the next element is assigned into the box already there when that box holds an element of
/// the same type and nothing else refers to it (any copy of the item a template kept, in a
/// `with` or a `cycle … as`, shares the box: then a new one is made, as before). Relies on the
/// runtime's layout of a boxed existential (a box reference in the buffer's first word, the
/// type in the fourth, the value after the box's two-word header), checked once on a known
/// value; where it does not hold (or where an unoptimized build's temporary copies make the
/// probe's box look shared), every element gets a box of its own.
enum LoopSlot {
    /// Puts `element` in `slot`: in place, in the box `slot` has, when that box can take it.
    @inline(__always) static func assign<T>(_ element: consuming T, to slot: UnsafeMutablePointer<Any>) {
        // (Also what an `Any` slot's assignment would do for a value that is not boxed.)
        if boxIsReusable(slot, for: T.self) {
            let box = UnsafeMutableRawPointer(slot).load(as: UnsafeMutableRawPointer.self)
            (box + headerSize).assumingMemoryBound(to: T.self).pointee = element
        } else {
            slot.pointee = element
        }
    }

    /// Whether `slot` holds a `T` in a heap box that nothing else refers to.
    @inline(__always) private static func boxIsReusable<T>(_ slot: UnsafeMutablePointer<Any>, for type: T.Type) -> Bool {
        guard isBoxed(T.self), layoutHolds else { return false }
        let raw = UnsafeMutableRawPointer(slot)
        guard raw.load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: UnsafeRawPointer.self)
                == unsafeBitCast(T.self as Any.Type, to: UnsafeRawPointer.self) else { return false }
        return _isUnique_native(&raw.assumingMemoryBound(to: AnyObject.self).pointee)
    }

    /// Whether an `Any` keeps a `T` in a heap box (it does unless the value fits three words,
    /// is aligned to no more than a word and can be moved by copying its bytes), with an
    /// alignment the box's header size below allows.
    @inline(__always) private static func isBoxed<T>(_ type: T.Type) -> Bool {
        let inline = MemoryLayout<T>.size <= 3 * MemoryLayout<Int>.size && MemoryLayout<T>.alignment <= MemoryLayout<Int>.alignment
            && _isBitwiseTakable(T.self)
        return !inline && MemoryLayout<T>.alignment <= headerSize
    }

    /// Where a box's value starts: after its object header (two words).
    private static let headerSize = 2 * MemoryLayout<Int>.size

    @inline(__always) private static var layoutHolds: Bool {
        let known = layoutState.load(ordering: .relaxed)
        if known != 0 { return known == 1 }
        return checkLayout()
    }

    /// 0 until `checkLayout` has run, then 1 when the layout holds, 2 when it does not.
    private static let layoutState = Atomic<UInt8>(0)

    @inline(never) private static func checkLayout() -> Bool {
        let holds = layoutCheck
        layoutState.store(holds ? 1 : 2, ordering: .relaxed)
        return holds
    }

    /// A value known to be boxed, read where the layout says it is, and assigned in place.
    private struct Probe { let first: Int; let text: String; let number: Double; let last: Int }

    private static var layoutCheck: Bool {
        guard isBoxed(Probe.self), let lastOffset = MemoryLayout<Probe>.offset(of: \Probe.last) else { return false }
        var value: Any = Probe(first: 0x5EED, text: String(repeating: "probe ", count: 4), number: 2.5, last: 0x7E57)
        let found = withUnsafeMutablePointer(to: &value) { slot -> Bool in
            let raw = UnsafeMutableRawPointer(slot)
            guard raw.load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: UnsafeRawPointer.self)
                    == unsafeBitCast(Probe.self as Any.Type, to: UnsafeRawPointer.self) else { return false }
            let payload = raw.load(as: UnsafeRawPointer.self) + headerSize
            guard payload.load(as: Int.self) == 0x5EED, payload.load(fromByteOffset: lastOffset, as: Int.self) == 0x7E57 else { return false }
            // Unique now; not while a copy shares the box.
            guard _isUnique_native(&raw.assumingMemoryBound(to: AnyObject.self).pointee) else { return false }
            let copy = slot.pointee
            let shared = !_isUnique_native(&raw.assumingMemoryBound(to: AnyObject.self).pointee)
            withExtendedLifetime(copy) {}
            return shared
        }
        guard found else { return false }
        withUnsafeMutablePointer(to: &value) { slot in
            let box = UnsafeMutableRawPointer(slot).load(as: UnsafeMutableRawPointer.self)
            (box + headerSize).assumingMemoryBound(to: Probe.self).pointee = Probe(first: 1, text: "next", number: 3.5, last: 2)
        }
        guard let probe = value as? Probe else { return false }
        return probe.first == 1 && probe.text == "next" && probe.number == 3.5 && probe.last == 2
    }
}
