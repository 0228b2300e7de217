/// A response's headers: case-insensitive names, insertion order kept, one value per name
/// (Django's ResponseHeaders). Cookies are kept apart, in `HTTPResponse.cookies`.
public struct ResponseHeaders: Sendable, Sequence {
    private var entries: [(name: String, value: String)] = []

    public init(_ headers: [(String, String)] = []) {
        // The security, framing and caching headers middleware add fit without regrowing.
        entries.reserveCapacity(8 + headers.count)
        for (name, value) in headers { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { index(of: name).map { entries[$0].value } }
        set {
            let index = index(of: name)
            switch (index, newValue) {
            case let (index?, value?): entries[index].value = value
            case let (index?, nil): entries.remove(at: index)
            case let (nil, value?): entries.append((name, value))
            case (nil, nil): break
            }
        }
    }

    public func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// Adds a header the caller knows is absent.
    mutating func append(_ name: String, _ value: String) { entries.append((name, value)) }

    /// Sets the header only when it is absent (Django's `setdefault`).
    public mutating func setDefault(_ name: String, _ value: String) {
        if index(of: name) == nil { entries.append((name, value)) }
    }

    /// Where the header named `name` (in any case) is.
    private func index(of name: String) -> Int? {
        let count = name.utf8.count
        for index in entries.indices where entries[index].name.utf8.count == count {
            if entries[index].name.caseInsensitiveEquals(name) { return index }
        }
        return nil
    }

    public var count: Int { entries.count }

    /// The headers in order, as (name, value) pairs.
    public var pairs: [(name: String, value: String)] { entries }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { entries.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality, for header names.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // Byte by byte on both strings' bytes: no whole-string comparison first, which for two
        // different names of one length (Referrer-Policy, X-Frame-Options) costs more.
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in Self.caseInsensitiveEquals(mine, theirs) }
        }
        if let compared, let result = compared { return result }
        return zip(utf8, other.utf8).allSatisfy { a, b in Self.sameLetter(a, b) }
    }

    private static func caseInsensitiveEquals(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where !sameLetter(a[i], b[i]) { return false }
        return true
    }

    @inline(__always)
    private static func sameLetter(_ a: UInt8, _ b: UInt8) -> Bool {
        a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
    }
}
