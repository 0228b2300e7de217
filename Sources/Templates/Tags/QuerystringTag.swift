/// Where `{% querystring %}` finds the current query (Django's `request.GET`, a QueryDict):
/// the context's "request" value conforms, or has a `GET` property that does. Each item is a
/// key with all its values, in order.
public protocol QueryStringSource {
    var queryItems: [(String, [String])] { get }
}

/// `{% querystring a=1 b=None %}`, `{% querystring my_query other_dict page=2 as url %}`
/// (Django 5.1+): the query of `request.GET` (or of the positional mappings given) with keys
/// set, replaced by lists, or removed by None, as "?a=1&amp;b=2". Without positional
/// mappings the context must hold a "request" (a QueryStringSource, or a value whose `GET` is
/// one): otherwise it is a TagRenderError, as Django fails on the missing attribute.
enum QuerystringTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let (args, kwargs, asvar) = try TagSupport.simpleTagArguments(token, parser)
        return QuerystringNode(args: args, kwargs: kwargs, asvar: asvar, line: token.line)
    }

    /// The query of the context's request (Django's `context.request.GET`).
    static func requestQuery(_ context: Context) throws -> Any? {
        guard let request = Value.unwrap(context["request"]) else {
            throw TagRenderError("'Context' object has no attribute 'request'")
        }
        if let source = request as? QueryStringSource { return source }
        guard let get = Variable.lookup("GET", in: request) else {
            throw TagRenderError("'\(type(of: request))' object has no attribute 'GET'")
        }
        return Value.unwrap(get)
    }

    /// Python's `quote_plus`: UTF-8, letters, digits and `_.-~` as they are, space as `+`.
    static func quotePlus(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

final class QuerystringNode: Node {
    let args: [FilterExpression]
    let kwargs: [(String, FilterExpression)]
    let asvar: String?
    let line: Int

    init(args: [FilterExpression], kwargs: [(String, FilterExpression)], asvar: String?, line: Int) {
        self.args = args
        self.kwargs = kwargs
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        var mappings: [Any?] = try args.map { try TagSupport.resolve($0, context) }
        if args.isEmpty { mappings = [try QuerystringTag.requestQuery(context)] }
        var keys: [String] = []
        var params: [String: [String]] = [:]
        func set(_ key: String, _ values: [String]?) {
            if let values {
                if params[key] == nil { keys.append(key) }
                params[key] = values
            } else {
                keys.removeAll { $0 == key }
                params[key] = nil
            }
        }
        func apply(_ key: String, _ value: Any?) {
            let value = Value.unwrap(value)
            if value == nil {
                set(key, nil)
            } else if Value.text(value) == nil, let list = Value.list(value) ?? TagSupport.sequence(value!) {
                // None entries are dropped; with none left, the key goes.
                let kept = list.compactMap { Value.unwrap($0) }.map { Value.string($0) }
                set(key, kept.isEmpty ? nil : kept)
            } else {
                set(key, [Value.string(value)])
            }
        }
        for mapping in mappings {
            switch Value.unwrap(mapping) {
            case let source as QueryStringSource:
                for (key, values) in source.queryItems { set(key, values) }
            case let dict as TemplateDictionary:
                for (key, value) in dict.items { apply(key, value) }
            case let dict as [String: Any]:
                for key in dict.keys.sorted() { apply(key, dict[key]) }
            default:
                throw TemplateSyntaxError("querystring requires mappings for positional arguments (got \(Value.pythonRepr(mapping)) instead).")
            }
        }
        for (key, expression) in kwargs { apply(key, try TagSupport.resolve(expression, context)) }
        let query = keys.flatMap { key in
            params[key]!.map { QuerystringTag.quotePlus(key) + "=" + QuerystringTag.quotePlus($0) }
        }.joined(separator: "&")
        let result = "?" + query
        if let asvar {
            context[asvar] = result
            return ""
        }
        return context.autoescape ? Rendering.escape(result) : result
    }
}
