/// A condition built from lookups and combined with `&`, `|` and `~` (Django's `Q` objects):
/// `Q("question_text__startswith", "What") | ~Q("pub_date__year", 2005)`.
public struct Q: Sendable {
    indirect enum Node: Sendable {
        case lookup(String, any Operand)
        case and([Node])
        case or([Node])
        case not(Node)
    }

    let node: Node

    init(node: Node) { self.node = node }

    /// One lookup: a field path with an optional lookup name (`votes__gte`) and its value.
    public init(_ lookup: String, _ value: any Operand) { node = .lookup(lookup, value) }

    /// Several lookups, all of which must hold.
    public init(_ lookups: KeyValuePairs<String, any Operand>) {
        node = .and(lookups.map { .lookup($0.key, $0.value) })
    }

    public static func & (lhs: Q, rhs: Q) -> Q { Q(node: .and([lhs.node, rhs.node])) }
    public static func | (lhs: Q, rhs: Q) -> Q { Q(node: .or([lhs.node, rhs.node])) }
    public static prefix func ~ (operand: Q) -> Q { Q(node: .not(operand.node)) }
}

extension Q.Node {
    /// Whether a lookup in the tree starts with one of the names (annotations: HAVING, not WHERE).
    func refersTo(_ names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        switch self {
        case .lookup(let path, _):
            let first = path.split(separator: "__", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return names.contains(String(first))
        case .and(let children), .or(let children): return children.contains { $0.refersTo(names) }
        case .not(let child): return child.refersTo(names)
        }
    }
}

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

public struct Sum: Aggregate {
    public let path: String
    public let distinct: Bool
    public var function: String { "SUM" }
    public init(_ path: String, distinct: Bool = false) { self.path = path; self.distinct = distinct }
}

public struct Avg: Aggregate {
    public let path: String
    public let distinct: Bool
    public var function: String { "AVG" }
    public init(_ path: String, distinct: Bool = false) { self.path = path; self.distinct = distinct }
}

public struct Min: Aggregate {
    public let path: String
    public var distinct: Bool { false }
    public var function: String { "MIN" }
    public init(_ path: String) { self.path = path }
}

public struct Max: Aggregate {
    public let path: String
    public var distinct: Bool { false }
    public var function: String { "MAX" }
    public init(_ path: String) { self.path = path }
}
