/// A built-in or registered filter: `{{ value|name:arg }}`, with Django's flags for how its
/// result is escaped (`is_safe`) and whether it is told the autoescape state (`needs_autoescape`).
public struct Filter: Sendable {
    public enum Argument: Sendable { case none, optional, required }

    public let name: String
    public let argument: Argument
    public let isSafe: Bool
    public let needsAutoescape: Bool
    let function: @Sendable (_ value: Any?, _ argument: Any?, _ autoescape: Bool) throws -> Any?
    /// How rendering applies a built-in filter to common values without `function`.
    var fast: FastFilter?

    public init(_ name: String, argument: Argument = .none, isSafe: Bool = false, needsAutoescape: Bool = false,
                _ function: @escaping @Sendable (_ value: Any?, _ argument: Any?, _ autoescape: Bool) throws -> Any?) {
        self.name = name
        self.argument = argument
        self.isSafe = isSafe
        self.needsAutoescape = needsAutoescape
        self.function = function
    }
}

/// `variable|filter:arg|filter`: a value and the filters applied to it, as Django's
/// FilterExpression resolves them (a failed lookup becomes string_if_invalid).
public struct FilterExpression: Sendable, CustomStringConvertible {
    public let variable: Variable
    let filters: [(filter: Filter, argument: Variable?)]
    /// The filters again, as objects: a render walks them without copying their fields.
    let applied: [AppliedFilter]
    public let source: String

    public var description: String { source }

    /// Parses `source` with the filters of `library`.
    public init(_ source: String, library: Library) throws {
        self.source = source
        let parts = try Self.split(source)
        guard let first = parts.first, !first.isEmpty else {
            throw TemplateSyntaxError("Empty variable tag")
        }
        variable = try Variable(first)
        var filters: [(Filter, Variable?)] = []
        for part in parts.dropFirst() {
            let pieces = try Self.splitArgument(part)
            let name = pieces.name
            // As Django's filter_re: the word characters name the filter (an unknown one is
            // reported first); anything after them is a remainder that could not be parsed.
            let word = String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !word.isEmpty else {
                throw TemplateSyntaxError("Could not parse the remainder: '|\(part)' from '\(source)'")
            }
            guard let filter = library.filters[word] else {
                throw TemplateSyntaxError("Invalid filter: '\(word)'")
            }
            guard word == name else {
                throw TemplateSyntaxError("Could not parse the remainder: '\(name.dropFirst(word.count))' from '\(source)'")
            }
            let argument = try pieces.argument.map { try Variable($0) }
            switch (filter.argument, argument) {
            case (.none, .some): throw TemplateSyntaxError("\(name) requires 1 arguments, 2 provided")
            case (.required, nil): throw TemplateSyntaxError("\(name) requires 2 arguments, 1 provided")
            default: break
            }
            filters.append((filter, argument))
        }
        self.filters = filters
        applied = filters.map { AppliedFilter($0.0, $0.1) }
    }

    /// Whether an is_safe filter's input is safe: a SafeString, or an HTMLConvertible.
    static func isSafeInput(_ input: Any) -> Bool {
        switch ValueKind(input) {
        case .safe: return true
        case .other: return input is HTMLConvertible
        default: return false
        }
    }

