import Foundation

/// A string that is safe to output without escaping: Django's SafeString (`mark_safe`).
public struct SafeString: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
}

/// A dictionary that keeps the order of its keys, as Python's dict does: what JSON contexts and
/// `items` iterate in.
public struct TemplateDictionary: @unchecked Sendable, CustomStringConvertible {
    // Values are template values (Any), read-only once built.
    public private(set) var keys: [String] = []
    private var storage: [String: Any] = [:]

    public init() {}
    public init(_ pairs: [(String, Any)]) { for (key, value) in pairs { self[key] = value } }

    public subscript(key: String) -> Any? {
        get { storage[key] }
        set {
            if storage[key] == nil && newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    public var count: Int { keys.count }
    public var items: [(String, Any)] { keys.map { ($0, storage[$0]!) } }
    public var description: String { Value.pythonRepr(self) }
}

/// A value a template can look attributes up on (Django's attribute and method lookup):
/// conform a type to offer names beyond its stored properties (which Mirror finds).
public protocol TemplateLookup {
    func templateValue(forKey key: String) -> Any?
}

/// Python's view of template values: truth, `str()`, `repr()`, numbers. Values are `Any`:
/// strings, SafeString, Int, Double, Bool, nil, arrays, [String: Any], TemplateDictionary,
/// Date, and any struct or class (its properties are found by name).
public enum Value {
    /// Python truth: None, False, 0, 0.0, "" and empty collections are false.
    public static func isTruthy(_ value: Any?) -> Bool {
        guard let value = unwrap(value) else { return false }
        switch ValueKind(value) {
        case .bool: return ValueKind.payload(value, as: Bool.self)
        case .int: return ValueKind.payload(value, as: Int.self) != 0
        case .string: return !ValueKind.payload(value, as: String.self).isEmpty
        case .safe: return !ValueKind.payload(value, as: SafeString.self).value.isEmpty
        default: break
        }
        // A typed array ([Question]) answers without being converted to [Any] first (its type
        // known as one once, not by a conformance check per value).
        if let arrayType = TemplateArrayType.of(value) { return !arrayType.templateIsEmpty(value) }
        switch value {
        case let bool as Bool: return bool
        case let int as Int: return int != 0
        case let double as Double: return double != 0
        case let string as String: return !string.isEmpty
        case let safe as SafeString: return !safe.value.isEmpty
        case let array as [Any]: return !array.isEmpty
        case let dict as [String: Any]: return !dict.isEmpty
        case let dict as TemplateDictionary: return dict.count > 0
        default: return true
        }
    }

    /// A nil value where a non-optional `Any` is wanted (as contexts store None).
    /// (Made once: an `Any?` does not fit an `Any`'s inline buffer, so each one made would be
    /// a heap box; this one is shared, and never changed.)
    nonisolated(unsafe) public static let none: Any = Optional<Any>.none as Any

    /// Whether `value` is nil wrapped in an `Any` (at any depth of Optional).
    @inline(__always) public static func isNone(_ value: Any) -> Bool {
        MetadataKind.isOptional(ValueKind.dynamicType(value)) && unwrap(value) == nil
    }

    /// `isTruthy` of a value not wrapped in an Optional (`Value.none` for nil).
    @inline(__always) public static func isTruthy(any value: Any) -> Bool {
        let type = ValueKind.dynamicType(value)
        if type == Bool.self { return ValueKind.payload(value, as: Bool.self) }
        if type == Int.self { return ValueKind.payload(value, as: Int.self) != 0 }
        if type == String.self { return !ValueKind.payload(value, as: String.self).isEmpty }
        // A typed array (`{% if latest_question_list %}`) answers by its count, with no Optional
        // made of it.
        if type != SafeString.self, type != Double.self, type != AnyHashable.self, !MetadataKind.isOptional(type),
           let arrayType = TemplateAttributes.arrayType(for: type) {
            return !arrayType.templateIsEmpty(value)
        }
        return isTruthy(MetadataKind.isOptional(type) ? unwrap(value) : value)
    }

    /// The value when it is exactly an `Int` (not a Bool, a Double or an optional), read without
    /// the runtime's dynamic cast.
    @inline(__always) public static func exactInt(_ value: Any) -> Int? {
        ValueKind.dynamicType(value) == Int.self ? ValueKind.payload(value, as: Int.self) : nil
    }

    /// Whether a value is of one of the plain types (no protocol needs checking for it).
    @inline(__always) public static func isPlain(_ value: Any) -> Bool {
        if case .other = ValueKind(value) { false } else { true }
    }

    /// Looks through Optional wrappers, so `Any` holding `String?.none` counts as nil.
    @inline(__always) public static func unwrap(_ value: Any?) -> Any? {
        guard let value else { return nil }
        let type = ValueKind.dynamicType(value)
        guard MetadataKind.isOptional(type) else { return value }
        // `Value.none` and other `Any?` values held as themselves, without a cast to a protocol.
        if ValueKind.storedType(value) == Optional<Any>.self { return unwrap(optionalAny(value)) }
        guard let optional = value as? any OptionalValue else { return value }
        return unwrap(optional.wrappedValue)
    }

    /// The `Any?` that `value` holds as itself (its container's own type is `Optional<Any>`,
    /// see `ValueKind.storedType`).
    @inline(__always) static func optionalAny(_ value: Any) -> Any? {
        func open<T>(_ opened: T) -> Any? {
            precondition(T.self == Optional<Any>.self, "optionalAny of another type")
            return unsafeBitCast(opened, to: Optional<Any>.self)
        }
        return _openExistential(value, do: open)
    }

    /// Python's `str()`: what `{{ value }}` prints before escaping.
    public static func string(_ value: Any?) -> String {
        guard let value = unwrap(value) else { return "None" }
        switch ValueKind(value) {
        case .string: return ValueKind.payload(value, as: String.self)
        case .safe: return ValueKind.payload(value, as: SafeString.self).value
        case .int: return String(ValueKind.payload(value, as: Int.self))
        case .double: return pythonFloat(ValueKind.payload(value, as: Double.self))
        case .bool: return ValueKind.payload(value, as: Bool.self) ? "True" : "False"
        case .list, .dictionary, .templateDictionary: return pythonRepr(value)
        case .other:
            // Typed collections ([String], [[String: Int]]…) cast to the plain ones.
            switch value {
            case let decimal as Decimal: return "\(decimal)"
            case is [Any], is [String: Any]: return pythonRepr(value)
            case let describable as CustomStringConvertible: return describable.description
            default: return String(describing: value)
            }
        }
    }

    /// Python's `repr()` for the values above: lists and dicts as Python prints them.
    public static func pythonRepr(_ value: Any?) -> String {
        guard let value = unwrap(value) else { return "None" }
        switch value {
        case let string as String: return quote(string)
        case let safe as SafeString: return quote(safe.value)
        case let array as [Any]: return "[" + array.map { pythonRepr($0) }.joined(separator: ", ") + "]"
        case let dict as TemplateDictionary:
            return "{" + dict.items.map { "\(quote($0.0)): \(pythonRepr($0.1))" }.joined(separator: ", ") + "}"
        case let dict as [String: Any]:
            return "{" + dict.sorted { $0.key < $1.key }.map { "\(quote($0.key)): \(pythonRepr($0.value))" }.joined(separator: ", ") + "}"
        default: return string(value)
        }
    }

    /// Python's quoting of a str in repr: single quotes unless the text holds one and no double.
    static func quote(_ text: String) -> String {
        let useDouble = text.contains("'") && !text.contains("\"")
        let q = useDouble ? "\"" : "'"
        var out = q
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "'" where !useDouble: out += "\\'"
            default: out.append(char)
            }
        }
        return out + q
    }

