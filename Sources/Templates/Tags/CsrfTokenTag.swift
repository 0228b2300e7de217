/// `{% csrf_token %}`: the hidden form field with the context's `csrf_token`; nothing when
/// there is none (CSRF not set up) or it is "NOTPROVIDED".
enum CsrfTokenTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node { CsrfTokenNode(line: token.line) }
}

final class CsrfTokenNode: Node {
    let line: Int
    init(line: Int) { self.line = line }

    func render(_ context: Context) throws -> String {
        let token = context.find("csrf_token")
        guard Value.isTruthy(token), Value.text(token) != "NOTPROVIDED" else { return "" }
        return "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"\(Rendering.conditionalEscape(token).value)\">"
    }
}
