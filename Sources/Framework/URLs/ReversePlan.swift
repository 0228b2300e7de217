/// The pattern chains a view name reverses to, precompiled once (by the resolver's reverse cache)
/// for the common call with positional arguments only: each chain of `path()` routes flattened
/// into literal text, already quoted, and parameter slots. Reversing then appends pieces to one
/// string, with no dictionary, no regular expression and no re-parsing of the routes.
final class ReversePlan: Sendable {
    /// A flattened chain of routes: its literal text (already quoted) in one byte array, and
    /// pieces that are plain values (no references), so walking them costs no retain.
    struct Chain: Sendable {
        enum Piece: Sendable {
            /// Route text: a range of `text`.
            case literal(start: Int, end: Int)
            /// A parameter: its converter's index in `converters`, and whether it is the
            /// built-in `int` one.
            case parameter(converter: Int, isInt: Bool)
        }
        let pieces: [Piece]
        let text: [UInt8]
        let converters: [any PathConverter]
        let parameterCount: Int
        /// Whether every parameter takes the built-in `int` converter.
        var allInt: Bool { pieces.allSatisfy { if case .parameter(_, false) = $0 { false } else { true } } }
    }

    let chains: [[URLEntry.Pattern]]
    /// The flattened chains for positional arguments, in the order they are tried; nil when a
    /// chain holds a `re_path()` pattern (those take the general way). A chain whose include
    /// prefixes take parameters never reverses from positional arguments and is left out.
    let positional: Chains?

    /// The positional chains, and whether each takes only `int` parameters (worked out once).
    /// (A class: passed on as one reference, not as copies of its arrays.)
    ///
    /// The Int path walks `flat`: each chain's pieces and text copied once into memory the
    /// object owns, read through plain pointers, so a `{% url %}` costs no retain of the arrays.
    /// (`@unchecked Sendable`: the memory is written in `init` only, and freed in `deinit`.)
    final class Chains: @unchecked Sendable {
        let chains: [Chain]
        let allInt: [Bool]
        /// Whether the first chain takes only `int` parameters.
        let firstAllInt: Bool
        /// `chains` laid out for the Int path, in the same order.
        let flat: UnsafeMutableBufferPointer<Flat>

        /// A chain as the Int path reads it: plain values only.
        struct Flat {
            let pieces: UnsafeMutableBufferPointer<Chain.Piece>
            let text: UnsafeMutableBufferPointer<UInt8>
            let parameterCount: Int
            let allInt: Bool
        }

        init(_ chains: [Chain]) {
            self.chains = chains
            allInt = chains.map(\.allInt)
            firstAllInt = allInt.first ?? false
            flat = .allocate(capacity: chains.count)
            for (index, chain) in chains.enumerated() {
                let pieces = UnsafeMutableBufferPointer<Chain.Piece>.allocate(capacity: chain.pieces.count)
                _ = pieces.initialize(from: chain.pieces)
                let text = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chain.text.count)
                _ = text.initialize(from: chain.text)
                (flat.baseAddress! + index).initialize(to: Flat(pieces: pieces, text: text, parameterCount: chain.parameterCount,
                                                                allInt: allInt[index]))
            }
        }

