/// What an aggregate computes over a field path (Django's `Count`, `Sum`, `Avg`, `Min`, `Max`).
public protocol Aggregate: Sendable {
    var function: String { get }
    var path: String { get }
    var distinct: Bool { get }
}

/// The number of non-null values (`Count("choice")`, `Count("pk")`).
public struct Count: Aggregate {
    public let path: String
    public let distinct: Bool
    public var function: String { "COUNT" }
    public init(_ path: String, distinct: Bool = false) { self.path = path; self.distinct = distinct }
}

/// The total of the values (`Sum("choice__votes")`).
public struct Sum: Aggregate {
    public let path: String
    public let distinct: Bool
    public var function: String { "SUM" }
    public init(_ path: String, distinct: Bool = false) { self.path = path; self.distinct = distinct }
}

/// The mean of the values.
public struct Avg: Aggregate {
    public let path: String
    public let distinct: Bool
    public var function: String { "AVG" }
    public init(_ path: String, distinct: Bool = false) { self.path = path; self.distinct = distinct }
}

/// The least value.
public struct Min: Aggregate {
    public let path: String
    public var distinct: Bool { false }
    public var function: String { "MIN" }
    public init(_ path: String) { self.path = path }
}

/// The greatest value.
public struct Max: Aggregate {
    public let path: String
    public var distinct: Bool { false }
    public var function: String { "MAX" }
    public init(_ path: String) { self.path = path }
}
