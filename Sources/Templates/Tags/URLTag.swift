/// The URL reverser `{% url %}` calls: the view name, the positional and the keyword
/// arguments; it throws when no URL matches. Set it as the context's `reverser` (tried first),
/// or put one in the context under `URLTag.reverserKey` ("__url_reverser__").
public typealias URLReverser = @Sendable (String, [Any], [String: Any]) throws -> String

/// A `{% url %}` reverser as an object (set as the context's `urlReverser`, tried before its
/// `reverser`): the general call, and the common one with a single positional argument, which
/// needs no array of arguments and no dictionary of keywords.
public protocol TemplateURLReverser: AnyObject {
    func reverse(_ name: String, args: [Any], kwargs: [String: Any]) throws -> String
    /// `reverse(name, args: [argument], kwargs: [:])`.
    func reverse(_ name: String, argument: Any) throws -> String
    /// `reverse(name, argument:)` onto the end of a page, escaped when `escaping`.
    func reverse(_ name: String, argument: Any, into output: inout RenderBuffer, escaping: Bool) throws
}

extension TemplateURLReverser {
    public func reverse(_ name: String, argument: Any, into output: inout RenderBuffer, escaping: Bool) throws {
        let url = try reverse(name, argument: argument)
        if escaping { output.appendEscaped(url) } else { output.append(url) }
    }
}

/// `{% url 'name' arg kw=value [as var] %}`. With `as`, a failed reverse gives "" (Django
/// swallows NoReverseMatch there); without a reverser in the context it is an error either way.
public enum URLTag {
    public static let reverserKey = "__url_reverser__"

    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var bits = token.splitContents()
        guard bits.count >= 2 else {
            throw TemplateSyntaxError("'\(bits[0])' takes at least one argument, a URL pattern name.")
        }
        let viewName = try parser.compileFilter(bits[1])
        bits.removeFirst(2)
        var asvar: String?
        if bits.count >= 2 && bits[bits.count - 2] == "as" {
            asvar = bits.last
            bits.removeLast(2)
        }
        var args: [FilterExpression] = []
        var kwargs: [(String, FilterExpression)] = []
        for bit in bits {
            let (name, value) = TagSupport.splitKeyword(bit)
            if let name { kwargs.append((name, try parser.compileFilter(value))) } else { args.append(try parser.compileFilter(value)) }
        }
        return URLNode(viewName: viewName, args: args, kwargs: kwargs, asvar: asvar, line: token.line)
    }
}

final class URLNode: Node {
    let viewName: FilterExpression
    let args: [FilterExpression]
    let kwargs: [(String, FilterExpression)]
    let asvar: String?
    let line: Int
    /// The view name when it is a quoted literal with no filters (`'polls:detail'`).
    let literalName: String?

    init(viewName: FilterExpression, args: [FilterExpression], kwargs: [(String, FilterExpression)], asvar: String?, line: Int) {
        self.viewName = viewName
        self.args = args
        self.kwargs = kwargs
        self.asvar = asvar
        self.line = line
        // (Made a native String again: the literal's unescaping may give a bridged one, which a
        // reverser's comparison with the name it saw last would read the slow way.)
        if viewName.applied.isEmpty, case .literal(.safe(let text)) = viewName.variable.kind {
            literalName = String(decoding: Array(text.utf8), as: UTF8.self)
        } else {
            literalName = nil
        }
        single = args.count == 1 && kwargs.isEmpty ? Argument(args[0]) : nil
    }

    /// The only argument, when there is one and no keywords: held by a reference, so resolving
    /// it copies none of the expression's fields.
    let single: Argument?

    final class Argument: Sendable {
        let expression: FilterExpression
        init(_ expression: FilterExpression) { self.expression = expression }
    }

    func render(_ context: Context) throws -> String {
        let url = try reversed(context)
        if let asvar {
            context[asvar] = url
            return ""
        }
        // The URL is a plain string: conditional_escape is escape.
        return context.autoescape ? Rendering.escape(url) : url
    }

