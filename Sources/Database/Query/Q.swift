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
