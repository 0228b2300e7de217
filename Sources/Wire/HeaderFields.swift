import Gateway

/// Header (or trailer) fields in wire order with their original case, as the parser saw them.
///
/// Names and values stay as byte ranges over one buffer until asked for, so parsing a request
/// costs no string per field; environ building reads the bytes directly.
public struct HeaderFields: Sendable, RandomAccessCollection {
    /// Fields whose meaning decides framing; the parser marks them as it scans.
    enum Kind: UInt8, Sendable { case other, host, contentLength, transferEncoding }

    struct Span: Sendable {
        var nameStart: Int32, nameEnd: Int32, valueStart: Int32, valueEnd: Int32
        var kind = Kind.other
    }

    var storage: [UInt8]
    var spans: [Span] = []

    init(storage: [UInt8]) { self.storage = storage }

    public init() { storage = [] }

    public init(_ fields: [(name: String, value: String)]) {
        self.init()
        for field in fields { append(name: field.name, value: field.value) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { spans.count }

    /// The field at `index`, decoded with WSGI's latin-1 convention.
    public subscript(index: Int) -> (name: String, value: String) {
        (name(at: index), value(at: index))
    }

    public func name(at index: Int) -> String {
        withBytes(at: index) { name, _ in Latin1.string(buffer: name) }
    }

    public func value(at index: Int) -> String {
        withBytes(at: index) { _, value in Latin1.string(buffer: value) }
    }

    /// The raw bytes of a field's name and value.
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let span = spans[index]
        return try storage.withUnsafeBufferPointer { all in
            try body(
                UnsafeBufferPointer(rebasing: all[Int(span.nameStart)..<Int(span.nameEnd)]),
                UnsafeBufferPointer(rebasing: all[Int(span.valueStart)..<Int(span.valueEnd)])
            )
        }
    }

    /// Whether the field at `index` has this name, compared case-insensitively (ASCII).
    public func nameEquals(at index: Int, _ name: String) -> Bool {
        let span = spans[index]
        let length = Int(span.nameEnd - span.nameStart)
        guard length == name.utf8.count else { return false }
        var i = Int(span.nameStart)
        for byte in name.utf8 {
            guard storage[i].asciiLowercased == byte.asciiLowercased else { return false }
            i += 1
        }
        return true
    }

    /// The first field whose name equals the name of the field at `index` (case-insensitively).
    func firstIndex(sameNameAs index: Int) -> Int? {
        let target = spans[index]
        let length = target.nameEnd - target.nameStart
        return storage.withUnsafeBufferPointer { bytes in
            for candidate in 0..<index where spans[candidate].nameEnd - spans[candidate].nameStart == length {
                let start = Int(spans[candidate].nameStart), other = Int(target.nameStart)
                var equal = true
                for k in 0..<Int(length) where bytes[start + k].asciiLowercased != bytes[other + k].asciiLowercased {
                    equal = false
                    break
                }
                if equal { return candidate }
            }
            return nil
        }
    }

    /// Every value of a name, in order.
    public func values(of name: String) -> [String] {
        indices.filter { nameEquals(at: $0, name) }.map(value(at:))
    }

    /// The first value of a name.
    public func first(_ name: String) -> String? {
        indices.first { nameEquals(at: $0, name) }.map(value(at:))
    }

    public func contains(_ name: String) -> Bool {
        indices.contains { nameEquals(at: $0, name) }
    }

    public mutating func append(name: String, value: String) {
        let nameBytes = Latin1.bytes(name) ?? Array(name.utf8)
        let valueBytes = Latin1.bytes(value) ?? Array(value.utf8)
        let nameStart = Int32(storage.count)
        storage.append(contentsOf: nameBytes)
        let valueStart = Int32(storage.count)
        storage.append(contentsOf: valueBytes)
        spans.append(Span(nameStart: nameStart, nameEnd: valueStart, valueStart: valueStart, valueEnd: Int32(storage.count)))
    }

    /// Replaces the value at `index` (the old bytes stay in the buffer, unreferenced).
    mutating func setValue(at index: Int, _ value: [UInt8]) {
        let start = Int32(storage.count)
        storage.append(contentsOf: value)
        spans[index].valueStart = start
        spans[index].valueEnd = Int32(storage.count)
    }

    public mutating func remove(_ name: String) {
        spans = indices.filter { !nameEquals(at: $0, name) }.map { spans[$0] }
    }

    /// Every field as (name, value) pairs.
    public var pairs: [(name: String, value: String)] { indices.map { self[$0] } }
}
