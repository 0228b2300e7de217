import Synchronization

/// An error a tag raises while rendering (Django raises ValueError, TypeError or
/// NoReverseMatch there): an unpacking mismatch in `for`, a URL that cannot be reversed.
public struct TagRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// State a tag compiler keeps on the parser for the rest of one template (Django sets
/// attributes on its Parser: `_named_cycle_nodes`, `_last_cycle_node`, `extra_data["partials"]`).
/// Parser has no room for it, so it lives in a side table keyed by the parser's identity and
/// dropped when the parser goes away. Only the thread parsing a template touches its entry.
final class ParserExtras: @unchecked Sendable {
    weak var parser: Parser?
    var namedCycles: [String: CycleNode] = [:]
    var lastCycle: CycleNode?
    let partials = PartialRegistry()

    init(_ parser: Parser) { self.parser = parser }

    private static let table = Mutex<[ObjectIdentifier: ParserExtras]>([:])

    /// The extras of `parser`, made on first use.
    static func of(_ parser: Parser) -> ParserExtras {
        let key = ObjectIdentifier(parser)
        if let found = table.withLock({ $0[key] }), found.parser === parser { return found }
        let made = ParserExtras(parser)
        table.withLock { table in
            table = table.filter { $0.value.parser != nil }
            table[key] = made
        }
        return made
    }
}

