import Synchronization

/// The count of a typed array (`[Question]`) held in an `Any`, read from the array's storage:
/// an array is one reference, kept in the existential's inline buffer, to storage whose header
/// (after the object's two words) starts with the count. Reading it there costs two loads,
/// where asking the array through its `TemplateArray` conformance runs unspecialized generic
/// code (a copy of the array, a retain and a release) for an element type known only at run
/// time. Checked once on known arrays; where it does not hold (or where arrays may be bridged
/// from Objective-C) callers ask the conformance.
enum ArrayCount {
    /// The count of the array `value` holds when its container's own type is `type` (an
    /// `Array` type: the caller knows), else nil.
    @inline(__always) static func of(_ value: borrowing Any, storedAs type: Any.Type) -> Int? {
        #if _runtime(_ObjC)
        return nil
        #else
        guard layoutHolds else { return nil }
        return withUnsafePointer(to: value) { pointer -> Int? in
            let container = UnsafeRawPointer(pointer)
            guard container.load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: UnsafeRawPointer.self)
                    == unsafeBitCast(type, to: UnsafeRawPointer.self) else { return nil }
            return container.load(as: UnsafeRawPointer.self).load(fromByteOffset: 2 * MemoryLayout<Int>.size, as: Int.self)
        }
        #endif
    }

    /// Whether arrays are laid out as above (one load once known).
    @inline(__always) private static var layoutHolds: Bool { LayoutAssumption.holds(layoutState) { layoutCheck } }

    /// `LayoutAssumption`'s state for `layoutCheck`.
    private static let layoutState = Atomic<UInt8>(0)

    /// The layout read from arrays of known counts, with no check that needs it.
    private static var layoutCheck: Bool {
        guard MemoryLayout<[Int]>.size == MemoryLayout<Int>.size else { return false }
        func read<T>(_ array: [T]) -> Int {
            let value: Any = array
            return withUnsafePointer(to: value) { pointer in
                UnsafeRawPointer(pointer).load(as: UnsafeRawPointer.self).load(fromByteOffset: 2 * MemoryLayout<Int>.size, as: Int.self)
            }
        }
        var grown: [String] = []
        grown.reserveCapacity(100)
        grown.append(contentsOf: ["a", "b", "c"])
        struct Row { let id: Int?; let text: String; let more: (Double, Double) }
        return read([Int]()) == 0 && read([1, 2, 3]) == 3 && read(grown) == 3 && read(Array(repeating: 7.5, count: 40)) == 40
            && read([Row(id: 1, text: "x", more: (1, 2)), Row(id: nil, text: "y", more: (3, 4))]) == 2
    }
}
