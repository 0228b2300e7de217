import Gateway

/// Response bytes as a server puts them on the wire: status line, headers in the order the
/// application gave them, an empty line, and the body unless the status or method forbids one
/// (HEAD, 1xx, 204, 304).
public enum ResponseSerializer {
    public static func head(status: String, headers: [ResponseHeader], version: HTTPVersion = .http11) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + headers.count * 40)
        out += Array("\(version) \(status)\r\n".utf8)
        for (name, value) in headers {
            out += Latin1.bytes(name) ?? Array(name.utf8)
            out += [.colon, .sp]
            out += Latin1.bytes(value) ?? Array(value.utf8)
            out += [.cr, .lf]
        }
        out += [.cr, .lf]
        return out
    }

    /// The whole response to `method` as a buffering server writes it: the body dropped where HTTP
    /// says there is none, and a Content-Length added when the application gave no framing (the
    /// whole body is known, so no chunked coding is needed).
    public static func serialize(_ response: CompletedResponse, method: String, version: HTTPVersion = .http11) -> [UInt8] {
        let code = response.statusCode ?? 500
        var headers = response.headers
        let framed = headers.contains { ["content-length", "transfer-encoding"].contains($0.name.lowercased()) }
        let bodyless = (100..<200).contains(code) || code == 204 || code == 304
        if !framed && !bodyless {
            headers.append(("Content-Length", String(response.body.count)))
        }
        var out = head(status: response.status, headers: headers, version: version)
        if !Status.forbidsBody(code: code, method: method) {
            out += response.body
        }
        return out
    }
}