/// Helpers shared by the tags: Django's `token_kwargs`, its context builtins, Python's
/// comparisons, and unpacking for `for a, b in …`.
enum TagSupport {
    /// Django's `kwarg_re` (`(?:(\w+)=)?(.+)`): the keyword of `name=value`, if any.
    static func splitKeyword(_ bit: String) -> (name: String?, value: String) {
        // Django's kwarg_re, (?:(\w+)=)?(.+): a keyword needs a value after its "=".
        if let equals = bit.firstIndex(of: "="), equals > bit.startIndex, bit.index(after: equals) < bit.endIndex {
            let name = bit[..<equals]
            if name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return (String(name), String(bit[bit.index(after: equals)...]))
            }
        }
        return (nil, bit)
    }

    /// Django's `token_kwargs`: reads `a=b c=d` (or, with `legacy`, `b as a and d as c`) from the
    /// front of `bits`, removing what it used.
    static func tokenKeywords(_ bits: inout [String], _ parser: Parser, legacy: Bool) throws -> [(String, FilterExpression)] {
        guard let first = bits.first else { return [] }
        let keywordFormat = splitKeyword(first).name != nil
        if !keywordFormat {
            guard legacy, bits.count >= 3, bits[1] == "as" else { return [] }
        }
        var result: [(String, FilterExpression)] = []
        while let bit = bits.first {
            let key: String, value: String
            if keywordFormat {
                guard let name = splitKeyword(bit).name else { return result }
                key = name
                value = splitKeyword(bit).value
                bits.removeFirst()
            } else {
                guard bits.count >= 3, bits[1] == "as" else { return result }
                key = bits[2]
                value = bits[0]
                bits.removeFirst(3)
            }
            result.removeAll { $0.0 == key }
            result.append((key, try parser.compileFilter(value)))
            if !bits.isEmpty && !keywordFormat {
                guard bits[0] == "and" else { return result }
                bits.removeFirst()
            }
        }
        return result
    }

    /// A tag argument's value: the core FilterExpression, which (as Django) treats a missing
    /// variable as None when `ignoreFailures` and still applies its filters; the context holds
    /// True, False and None.
    static func resolve(_ expression: FilterExpression, _ context: Context, ignoreFailures: Bool = false) throws -> Any? {
        try expression.resolve(context, ignoreFailures: ignoreFailures)
    }

    /// Python's `len()` and iteration of an item being unpacked: lists, tuples, strings,
    /// dictionaries (their keys), regroup's results; anything else counts as one value.
    static func unpack(_ item: Any?) -> [Any]? {
        guard let value = Value.unwrap(item) else { return nil }
        if let group = value as? GroupedResult { return [group.grouper as Any, group.list] }
        if let list = Value.list(value) { return list }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .tuple { return mirror.children.map(\.value) }
        return sequence(value)
    }

    /// The elements of any Swift Sequence (sets, ranges), as iteration would give them.
    static func sequence(_ value: Any) -> [Any]? {
        guard let sequence = value as? any Sequence else { return nil }
        return elements(sequence)
    }

    private static func elements<S: Sequence>(_ sequence: S) -> [Any] { sequence.map { $0 as Any } }

    /// Python's type name for error messages.
    static func typeName(_ value: Any?) -> String {
        switch Value.unwrap(value) {
        case nil: "NoneType"
        case is Bool: "bool"
        case is Int: "int"
        case is Double: "float"
        case is String, is SafeString: "str"
        case let other?: String(describing: type(of: other))
        }
    }

    /// Python's `==`: Value.equal (numbers by value, strings whether safe or not), and also
    /// dictionaries by content, Equatable values by `==` and objects by identity, which the
    /// core comparison does not cover.
    static func equal(_ a: Any?, _ b: Any?) -> Bool {
        let a = Value.unwrap(a), b = Value.unwrap(b)
        if Value.equal(a, b) { return true }
        guard let a, let b else { return false }
        let scalar: (Any) -> Bool = { isNumber($0) || Value.text($0) != nil }
        if scalar(a) || scalar(b) { return false }
        if let x = a as? [Any], let y = b as? [Any] {
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        }
        if let x = dictionary(a), let y = dictionary(b) {
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        }
        if let equatable = a as? any Equatable { return equals(equatable, b) }
        if type(of: a) is AnyClass && type(of: b) is AnyClass { return (a as AnyObject) === (b as AnyObject) }
        return false
    }

    private static func equals<T: Equatable>(_ a: T, _ b: Any) -> Bool { (b as? T).map { $0 == a } ?? false }

    private static func dictionary(_ value: Any) -> [String: Any]? {
        if let dict = value as? [String: Any] { return dict }
        if let dict = value as? TemplateDictionary { return Dictionary(dict.items) { first, _ in first } }
        return nil
    }

    /// Python's `<` between two values; nil when Python raises TypeError.
    static func less(_ a: Any?, _ b: Any?) -> Bool? {
        let a = Value.unwrap(a), b = Value.unwrap(b)
        if isNumber(a), isNumber(b), let x = Value.number(a), let y = Value.number(b) { return x < y }
        if let x = Value.text(a), let y = Value.text(b) {
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        }
        if let x = a as? [Any], let y = b as? [Any] {
            for (p, q) in zip(x, y) where !equal(p, q) { return less(p, q) }
            return x.count < y.count
        }
        return nil
    }

    static func isNumber(_ value: Any?) -> Bool { value is Int || value is Double || value is Bool }

    /// Python's `x in y`: substring, list membership, dictionary key; nil on TypeError.
    static func contains(_ container: Any?, _ element: Any?) -> Bool? {
        switch Value.unwrap(container) {
        case let text as String: return Value.text(element).map { $0.isEmpty || text.contains($0) }
        case let safe as SafeString: return Value.text(element).map { $0.isEmpty || safe.value.contains($0) }
        case let list as [Any]: return list.contains { equal($0, element) }
        case let dict as [String: Any]: return Value.text(element).map { dict[$0] != nil }
        case let dict as TemplateDictionary: return Value.text(element).map { dict[$0] != nil }
        case let other?: return sequence(other).map { $0.contains { equal($0, element) } }
        case nil: return nil
        }
    }

    /// Python's `is`: None is None, a bool is the same bool, an object is itself (and CPython's
    /// cached small ints are themselves).
    static func identical(_ a: Any?, _ b: Any?) -> Bool {
        let a = Value.unwrap(a), b = Value.unwrap(b)
        switch (a, b) {
        case (nil, nil): return true
        case let (x as Bool, y as Bool): return x == y
        case let (x as Int, y as Int): return x == y && (-5...256).contains(x)
        case let (x?, y?): return type(of: x) is AnyClass && (x as AnyObject) === (y as AnyObject)
        default: return false
        }
    }

    /// Reads a tag's words after the name as `simple_tag` does: positional arguments, then
    /// keyword ones, then an optional `as name`.
    static func simpleTagArguments(_ token: Token, _ parser: Parser) throws
        -> (args: [FilterExpression], kwargs: [(String, FilterExpression)], asvar: String?) {
        var bits = Array(token.splitContents())
        let name = bits.removeFirst()
        var asvar: String?
        if bits.count >= 2 && bits[bits.count - 2] == "as" {
            asvar = bits[bits.count - 1]
            bits.removeLast(2)
        }
        var args: [FilterExpression] = []
        var kwargs: [(String, FilterExpression)] = []
        for bit in bits {
            let (keyword, value) = splitKeyword(bit)
            if let keyword {
                if kwargs.contains(where: { $0.0 == keyword }) {
                    throw TemplateSyntaxError("'\(name)' received multiple values for keyword argument '\(keyword)'")
                }
                kwargs.append((keyword, try parser.compileFilter(value)))
            } else {
                guard kwargs.isEmpty else {
                    throw TemplateSyntaxError("'\(name)' received some positional argument(s) after some keyword argument(s)")
                }
                args.append(try parser.compileFilter(value))
            }
        }
        return (args, kwargs, asvar)
    }
}