    func render(_ context: Context, into output: inout RenderBuffer) throws {
        // A single argument and no `as`: the reverser writes the path into the page itself.
        if asvar == nil, single != nil, context.urlReverser != nil {
            // A loop item's field (`question.id`) goes to the reverser as the getter gave it.
            // (The argument is read where the node holds it, and the reverser where the
            // context does: bound with `let` here, each is retained around the calls below.)
            if try Unmanaged.passUnretained(single.unsafelyUnwrapped)._withUnsafeGuaranteedRef({ single in
                guard single.expression.applied.isEmpty else { return false }
                var failed: (any Error)?
                if Variable.withFieldOfLoopItem(pair: single.expression.variable.pair, second: single.expression.variable.second, context, { (field: consuming Any?) in
                    do {
                        let argument: Any
                        if let value = field {
                            let type = ValueKind.dynamicType(value)
                            if type == Int.self || type == String.self || type == SafeString.self {
                                argument = value
                            } else {
                                let resolved = try single.expression.fieldValue(value, context)
                                argument = Value.isNone(resolved) ? Value.none : resolved
                            }
                        } else {
                            argument = Value.none
                        }
                        // (The literal name passed where the node holds it: bound first, it is retained.)
                        if literalName != nil {
                            try context.urlReverser.unsafelyUnwrapped.reverse(literalName.unsafelyUnwrapped, argument: argument, into: &output, escaping: context.autoescape)
                        } else {
                            let name = Value.string(try viewName.resolve(context))
                            try context.urlReverser.unsafelyUnwrapped.reverse(name, argument: argument, into: &output, escaping: context.autoescape)
                        }
                    } catch {
                        failed = error
                    }
                }) {
                    if let failed { throw failed }
                    return true
                }
                return false
            }) {
                return
            }
            let single = single.unsafelyUnwrapped
            let reverser = context.urlReverser.unsafelyUnwrapped
            let argument = try Self.value(single.expression, context)
            let name = try literalName ?? Value.string(try viewName.resolve(context))
            return try reverser.reverse(name, argument: argument, into: &output, escaping: context.autoescape)
        }
        let url = try reversed(context)
        if let asvar {
            context[asvar] = url
            return
        }
        if context.autoescape { output.appendEscaped(url) } else { output.append(url) }
    }

    /// The URL the context's reverser gives, or "" when it fails and the tag has `as`.
    private func reversed(_ context: Context) throws -> String {
        if let typed = context.urlReverser { return try reversed(context, typed) }
        let reverse = try Self.reverser(context)
        var args: [Any] = []
        args.reserveCapacity(self.args.count)
        // A value goes in as itself (not in an Optional), so a reverser reads an Int without a
        // cast through Optional; nil goes in as `Value.none`, as before.
        for expression in self.args { args.append(try TagSupport.resolve(expression, context) ?? Value.none) }
        var kwargs: [String: Any] = [:]
        for (name, expression) in self.kwargs { kwargs[name] = try TagSupport.resolve(expression, context) ?? Value.none }
        let name = Value.string(try viewName.resolve(context))
        do {
            return try reverse(name, args, kwargs)
        } catch {
            if asvar == nil { throw error }
            return ""
        }
    }

    /// `reversed` with the context's reverser object: a single positional argument goes in as
    /// itself. (Arguments, keywords and the name are resolved in the same order as above.)
    private func reversed(_ context: Context, _ reverser: any TemplateURLReverser) throws -> String {
        let url: String
        if let single {
            let argument = try Self.value(single.expression, context)
            let name = try literalName ?? Value.string(try viewName.resolve(context))
            do {
                url = try reverser.reverse(name, argument: argument)
            } catch {
                if asvar == nil { throw error }
                return ""
            }
            return url
        }
        var args: [Any] = []
        args.reserveCapacity(self.args.count)
        for expression in self.args { args.append(try Self.value(expression, context)) }
        var kwargs: [String: Any] = [:]
        for (name, expression) in self.kwargs { kwargs[name] = try Self.value(expression, context) }
        let name = try literalName ?? Value.string(try viewName.resolve(context))
        do {
            return try reverser.reverse(name, args: args, kwargs: kwargs)
        } catch {
            if asvar == nil { throw error }
            return ""
        }
    }

    /// An argument's value, `Value.none` for None (as `TagSupport.resolve(…) ?? Value.none`).
    @inline(__always) private static func value(_ expression: FilterExpression, _ context: Context) throws -> Any {
        let value = try expression.applied.isEmpty ? expression.resolveUnfiltered(context) : expression.resolveAny(context)
        return Value.isNone(value) ? Value.none : value
    }

    /// The context's typed reverser, else the one stored under `URLTag.reverserKey`.
    @inline(__always) private static func reverser(_ context: Context) throws -> (String, [Any], [String: Any]) throws -> String {
        if let typed = context.reverser { return typed }
        let stored = context[URLTag.reverserKey]
        guard let reverse = stored as? URLReverser ?? Value.unwrap(stored) as? URLReverser
                ?? (Value.unwrap(stored) as? (String, [Any], [String: Any]) throws -> String) else {
            throw TagRenderError("NoReverseMatch: no URL resolver")
        }
        return reverse
    }
}
