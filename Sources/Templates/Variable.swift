import Foundation

/// A variable or literal in a template: `question.choice_set.0.text`, `"text"`, `42`, `1.5`,
/// `_("Hello")`. Resolves with Django's lookup order: dictionary key, attribute (a property,
/// or `TemplateLookup`), list index; zero-argument closures found on the way are called.
public struct Variable: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case literal(LiteralValue)
        case lookup([Bit])
    }

    /// One step of a lookup, with what it needs worked out once at parse time: the Swift
    /// spelling of a Django attribute, the list index it reads as, the `forloop` field it names,
    /// and the attribute getter it found for the type of value it meets (a class, so passing a
    /// step on costs one reference, not a copy of its fields).
    final class Bit: Sendable {
        let name: String
        let camel: String
        let index: Int?
        let loopKey: ForLoop.Key?
        /// The name's bits, for finding it in a dictionary without hashing it.
        let smallKey: SmallKey?
        let site: AttributeSite

        init(_ name: String) {
            self.name = name
            smallKey = SmallKey(name)
            camel = Variable.camelCase(name)
            index = Int(name)
            loopKey = ForLoop.Key(rawValue: name)
            site = AttributeSite(name)
        }
    }

    /// A literal's value; Sendable wrapper over the few literal types.
    enum LiteralValue: Sendable {
        case int(Int), double(Double), safe(String)
        var value: Any {
            switch self {
            case .int(let v): v
            case .double(let v): v
            case .safe(let v): SafeString(v)
            }
        }
    }

    let kind: Kind
    public let source: String
    /// The lookup again when it is two small names (`row.name`), for loops' items.
    private(set) var pair: LookupPair?
    /// The second step of a two-name lookup (`question.id`'s `id`), held apart from `kind` so
    /// a loop's item is read through it with no copy of the steps.
    private(set) var second: Bit?
    /// The name of a one-name lookup (`latest_question_list`), for `{% if %}`'s test of it.
    private(set) var onlyName: String?

    public init(_ source: String) throws {
        self.source = source
        var text = source
        if text.hasPrefix("_(") && text.hasSuffix(")") { text = String(text.dropFirst(2).dropLast()) }
        if let first = text.first, first == "\"" || first == "'" {
            guard text.count >= 2, text.last == first else {
                throw TemplateSyntaxError("Could not parse the remainder: '\(source)'")
            }
            kind = .literal(.safe(Self.unescapeLiteral(String(text.dropFirst().dropLast()), quote: first)))
            return
        }
        if let int = Int(text), !text.contains("."), !text.lowercased().contains("e") {
            kind = .literal(.int(int))
            return
        }
        if text.contains(".") || text.lowercased().contains("e"), let double = Double(text), !text.hasSuffix("."), text.first != "." || text.count > 1 {
            if text.first?.isNumber == true || text.first == "-" || text.first == "+" || text.first == "." {
                kind = .literal(.double(double))
                return
            }
        }
        // Django's var_chars: a variable is word characters and dots; anything else is a
        // remainder that could not be parsed.
        if let bad = text.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
            throw TemplateSyntaxError("Could not parse the remainder: '\(text[bad...])' from '\(source)'")
        }
        let bits = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // An empty bit ("a..b") looks up the empty string, as Django 6.1 still does (deprecated).
        if bits.contains(where: { $0.hasPrefix("_") }) {
            throw TemplateSyntaxError("Variables and attributes may not begin with underscores: '\(text)'")
        }
        let steps = bits.map(Bit.init)
        kind = .lookup(steps)
        pair = LookupPair(bits)
        second = steps.count == 2 ? steps[1] : nil
        onlyName = steps.count == 1 ? steps[0].name : nil
    }

    /// Django's `unescape_string_literal`: only `\"` (or `\'`, the enclosing quote) and `\\`
    /// lose their backslash; `\o\f` in a date format stays as written.
    static func unescapeLiteral(_ text: String, quote: Character) -> String {
        text.replacingOccurrences(of: "\\\(quote)", with: String(quote)).replacingOccurrences(of: "\\\\", with: "\\")
    }

    public var description: String { source }

    public var isLiteral: Bool { if case .literal = kind { true } else { false } }

    /// The value, or VariableDoesNotExist.
    public func resolve(_ context: Context) throws -> Any? {
        let value = try resolveAny(context)
        return Value.isNone(value) ? nil : value
    }

    /// `resolve` without an Optional around the value (`Value.none` for nil): what rendering
    /// uses, since copying an `Any?` costs far more than copying an `Any`.
    @inline(__always) func resolveAny(_ context: Context) throws -> Any {
        var missing = false
        return try resolveAny(context, missing: &missing, report: false)
    }

    /// `resolveAny`; with `report`, a first name no level holds sets `missing` and gives
    /// `Value.none` instead of throwing (a test such as `{% if x %}` for a missing `x` costs no
    /// error).
    @inline(__always) func resolveAny(_ context: Context, missing: inout Bool, report: Bool) throws -> Any {
        switch kind {
        case .literal(let literal): return literal.value
        case .lookup(let bits):
            // `row.name` and `forloop.counter` in the body of a loop: answered by the loop's level.
            if let pair {
                if let found = context.loopField(pair) {
                    return try checked(found)
                } else if let loop = context.loopObject(pair), let key = pair.loopKey {
                    return loop.value(key)
                } else if let found = fieldOfLoopItem(pair, context) {
                    return try notFunction(Self.invoked(found))
                }
            }
            guard let found = context.find(bits[0].name) else {
                if report {
                    missing = true
                    return Value.none
                }
                throw VariableDoesNotExist(key: bits[0].name, in: source)
            }
            // Values are passed on as arguments rather than kept in a variable: asking a
            // variable's type copies the value, asking a parameter's does not.
            var current = try Self.invoked(found)
            var index = 1
            while index < bits.count {
                guard let next = Self.step(bits[index], in: current) else {
                    throw VariableDoesNotExist("Failed lookup for key [\(bits[index].name)] in \(Value.pythonRepr(current))")
                }
                current = try Self.invoked(next)
                index += 1
            }
            return try notFunction(current)
        }
    }

    /// `question.id` where `question` is the innermost level's loop item and `id` has a
    /// registered getter for the item's type: the field read from the item (a copy of the
    /// slot, one retain), as `find` then `step` would read it; nil otherwise.
    @inline(__always) private func fieldOfLoopItem(_ pair: LookupPair, _ context: Context) -> Any? {
        guard let second, let item = context.loopItem(named: pair.head) else { return nil }
        let type = ValueKind.dynamicType(item)
        // (A callable is called first, a dictionary and `forloop` answer by key: the general way.)
        guard type != TemplateCallable.self, type != [String: Any].self, type != ForLoop.self,
              let getter = second.site.getter(for: type) else { return nil }
        // (Taken out of the Optional rather than through `??`, which copies it.)
        if let value = getter(item) { return value }
        return Value.none
    }

    /// What the registered getter gives for `question.question_text` where `question` is the
    /// innermost level's loop item, handed to `body` (which owns it) with no copy on the way;
    /// false (and `body` not called) when the lookup takes another way: `resolveAny` would
    /// answer it from `fieldOfLoopItem` exactly when this calls `body`.
    @inline(__always) func withFieldOfLoopItem(_ context: Context, _ body: (consuming Any?) -> Void) -> Bool {
        Self.withFieldOfLoopItem(pair: pair, second: second, context, body)
    }

    /// `withFieldOfLoopItem` given the variable's `pair` and `second` (read by a caller that
    /// holds the variable in a class, so no copy of the whole variable is made). The item is
    /// copied out of its level before the getter runs: reading it in place, the compiler
    /// retains the levels, the item's level and more around the calls to the getter and `body`.
    @inline(__always) static func withFieldOfLoopItem(pair: LookupPair?, second: Bit?, _ context: Context, _ body: (consuming Any?) -> Void) -> Bool {
        guard let pair, !pair.isForloop, second != nil, let item = context.loopItem(named: pair.head) else { return false }
        let type = ValueKind.dynamicType(item)
        guard type != TemplateCallable.self, type != [String: Any].self, type != ForLoop.self else { return false }
        // (Through an unmanaged reference: bound as `let second`, the step is retained.)
        return Unmanaged.passUnretained(second.unsafelyUnwrapped)._withUnsafeGuaranteedRef { $0.site.read(item, type: type, body) }
    }

    /// `resolveAny` with the value's type, asked once for a loop item's field.
    @inline(__always) func resolveTyped(_ context: Context) throws -> (value: Any, type: Any.Type) {
        if let pair, let found = context.loopField(pair) {
            let type = Self.metatype(found)
            if type != TemplateCallable.self && !MetadataKind.isFunction(type) { return (found, type) }
        }
        let value = try resolveAny(context)
        return (value, Self.metatype(value))
    }

    /// `notFunction(invoked(value))` asking the value's type once.
    @inline(__always) func checked(_ value: consuming Any) throws -> Any {
        let type = Self.metatype(value)
        if type == TemplateCallable.self { return try notFunction(Self.call(value)) }
        if MetadataKind.isFunction(type) {
            throw VariableDoesNotExist("\(source) is a function that needs arguments")
        }
        return value
    }

    /// A TemplateCallable called, anything else as it is.
    @inline(__always) static func invoked(_ value: consuming Any) throws -> Any {
        if metatype(value) == TemplateCallable.self { return try call(value) }
        return value
    }

    /// The dynamic type of a value, looked at without copying it.
    @inline(__always) static func metatype(_ value: borrowing Any) -> Any.Type { ValueKind.dynamicType(value) }

    /// A function that needs arguments cannot be called from a template: as Django does for
    /// such a method, the lookup fails (string_if_invalid).
    @inline(__always) func notFunction(_ value: consuming Any) throws -> Any {
        if MetadataKind.isFunction(Self.metatype(value)) {
            throw VariableDoesNotExist("\(source) is a function that needs arguments")
        }
        return value
    }

    /// `question_text` → `questionText`.
    static func camelCase(_ name: String) -> String {
        guard name.utf8.contains(UInt8(ascii: "_")) else { return name }
        let parts = name.split(separator: "_", omittingEmptySubsequences: true)
        return (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Calls a TemplateCallable found on the way, as Django calls the callables it finds; what
    /// it throws goes up, but a SilentVariableFailure is a failed lookup.
    static func call(_ value: Any) throws -> Any {
        do {
            return try (value as! TemplateCallable).call() ?? Value.none
        } catch is SilentVariableFailure {
            throw VariableDoesNotExist("a callable raised a silent failure")
        }
    }

    /// One step of a lookup: key, then attribute, then index.
    public static func lookup(_ bit: String, in value: Any?) -> Any?? { slowLookup(Bit(bit), in: value) }

    /// `lookup` with the bit's forms worked out: dictionaries and `forloop` answer first.
    /// Nil for a failed lookup; a nil value is `Value.none`.
    @inline(__always) static func step(_ bit: Bit, in value: Any) -> Any? {
        let type = ValueKind.dynamicType(value)
        if type == [String: Any].self {
            let dict = ValueKind.payload(value, as: [String: Any].self)
            let found: Any?
            if let small = bit.smallKey { found = small.value(in: dict) } else { found = dict[bit.name] }
            if let found { return found }
        } else if type == ForLoop.self, let key = bit.loopKey {
            return (value as! ForLoop).value(key)
        } else if let getter = bit.site.getter(for: type) {
            // A registered type's attribute, by the getter this step found for it.
            if let found = getter(value) { return found }
            return Value.none
        }
        switch slowLookup(bit, in: value) {
        case .none: return nil
        case .some(let found): return found ?? Value.none
        }
    }

    /// One step of a lookup: key, then attribute, then index.
    static func slowLookup(_ bit: Bit, in value: Any?) -> Any?? {
        let camel = bit.camel, listIndex = bit.index
        let bit = bit.name
        guard var value = Value.unwrap(value) else { return nil }
        var kind = ValueKind(value)
        if case .other = kind {
            let dynamicType = type(of: value)
            if dynamicType == AnyHashable.self {
                if let lookup = value as? TemplateLookup, let found = lookup.templateValue(forKey: bit) { return .some(found) }
                if let attributes = TemplateAttributes.lookup(for: dynamicType), let found = attributes(value, bit) { return found }
            } else {
                // Conformance and the registered lookup, known once per type (see TypeEntry).
                let entry = TemplateAttributes.entry(for: dynamicType)
                if let lookup = entry.templateLookup, let found = lookup.templateValue(of: value, forKey: bit) { return .some(found) }
                if let attributes = entry.attributes, let found = attributes(value, bit) { return found }
            }
            // Typed dictionaries ([String: String]…) look up as the plain one.
            if let dict = value as? [String: Any] { value = dict; kind = .dictionary }
        }
        switch kind {
        case .dictionary:
            let dict = value as! [String: Any]
            if let found = dict[bit] { return .some(found) }
            switch bit {
            case "items": return .some(dict.keys.sorted().map { [$0, dict[$0]!] as [Any] })
            case "keys": return .some(dict.keys.sorted() as [Any])
            case "values": return .some(dict.keys.sorted().map { dict[$0]! })
            default: return nil
            }
        case .templateDictionary:
            let dict = value as! TemplateDictionary
            if let found = dict[bit] { return .some(found) }
            switch bit {
            case "items": return .some(dict.items.map { [$0.0, $0.1] as [Any] })
            case "keys": return .some(dict.keys as [Any])
            case "values": return .some(dict.items.map { $0.1 })
            default: return nil
            }
        default:
            break
        }
        if let index = listIndex {
            if let array = value as? [Any] {
                let i = index < 0 ? array.count + index : index
                return array.indices.contains(i) ? .some(array[i]) : nil
            }
            if let text = Value.text(value) {
                let chars = Array(text)
                let i = index < 0 ? chars.count + index : index
                return chars.indices.contains(i) ? .some(String(chars[i])) : nil
            }
        }
        // Attributes: stored properties by name; a Django-style `question_text` also finds the
        // Swift property `questionText`, so templates port unchanged.
        var mirror: Mirror? = Mirror(reflecting: value)
        while let current = mirror {
            // Tuples label their elements ".0", ".1".
            if let child = current.children.first(where: { $0.label == bit || $0.label == camel || $0.label == "." + bit }) {
                return .some(child.value)
            }
            mirror = current.superclassMirror
        }
        return nil
    }
}

/// A zero-argument callable a template calls when it looks it up, as Django calls methods and
/// functions it finds (`{{ question.was_published_recently }}`). What it throws stops the
/// render, as an exception from a method does in Django, unless it is a SilentVariableFailure.
public struct TemplateCallable: @unchecked Sendable {
    // The closure is only called, never mutated.
    let call: () throws -> Any?
    public init(_ call: @escaping () throws -> Any?) { self.call = call }
}

/// An error that a lookup treats as a missing value (string_if_invalid), as Django does with an
/// exception whose `silent_variable_failure` is True.
public protocol SilentVariableFailure: Error {}
