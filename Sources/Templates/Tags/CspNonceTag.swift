/// A value `{% csp_nonce_attr media %}` renders with the nonce on each of its tags (Django's
/// forms Media: `<script src=… nonce=…>`).
public protocol NonceAttributedMedia {
    /// The HTML, with `nonce="…"` on every tag when `nonce` is not nil.
    func render(nonce: String?) -> String
}

/// `{% csp_nonce_attr [media] [as name] %}` (Django 6): `nonce="…"` with the context's
/// `csp_nonce` (escaped), nothing without one; given a media value, that media's tags with the
/// nonce on each.
enum CspNonceTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let (args, kwargs, asvar) = try TagSupport.simpleTagArguments(token, parser)
        guard args.count <= 1, kwargs.isEmpty else {
            throw TemplateSyntaxError("'csp_nonce_attr' received too many positional arguments")
        }
        return CspNonceNode(media: args.first, asvar: asvar, line: token.line)
    }
}

final class CspNonceNode: Node {
    let media: FilterExpression?
    let asvar: String?
    let line: Int

    init(media: FilterExpression?, asvar: String?, line: Int) {
        self.media = media
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let nonce = Value.unwrap(context["csp_nonce"])
        var output = ""
        if let media, let value = try media.resolve(context), Value.isTruthy(value) {
            guard let renderable = Value.unwrap(value) as? NonceAttributedMedia else {
                throw TagRenderError("'\(type(of: value))' object has no attribute 'render'")
            }
            output = renderable.render(nonce: nonce.map { Value.string($0) })
        } else if let nonce {
            output = "nonce=\"\(Rendering.conditionalEscape(nonce).value)\""
        }
        // The output is safe (format_html): stored as such under a name.
        if let asvar {
            context[asvar] = SafeString(output)
            return ""
        }
        return output
    }
}
