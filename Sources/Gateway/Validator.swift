import Synchronization

/// One breach of the WSGI contract found by ``Validator``, blamed on the side that made it.
public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Side: String, Sendable { case server, application }
    public enum Severity: String, Sendable { case error, warning }

    public var side: Side
    public var severity: Severity
    public var message: String

    public init(_ side: Side, _ message: String, severity: Severity = .error) {
        self.side = side
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(side.rawValue) \(severity.rawValue): \(message)" }
}

/// Python's `wsgiref.validate`, in Swift: a middleware that sits between any server and any
/// application and checks both sides of the contract.
///
/// Every violation is recorded through `report` (so nothing an application swallows goes
/// unseen), and errors are also thrown at the point they happen, as wsgiref's assertions are.
/// What Swift's types already guarantee (values are strings, chunks are bytes) needs no check.
public enum Validator {
    public typealias Report = @Sendable (Violation) -> Void

    public static func wrap(_ application: @escaping Application, report: @escaping Report) -> Application {
        { environ, startResponse in
            let check = Checker(report: report)
            try check.environ(environ)
            let started = Mutex(false)
            let wrappedStart = StartResponse { status, headers, excInfo in
                try check.status(status)
                try check.headers(headers)
                try check.contentType(status: status, headers: headers)
                started.withLock { $0 = true }
                let write = try startResponse(status, headers, excInfo: excInfo)
                return Write { bytes in try write(bytes) }
            }
            let body = try application(environ, wrappedStart)
            return ValidatedBody(body, check: check, started: { started.withLock { $0 } })
        }
    }
}

/// The checks themselves; each failure is reported, and errors thrown.
struct Checker: Sendable {
    let report: Validator.Report

    func fail(_ side: Violation.Side, _ message: String) throws {
        let violation = Violation(side, message)
        report(violation)
        throw violation
    }

    func warn(_ side: Violation.Side, _ message: String) {
        report(Violation(side, message, severity: .warning))
    }

    func environ(_ environ: Environ) throws {
        for key in Environ.requiredVariables where key != "SERVER_PROTOCOL" && environ[key] == nil {
            try fail(.server, "Environment missing required key: \(key)")
        }
        for (bad, good) in [("HTTP_CONTENT_TYPE", "CONTENT_TYPE"), ("HTTP_CONTENT_LENGTH", "CONTENT_LENGTH")]
        where environ[bad] != nil {
            try fail(.server, "Environment should not have the key: \(bad) (use \(good) instead)")
        }
        if environ["QUERY_STRING"] == nil {
            warn(.server, "QUERY_STRING is not in the WSGI environment; the cgi module will use sys.argv when this variable is missing, so application errors are more likely")
        }
        for variable in environ.variables where !Latin1.isLatin1(variable.value) {
            try fail(.server, "Environment value of \(variable.key) is not a native (latin-1) string: \(variable.value.debugDescription)")
        }
        if environ.version != (1, 0) {
            try fail(.server, "Environment wsgi.version should be (1, 0), not \(environ.version)")
        }
        if environ.urlScheme != "http" && environ.urlScheme != "https" {
            try fail(.server, "wsgi.url_scheme unknown: \(environ.urlScheme.debugDescription)")
        }
        let method = environ.requestMethod
        if !["GET", "HEAD", "POST", "OPTIONS", "PATCH", "PUT", "DELETE", "TRACE"].contains(method) {
            warn(.server, "Unknown REQUEST_METHOD: \(method.debugDescription)")
        }
        if let script = environ["SCRIPT_NAME"], !script.isEmpty, !script.hasPrefix("/") {
            try fail(.server, "SCRIPT_NAME doesn't start with /: \(script.debugDescription)")
        }
        if let path = environ["PATH_INFO"], !path.isEmpty, !path.hasPrefix("/") {
            try fail(.server, "PATH_INFO doesn't start with /: \(path.debugDescription)")
        }
        if let length = environ["CONTENT_LENGTH"], !length.isEmpty, Int(length) == nil {
            try fail(.server, "Invalid CONTENT_LENGTH: \(length.debugDescription)")
        }
        if environ.scriptName.isEmpty && environ.pathInfo.isEmpty {
            try fail(.server, "One of SCRIPT_NAME or PATH_INFO are required (PATH_INFO should at least be '/' if SCRIPT_NAME is empty)")
        }
        if environ["SCRIPT_NAME"] == "/" {
            try fail(.server, "SCRIPT_NAME cannot be '/'; it should instead be '', and PATH_INFO should be '/'")
        }
    }

    func status(_ status: String) throws {
        guard let code = Status.code(of: status), code >= 100 else {
            try fail(.application, "Status must start with a three-digit integer of at least 100 followed by a space: \(status.debugDescription)")
            return
        }
        if status.count < 4 {
            warn(.application, "The status string (\(status.debugDescription)) should be a three-digit integer followed by a single space and a status explanation")
        }
        if !Latin1.isLatin1(status) || status.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            try fail(.application, "Status contains characters that cannot be sent: \(status.debugDescription)")
        }
    }

    func headers(_ headers: [ResponseHeader]) throws {
        for (name, value) in headers {
            if name.lowercased() == "status" {
                try fail(.application, "The Status header cannot be used; it conflicts with CGI script, and HTTP status is not given through headers (value: \(value.debugDescription))")
            }
            if name.contains(":") || name.contains("\n") {
                try fail(.application, "Header names may not contain ':' or '\\n': \(name.debugDescription)")
            }
            if !isHeaderName(name) {
                try fail(.application, "Bad header name: \(name.debugDescription)")
            }
            if name.hasSuffix("-") || name.hasSuffix("_") {
                try fail(.application, "Names may not end in '-' or '_': \(name.debugDescription)")
            }
            if !Latin1.isLatin1(value) || value.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                try fail(.application, "Bad header value: \(value.debugDescription) (bad char: control character or non-latin-1)")
            }
        }
    }

    /// wsgiref's header_re: a letter, then letters, digits, '-' and '_'.
    private func isHeaderName(_ name: String) -> Bool {
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    func contentType(status: String, headers: [ResponseHeader]) throws {
        guard let code = Status.code(of: status) else { return }
        let hasContentType = headers.contains { $0.name.lowercased() == "content-type" }
        if code == 204 || code == 304 {
            if hasContentType {
                try fail(.application, "Content-Type header found in a \(code) response, which must not return content.")
            }
        } else if !hasContentType {
            try fail(.application, "No Content-Type header found in headers (\(headers.map { "(\($0.name.debugDescription), \($0.value.debugDescription))" }.joined(separator: ", ")))")
        }
    }
}

/// Wraps the application's body: iteration must follow start_response, and the server must close it.
final class ValidatedBody: ResponseBody {
    private let body: any ResponseBody
    private let check: Checker
    private let started: () -> Bool
    private var closed = false

    init(_ body: any ResponseBody, check: Checker, started: @escaping () -> Bool) {
        self.body = body
        self.check = check
        self.started = started
    }

    func next() throws -> [UInt8]? {
        if closed { try check.fail(.server, "Iterator read after closed") }
        let chunk = try body.next()
        if !started() {
            try check.fail(.application, "The application returns and we started iterating over its body, but start_response has not yet been called")
        }
        return chunk
    }

    func close() {
        if closed { check.warn(.server, "close() was called twice on the application's body") }
        closed = true
        body.close()
    }

    deinit {
        if !closed { check.report(Violation(.server, "Iterator garbage collected without being closed")) }
    }
}
