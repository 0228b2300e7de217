/// A tiny application that echoes what it received, as `wsgiref.simple_server.demo_app` does.
///
/// It lets every entry point run end to end without a framework, and has a few paths that
/// exercise the server side: `/login` sets a session cookie, `/status/NNN` answers that status,
/// `/stream` yields its body in several chunks, `/error` raises.
public enum DemoApplication {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "the demo application was asked to fail (GET /error)" }
    }

    public static let application: Application = { environ, startResponse in
        let path = environ.pathInfo
        let text = [("Content-Type", "text/plain; charset=utf-8")]
        if path == "/error" { throw Failure() }
        if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)), (100...599).contains(code) {
            let bodyless = code == 204 || code == 304
            try startResponse("\(code) \(Status.reasonPhrase(code))", bodyless ? [] : text)
            return ChunkedBody(bodyless ? [] : ["status \(code)\n"].map { Array($0.utf8) })
        }
        if path == "/stream" {
            try startResponse("200 OK", text)
            var remaining = 3
            return GeneratedBody {
                guard remaining > 0 else { return nil }
                remaining -= 1
                return Array("chunk \(3 - remaining) of 3\n".utf8)
            }
        }
        var headers = text
        if path == "/login" {
            headers.append(("Set-Cookie", "sessionid=demo-session; HttpOnly; Path=/; SameSite=Lax"))
        }
        try startResponse("200 OK", headers)
        return ChunkedBody(echo(environ))
    }

    static func echo(_ environ: Environ) -> String {
        var out = "Hello from Shallot's demo application.\n\n"
        for variable in environ.variables.sorted(by: { $0.key < $1.key }) {
            // Native strings carry the wire's bytes; show them as the UTF-8 text they were.
            let text = String(decoding: Latin1.bytes(variable.value) ?? Array(variable.value.utf8), as: UTF8.self)
            out += "\(variable.key) = \(text)\n"
        }
        out += "wsgi.url_scheme = \(environ.urlScheme)\n"
        let body = environ.input.read()
        out += "\n\(body.count) byte\(body.count == 1 ? "" : "s") of body\n"
        if !body.isEmpty {
            out += String(decoding: body, as: UTF8.self)
            if body.last != UInt8(ascii: "\n") { out += "\n" }
        }
        return out
    }
}