    /// Python's float `str()`: shortest round-trip digits, ".0" for integral values, and
    /// exponents from 1e16 on (as `repr(1e16)` is '1e+16').
    public static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4) {
            var text = "\(value)"  // Swift prints 1e+16, 1e-05
            if let e = text.firstIndex(of: "e") {
                var exponent = String(text[text.index(after: e)...])
                let sign = exponent.hasPrefix("-") ? "-" : "+"
                exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
                if exponent.count < 2 { exponent = "0" + exponent }
                text = String(text[..<e]) + "e" + sign + exponent
            }
            return text
        }
        if value == value.rounded(), magnitude < 1e16 { return (value.sign == .minus ? "-" : "") + String(Int(magnitude)) + ".0" }
        return "\(value)"
    }

    /// A value as a number, when it is one or a string that reads as one (Python's int()/float()).
    public static func number(_ value: Any?) -> Double? {
        switch unwrap(value) {
        case let int as Int: return Double(int)
        case let double as Double: return double
        case let bool as Bool: return bool ? 1 : 0
        case let string as String: return Double(string.trimmingCharacters(in: .whitespaces))
        case let safe as SafeString: return Double(safe.value.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A value as an Int (Python's int()), when it converts.
    public static func integer(_ value: Any?) -> Int? {
        guard let value = unwrap(value) else { return nil }
        if case .int = ValueKind(value) { return ValueKind.payload(value, as: Int.self) }
        switch value {
        case let int as Int: return int
        case let double as Double: return Int(exactly: double.rounded(.towardZero))  // nil beyond Int, not a crash
        case let bool as Bool: return bool ? 1 : 0
        case let string as String: return Int(string.trimmingCharacters(in: .whitespaces))
        case let safe as SafeString: return Int(safe.value.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A value as a list, when it is iterable (arrays, dictionaries give their keys, strings
    /// their characters), as Python's iteration does.
    public static func list(_ value: Any?) -> [Any]? {
        let value = unwrap(value)
        if let value, case .list = ValueKind(value) { return ValueKind.payload(value, as: [Any].self) }
        if let value, let arrayType = TemplateArrayType.of(value) { return arrayType.templateElements(value) }
        switch value {
        case let array as [Any]: return array
        case let dict as TemplateDictionary: return dict.keys
        case let dict as [String: Any]: return dict.keys.sorted()
        case let string as String: return string.map { String($0) }
        case let safe as SafeString: return safe.value.map { String($0) }
        default: return nil
        }
    }

    /// Python `==` for template comparisons: numbers by value (1 == 1.0, True == 1), strings
    /// by content whether safe or not, lists element by element.
    public static func equal(_ a: Any?, _ b: Any?) -> Bool {
        let a = unwrap(a), b = unwrap(b)
        if a == nil || b == nil { return a == nil && b == nil }
        if let x = a as? Bool, let y = b as? Bool { return x == y }
        if let x = number(a), let y = number(b), !(a is String || a is SafeString), !(b is String || b is SafeString) { return x == y }
        if let x = text(a), let y = text(b) { return x == y }
        if let x = a as? [Any], let y = b as? [Any] { return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) } }
        if let x = a as? Date, let y = b as? Date { return x == y }
        return false
    }

    /// The text of a String or SafeString.
    public static func text(_ value: Any?) -> String? {
        guard let value = unwrap(value) else { return nil }
        switch ValueKind(value) {
        case .string: return ValueKind.payload(value, as: String.self)
        case .safe: return ValueKind.payload(value, as: SafeString.self).value
        default: return nil
        }
    }
}

/// Lets `Value.unwrap` see through an Optional hidden in an `Any` without reflection.
protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedValue: Any? { map { $0 as Any } }
}

/// What templates need of any array, whatever its element type: testing a `[Question]` for
/// truth costs no conversion of every element to `Any`, and iterating it converts each element
/// directly rather than through the runtime's generic array cast.
protocol TemplateArray {
    var templateIsEmpty: Bool { get }
    var templateCount: Int { get }
    var templateElements: [Any] { get }
    /// Calls `body` with each element (last first when `reversed`), boxed in turn and handed
    /// over: no array of boxed elements is made.
    func forEachTemplateElement(reversed: Bool, _ body: (Int, consuming Any) throws -> Void) rethrows
}

extension TemplateArray {
    /// `templateIsEmpty` of `value`, whose dynamic type must be `Self` (read from the value's
    /// container, with no cast).
    static func templateIsEmpty(_ value: Any) -> Bool {
        if let count = ArrayCount.of(value, storedAs: Self.self) { return count == 0 }
        return ValueKind.payload(value, as: Self.self).templateIsEmpty
    }
    /// `templateElements` of `value`, whose dynamic type must be `Self`.
    static func templateElements(_ value: Any) -> [Any] { ValueKind.payload(value, as: Self.self).templateElements }
    /// `templateCount` of `value`, whose dynamic type must be `Self`.
    static func templateCount(_ value: Any) -> Int {
        if let count = ArrayCount.of(value, storedAs: Self.self) { return count }
        return ValueKind.payload(value, as: Self.self).templateCount
    }
    /// `forEachTemplateElement` of `value`, whose dynamic type must be `Self`.
    static func forEachTemplateElement(_ value: Any, reversed: Bool, _ body: (Int, consuming Any) throws -> Void) rethrows {
        try ValueKind.payload(value, as: Self.self).forEachTemplateElement(reversed: reversed, body)
    }
}

/// Finding the `TemplateArray` type of a value.
enum TemplateArrayType {
    /// The value's type as a `TemplateArray`, known once per type (see
    /// `TemplateAttributes.entry`); for an `AnyHashable`, by a cast of the value it holds.
    @inline(__always) static func of(_ value: Any) -> (any TemplateArray.Type)? {
        let type = ValueKind.dynamicType(value)
        if type == AnyHashable.self { return Swift.type(of: (value as! AnyHashable).base) as? any TemplateArray.Type }
        return TemplateAttributes.arrayType(for: type)
    }
}

extension Array: TemplateArray {
    // (Run unspecialized, for any element type: `count` and the subscript read the array's
    // storage directly, where `isEmpty` and an iterator go through Collection's witnesses.)
    var templateIsEmpty: Bool { count == 0 }
    var templateCount: Int { count }
    var templateElements: [Any] {
        var elements: [Any] = []
        elements.reserveCapacity(count)
        var index = 0
        while index < count {
            elements.append(self[index])
            index += 1
        }
        return elements
    }
    func forEachTemplateElement(reversed: Bool, _ body: (Int, consuming Any) throws -> Void) rethrows {
        let count = count
        var index = 0
        while index < count {
            try body(index, self[reversed ? count - 1 - index : index])
            index += 1
        }
    }
}
