/// The one callable at the centre of Shallot: `application(environ, startResponse)`.
///
/// It must call `startResponse` before its body yields anything, and return the body. Servers
/// (the console runner, `serve`) call it; frameworks implement it; neither knows the other.
public typealias Application = @Sendable (Environ, StartResponse) throws -> any ResponseBody

/// A whole response collected in process: what an application answered to one environ.
public struct CompletedResponse: Sendable {
    public var status: String
    public var headers: [ResponseHeader]
    public var body: [UInt8]

    public init(status: String, headers: [ResponseHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The numeric code at the front of the status line, or nil if it is malformed.
    public var statusCode: Int? { Status.code(of: status) }
    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Status line helpers shared by every server side.
public enum Status {
    /// The three-digit code of `"404 Not Found"`, or nil if the status does not start with one.
    /// (Read from the bytes without allocating: every served response asks.)
    public static func code(of status: String) -> Int? {
        var code = 0, count = 0
        for byte in status.utf8 {
            if count == 3 { return byte == UInt8(ascii: " ") ? code : nil }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            code = code * 10 + Int(digit)
            count += 1
        }
        return count == 3 ? code : nil
    }

    /// The standard reason phrase of a code, as Python's `http.HTTPStatus` (which Django and
    /// gunicorn use) words it; "Unknown Status Code" otherwise, as Django says.
    public static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 409: "Conflict"
        case 410: "Gone"
        case 412: "Precondition Failed"
        case 413: "Request Entity Too Large"
        case 414: "Request-URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Unknown Status Code"
        }
    }

    /// The status line of the commonest codes with their standard reason phrases, ready-made
    /// ("200 OK"); nil for the others.
    public static func standardLine(_ code: Int) -> String? {
        switch code {
        case 200: "200 OK"
        case 301: "301 Moved Permanently"
        case 302: "302 Found"
        case 304: "304 Not Modified"
        case 400: "400 Bad Request"
        case 403: "403 Forbidden"
        case 404: "404 Not Found"
        case 405: "405 Method Not Allowed"
        case 500: "500 Internal Server Error"
        default: nil
        }
    }

    /// Responses that never carry a body on the wire: 1xx, 204, 304, and any answer to HEAD.
    public static func forbidsBody(code: Int, method: String) -> Bool {
        method == "HEAD" || (100..<200).contains(code) || code == 204 || code == 304
    }
}

/// What an application threw, and how far the response had got when it did.
public struct ApplicationFailure: Error, CustomStringConvertible {
    public var error: any Error
    /// The status the application had started, if any, and whether the headers were out.
    public var startedStatus: String?
    public var headersSent: Bool

    public var description: String { "\(error)" }
}

extension CompletedResponse {
    /// Runs `application` in process: calls it, iterates the whole body, always closes it.
    ///
    /// Contract violations surface as ``GatewayError``; anything the application itself throws
    /// comes back as an ``ApplicationFailure``.
    public static func collect(from application: Application, environ: Environ) throws -> CompletedResponse {
        let starter = ResponseStarter()
        do {
            let body = try application(environ, starter.startResponse)
            try body.drain { try starter.send($0) }
            try starter.finish()
        } catch let error as GatewayError {
            throw error
        } catch {
            throw ApplicationFailure(error: error, startedStatus: starter.status, headersSent: starter.headersSent)
        }
        return starter.takeCompleted()
    }
}
