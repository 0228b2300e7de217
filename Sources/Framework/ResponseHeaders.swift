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
        get { entries.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            let index = entries.firstIndex { $0.name.caseInsensitiveEquals(name) }
            switch (index, newValue) {
            case let (index?, value?): entries[index].value = value
            case let (index?, nil): entries.remove(at: index)
            case let (nil, value?): entries.append((name, value))
            case (nil, nil): break
            }
        }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Sets the header only when it is absent (Django's `setdefault`).
    public mutating func setDefault(_ name: String, _ value: String) {
        if !contains(name) { self[name] = value }
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
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
        }
    }
}