    /// Splits on `|` outside quotes.
    static func split(_ source: String) throws -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for char in source {
            if let open = quote {
                current.append(char)
                if escaped { escaped = false } else if char == "\\" { escaped = true } else if char == open { quote = nil }
            } else if char == "\"" || char == "'" {
                quote = char
                current.append(char)
            } else if char == "|" {
                parts.append(current.pythonStripped)
                current = ""
            } else {
                current.append(char)
            }
        }
        if quote != nil { throw TemplateSyntaxError("Could not parse the remainder: '\(source)'") }
        parts.append(current.pythonStripped)
        if parts.dropFirst().contains(where: \.isEmpty) {
            throw TemplateSyntaxError("Could not parse the remainder: '\(source)'")
        }
        return parts
    }

    /// `name:argument` (the argument may be quoted and contain ':').
    static func splitArgument(_ part: String) throws -> (name: String, argument: String?) {
        guard let colon = part.firstIndex(of: ":") else { return (part, nil) }
        let argument = String(part[part.index(after: colon)...])
        if argument.isEmpty { throw TemplateSyntaxError("Could not parse the remainder: ':' from '\(part)'") }
        return (String(part[..<colon]), argument)
    }

    /// The value with its filters applied. `ignoreFailures` gives nil for a failed lookup
    /// instead of string_if_invalid (as `{% if %}` wants).
    public func resolve(_ context: Context, ignoreFailures: Bool = false) throws -> Any? {
        let value = try resolveAny(context, ignoreFailures: ignoreFailures)
        return Value.isNone(value) ? nil : value
    }

    /// `resolve` without an Optional around the value (`Value.none` for nil).
    func resolveAny(_ context: Context, ignoreFailures: Bool = false) throws -> Any {
        try resolveAny(context, ignoreFailures: ignoreFailures, filters: applied.count).value
    }

    /// `resolveAny(context)` of an expression with no filters: the variable's value, or what a
    /// failed lookup gives (no pair of value and flag made on the way).
    @inline(__always) func resolveUnfiltered(_ context: Context) throws -> Any {
        do {
            return try variable.resolveAny(context)
        } catch is VariableDoesNotExist {
            return failure(context, ignoreFailures: false).value
        }
    }

    /// The value with its first `count` filters applied, and whether it is final (a failed
    /// lookup's string_if_invalid, which no filter changes).
    @inline(__always) func resolveAny(_ context: Context, ignoreFailures: Bool, filters count: Int) throws -> (value: Any, final: Bool) {
        var value: Any
        do {
            var missing = false
            value = try variable.resolveAny(context, missing: &missing, report: ignoreFailures)
            if missing {
                let failed = failure(context, ignoreFailures: ignoreFailures)
                if failed.final { return failed }
                value = failed.value
            }
        } catch is VariableDoesNotExist {
            let failed = failure(context, ignoreFailures: ignoreFailures)
            if failed.final { return failed }
            value = failed.value
        }
        var index = 0
        while index < count {
            value = try applied[index].apply(value, context)
            index += 1
        }
        return (value, false)
    }

    /// A loop item's field as `render` writes it when the expression has no filters: as
    /// `resolveUnfiltered` then `Rendering.render(any:)` would for the field's value.
    @inline(__always) private func renderField(_ field: consuming Any?, _ context: Context, into output: inout RenderBuffer) throws {
        guard let value = field else { return Rendering.render(any: Value.none, context, into: &output) }
        let type = ValueKind.dynamicType(value)
        if type == String.self || type == Int.self || type == SafeString.self {
            return Rendering.render(any: value, context, into: &output)
        }
        Rendering.render(any: try resolvedField(value, context), context, into: &output)
    }

    /// A loop item's field (given by `Variable.withFieldOfLoopItem`) that is not a String, an
    /// Int or a SafeString, as `resolveUnfiltered` gives it.
    func fieldValue(_ field: consuming Any, _ context: Context) throws -> Any {
        try resolvedField(field, context)
    }

    /// A field's value called if it is a callable, a failed lookup if it is a function.
    private func resolvedField(_ value: consuming Any, _ context: Context) throws -> Any {
        do {
            return try variable.notFunction(Variable.invoked(value))
        } catch is VariableDoesNotExist {
            return failure(context, ignoreFailures: false).value
        }
    }

    /// What a failed lookup gives: None when failures are ignored, else string_if_invalid
    /// (final, with no filters applied, unless empty).
    func failure(_ context: Context, ignoreFailures: Bool) -> (value: Any, final: Bool) {
        // Django goes on with None and still applies the filters (`x|default:"y"`).
        if ignoreFailures { return (Value.none, false) }
        let invalid = context.engine?.stringIfInvalid ?? ""
        if !invalid.isEmpty {
            return (invalid.contains("%s") ? invalid.replacingOccurrences(of: "%s", with: variable.source) : invalid, true)
        }
        return (invalid, false)
    }

    /// `resolveAny(_:ignoreFailures:filters:)` with the value's type, asked once.
    @inline(__always) func resolveTyped(_ context: Context, ignoreFailures: Bool, filters count: Int) throws
        -> (value: Any, type: Any.Type, final: Bool) {
        if count == 0 {
            do {
                let (value, type) = try variable.resolveTyped(context)
                return (value, type, false)
            } catch is VariableDoesNotExist {
                let failed = failure(context, ignoreFailures: ignoreFailures)
                return (failed.value, Variable.metatype(failed.value), failed.final)
            }
        }
        let (value, final) = try resolveAny(context, ignoreFailures: ignoreFailures, filters: count)
        return (value, Variable.metatype(value), final)
    }

    /// Python truth of the value as `{% if %}` resolves it (a failed lookup is None); a last
    /// `divisibleby` of an Int answers without making a Bool value.
    func isTrue(_ context: Context) throws -> Bool {
        // `{% if rows %}`: a name found holding a Bool, an Int, a String or a typed array
        // answers from the value where the context holds it (`resolveAny` would give that
        // value as it is: such values are neither callables nor functions).
        if applied.isEmpty, let name = variable.onlyName, let found = context.find(name) {
            let type = ValueKind.dynamicType(found)
            if type == Bool.self || type == Int.self || type == String.self
                || (!MetadataKind.isOptional(type) && type != AnyHashable.self && TemplateAttributes.arrayType(for: type) != nil) {
                return Value.isTruthy(any: found)
            }
        }
        guard let last = applied.last, last.fast == .divisibleby else {
            return Value.isTruthy(any: try resolveAny(context, ignoreFailures: true))
        }
        let (value, type, _) = try resolveTyped(context, ignoreFailures: true, filters: applied.count - 1)
        if let divisor = last.literalInt, divisor != 0, type == Int.self {
            return ValueKind.payload(value, as: Int.self).remainderReportingOverflow(dividingBy: divisor).partialValue == 0
        }
        return Value.isTruthy(any: try last.apply(value, context))
    }

    /// Renders the value into `output` as `{{ }}` does; a built-in last filter that has a
    /// shortcut for the value writes its result straight into the page.
    @inline(__always) func render(_ context: Context, into output: inout RenderBuffer) throws {
        guard let last = applied.last else {
            // A loop item's field (`{{ question.question_text }}`): a String or an Int written
            // straight from the getter's answer, with no copy of it.
            var failed: (any Error)?
            if variable.withFieldOfLoopItem(context, { (field: consuming Any?) in
                do { try renderField(field, context, into: &output) } catch { failed = error }
            }) {
                if let failed { throw failed }
                return
            }
            return Rendering.render(any: try resolveUnfiltered(context), context, into: &output)
        }
        guard let fast = last.fast else {
            return Rendering.render(any: try resolveAny(context), context, into: &output)
        }
        let (value, type, final) = try resolveTyped(context, ignoreFailures: false, filters: applied.count - 1)
        if final { return Rendering.render(any: value, context, into: &output) }
        if fast.render(value, type, last.literalInt, context.autoescape, into: &output) { return }
        Rendering.render(any: try last.apply(value, context), context, into: &output)
    }
}

