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

    /// The whole response to `method`, body dropped where HTTP says there is none.
    public static func serialize(_ response: CompletedResponse, method: String, version: HTTPVersion = .http11) -> [UInt8] {
        var out = head(status: response.status, headers: response.headers, version: version)
        if let code = response.statusCode, !Status.forbidsBody(code: code, method: method) {
            out += response.body
        }
        return out
    }
}