        deinit {
            for chain in flat {
                chain.pieces.deallocate()
                chain.text.deallocate()
            }
            flat.deallocate()
        }
    }

    init(_ chains: [[URLEntry.Pattern]]) {
        self.chains = chains
        var flattened: [Chain] = []
        var simple = true
        for chain in chains {
            var pieces: [Chain.Piece] = []
            var text: [UInt8] = []
            var converters: [any PathConverter] = []
            var count = 0
            var usable = true
            for (index, pattern) in chain.enumerated() {
                guard case .route(let route) = pattern else { simple = false; break }
                for segment in route.segments {
                    switch segment {
                    case .literal(let bytes):
                        let start = text.count
                        text += URLResolver.quote(String(decoding: bytes, as: UTF8.self)).utf8
                        pieces.append(.literal(start: start, end: text.count))
                    case .parameter(_, let converter):
                        // Positional arguments go to the last pattern only (see URLResolver.build).
                        if index < chain.count - 1 { usable = false }
                        pieces.append(.parameter(converter: converters.count, isInt: converter is IntConverter))
                        converters.append(converter)
                        count += 1
                    }
                }
            }
            if !simple { break }
            if usable { flattened.append(Chain(pieces: pieces, text: text, converters: converters, parameterCount: count)) }
        }
        positional = simple ? Chains(flattened) : nil
    }

    /// The path for positional arguments under `scriptPrefix`, or nil when no chain takes them.
    /// Decides as `URLResolver.build` with `RoutePattern.reverse(positional:)` and `quote` do.
    /// The path is gathered as UTF-8 in one buffer and made a String once.
    static func build(_ chains: Chains, _ args: [PathValue], scriptPrefix: String) -> String? {
        guard chains.firstAllInt, args.allSatisfy({ if case .int(let n) = $0 { n >= 0 } else { false } }) else {
            return build(chains.chains, args, scriptPrefix: scriptPrefix)
        }
        var next = 0
        return withIntPath(chains, parameters: args.count, scriptPrefix: scriptPrefix,
                           general: { build(Array(chains.chains[$0...]), args, scriptPrefix: scriptPrefix) },
                           { out, count in
                               guard case .int(let number) = args[next] else { preconditionFailure("checked: Int arguments") }
                               next += 1
                               count = writeDigits(number, into: out, at: count)
                           }, { String(decoding: $0, as: UTF8.self) })
    }

    /// `build` for one non-negative Int argument (`{% url 'polls:detail' question.id %}`): no
    /// array of arguments is made unless a chain needs the general way.
    static func build(_ chains: Chains, int number: Int, scriptPrefix: String) -> String? {
        withPath(chains, int: number, scriptPrefix: scriptPrefix) { String(decoding: $0, as: UTF8.self) }
    }

    /// `build(_:int:scriptPrefix:)`'s path as UTF-8 given to `body` (valid UTF-8, never kept
    /// past the call): what `body` returns, or nil when no chain takes the number.
    static func withPath<R>(_ chains: Chains, int number: Int, scriptPrefix: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard chains.firstAllInt, number >= 0 else { return general(build(chains, [.int(number)], scriptPrefix: scriptPrefix), body) }
        return withIntPath(chains, parameters: 1, scriptPrefix: scriptPrefix,
                           general: { build(Array(chains.chains[$0...]), [.int(number)], scriptPrefix: scriptPrefix) },
                           { out, count in count = writeDigits(number, into: out, at: count) }, body)
    }

    /// The path of the first chain taking `parameters` non-negative Int arguments, written on the
    /// stack by `parameter` and given to `body`. A chain with another converter may refuse a
    /// number, so from such a chain on `general(index)` decides, as `build` does in general.
    @inline(__always) private static func withIntPath<R>(
        _ chains: Chains, parameters: Int, scriptPrefix: String, general generalPath: (Int) -> String?,
        _ parameter: (UnsafeMutableBufferPointer<UInt8>, inout Int) -> Void,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R? {
        let all = chains.flat
        var index = 0
        while index < all.count {
            defer { index += 1 }
            guard all[index].parameterCount == parameters else { continue }
            guard all[index].allInt else { return general(generalPath(index), body) }
            return withPath(all[index], scriptPrefix: scriptPrefix, capacity: 20, parameter, body)
        }
        return nil
    }

    /// A path the general way, given to `body` as UTF-8.
    private static func general<R>(_ path: String?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var path else { return nil }
        return path.withUTF8(body)
    }

    /// A chain's path under `scriptPrefix`, its parameters written by `parameter` (each call
    /// writes the next one at the position given, moving it on), in a buffer on the stack of
    /// the prefix's and the text's size plus `capacity` per parameter, given to `body`.
    @inline(__always) static func withPath<R>(_ chain: Chains.Flat, scriptPrefix: String, capacity perParameter: Int,
                                              _ parameter: (UnsafeMutableBufferPointer<UInt8>, inout Int) -> Void,
                                              _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let text = chain.text, pieces = chain.pieces
        var prefix = scriptPrefix
        return prefix.withUTF8 { prefix in
            let capacity = prefix.count + text.count + perParameter * chain.parameterCount
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out -> R in
                var count = 0
                for byte in prefix { out[count] = byte; count += 1 }
                for piece in pieces {
                    switch piece {
                    case .literal(let start, let end):
                        for position in start..<end { out[count] = text[position]; count += 1 }
                    case .parameter:
                        parameter(out, &count)
                    }
                }
                return body(UnsafeBufferPointer(rebasing: out[..<count]))
            }
        }
    }

    /// `build` in general: the path gathered in an array.
    static func build(_ chains: [Chain], _ args: [PathValue], scriptPrefix: String) -> String? {
        var out: [UInt8] = []
        chains: for chain in chains where chain.parameterCount == args.count {
            out.removeAll(keepingCapacity: true)
            out.reserveCapacity(scriptPrefix.utf8.count + chain.text.count + 20 * args.count)
            out += scriptPrefix.utf8
            var next = 0
            for piece in chain.pieces {
                switch piece {
                case .literal(let start, let end):
                    out += chain.text[start..<end]
                case .parameter(let converter, let isInt):
                    let value = args[next]
                    next += 1
                    if isInt, case .int(let number) = value {
                        // IntConverter.toURL: a non-negative number, written in digits.
                        guard number >= 0 else { continue chains }
                        appendDigits(number, to: &out)
                        continue
                    }
                    guard let text = RoutePattern.text(value, chain.converters[converter]) else { continue chains }
                    out += URLResolver.quote(text).utf8
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return nil
    }

    /// Writes the decimal digits of a non-negative number at `start`; the new end.
    @inline(__always) static func writeDigits(_ number: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var digits = 1
        var rest = number / 10
        while rest > 0 { digits += 1; rest /= 10 }
        rest = number
        var position = start + digits
        while position > start {
            position -= 1
            out[position] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
            rest /= 10
        }
        return start + digits
    }

    /// The decimal digits of a non-negative number.
    @inline(__always) static func appendDigits(_ number: Int, to out: inout [UInt8]) {
        if number < 10 { out.append(UInt8(truncatingIfNeeded: number) &+ 0x30); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = number
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                count += 1
                buffer[24 - count] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
            }
            out += buffer[(24 - count)...]
        }
    }
}