/// One filter of an expression with its argument, ready to apply.
final class AppliedFilter: Sendable {
    let filter: Filter
    let argument: Variable?
    /// The argument's value when it is a literal, made once. Only ever an Int, a Double or a
    /// SafeString, and never changed.
    nonisolated(unsafe) let literal: Any?

    init(_ filter: Filter, _ argument: Variable?) {
        self.filter = filter
        self.argument = argument
        if let argument, case .literal(let value) = argument.kind { literal = value.value } else { literal = nil }
        if let argument, case .literal(.int(let int)) = argument.kind { literalInt = int } else { literalInt = nil }
        fast = argument == nil || literalInt != nil ? filter.fast : nil
    }

    /// The argument when it is an int literal, and the built-in shortcut when there is one.
    let literalInt: Int?
    let fast: FastFilter?

    @inline(__always) func apply(_ value: consuming Any, _ context: Context) throws -> Any {
        let type = Variable.metatype(value)
        if let fast, let result = fast.apply(value, type, literalInt) { return result }
        let argumentValue: Any?
        if let literal {
            argumentValue = literal
        } else if let argument {
            let resolved = try argument.resolveAny(context)
            argumentValue = Value.isNone(resolved) ? nil : resolved
        } else {
            argumentValue = nil
        }
        // Safe in, safe out for is_safe filters; an HTMLConvertible's str() is safe too, as
        // Django's stringfilter finds the SafeString its __str__ returns.
        let safeInput = filter.isSafe && type != String.self && Self.isSafeInput(value, type)
        let input: Any? = MetadataKind.isOptional(type) && Value.isNone(value) ? nil : value
        let result = try filter.function(input, argumentValue, context.autoescape)
        if safeInput, let text = Value.text(result) { return SafeString(text) }
        guard let result else { return Value.none }
        return result
    }

    /// Whether a filter's input counts as safe: a SafeString, or an HTMLConvertible, also
    /// inside an Optional.
    static func isSafeInput(_ value: borrowing Any, _ type: Any.Type) -> Bool {
        if type == SafeString.self { return true }
        if type == Int.self || type == Double.self || type == Bool.self { return false }
        guard let unwrapped = Value.unwrap(copy value) else { return false }
        return FilterExpression.isSafeInput(unwrapped)
    }
}

import Foundation
