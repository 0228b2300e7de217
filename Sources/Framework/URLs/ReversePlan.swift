/// The pattern chains a view name reverses to, precompiled once (by the resolver's reverse cache)
/// for the common call with positional arguments only: each chain of `path()` routes flattened
/// into literal text, already quoted, and parameter slots. Reversing then appends pieces to one
/// string, with no dictionary, no regular expression and no re-parsing of the routes.
final class ReversePlan: Sendable {
    /// A flattened chain of routes.
    struct Chain: Sendable {
        enum Piece: Sendable {
            /// Route text, as `quote` writes it.
            case literal(String)
            /// A parameter: its converter, and whether it is the built-in `int` one.
            case parameter(any PathConverter, isInt: Bool)
        }
        let pieces: [Piece]
        let parameterCount: Int
    }

    let chains: [[URLEntry.Pattern]]
    /// The flattened chains for positional arguments, in the order they are tried; nil when a
    /// chain holds a `re_path()` pattern (those take the general way). A chain whose include
    /// prefixes take parameters never reverses from positional arguments and is left out.
    let positional: [Chain]?

    init(_ chains: [[URLEntry.Pattern]]) {
        self.chains = chains
        var flattened: [Chain] = []
        var simple = true
        for chain in chains {
            var pieces: [Chain.Piece] = []
            var count = 0
            var usable = true
            for (index, pattern) in chain.enumerated() {
                guard case .route(let route) = pattern else { simple = false; break }
                for segment in route.segments {
                    switch segment {
                    case .literal(let bytes):
                        pieces.append(.literal(URLResolver.quote(String(decoding: bytes, as: UTF8.self))))
                    case .parameter(_, let converter):
                        // Positional arguments go to the last pattern only (see URLResolver.build).
                        if index < chain.count - 1 { usable = false }
                        pieces.append(.parameter(converter, isInt: converter is IntConverter))
                        count += 1
                    }
                }
            }
            if !simple { break }
            if usable { flattened.append(Chain(pieces: pieces, parameterCount: count)) }
        }
        positional = simple ? flattened : nil
    }

    /// The path for positional arguments under `scriptPrefix`, or nil when no chain takes them.
    /// Decides as `URLResolver.build` with `RoutePattern.reverse(positional:)` and `quote` do.
    static func build(_ chains: [Chain], _ args: [PathValue], scriptPrefix: String) -> String? {
        chains: for chain in chains where chain.parameterCount == args.count {
            var out = scriptPrefix
            var next = 0
            for piece in chain.pieces {
                switch piece {
                case .literal(let text):
                    out += text
                case .parameter(let converter, let isInt):
                    let value = args[next]
                    next += 1
                    if isInt, case .int(let number) = value {
                        // IntConverter.toURL: a non-negative number, written in digits.
                        guard number >= 0 else { continue chains }
                        out += String(number)
                        continue
                    }
                    guard let text = RoutePattern.text(value, converter) else { continue chains }
                    out += URLResolver.quote(text)
                }
            }
            return out
        }
        return nil
    }
}
