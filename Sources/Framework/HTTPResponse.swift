import Foundation
import Gateway

/// HttpResponseBase: status, reason phrase, headers, cookies and the resources to close once the
/// body has been sent. What views return and middleware adjust on the way out.
///
/// The stored properties every layer reads and sets are `@exclusivity(unchecked)`: a response
/// belongs to one request on one thread, and the runtime's check of each access (a thread-local
/// set of accesses in progress) cost more than the rest of a middleware's work on it. The
/// compile-time exclusivity rules still hold.
open class HTTPResponseBase {
    @exclusivity(unchecked) public var statusCode: Int
    @exclusivity(unchecked) private var explicitReason: String?
    @exclusivity(unchecked) public var headers: ResponseHeaders
    /// Cookies to set, one Set-Cookie header each, by name.
    @exclusivity(unchecked) public var cookies: [(name: String, cookie: ResponseCookie)] = []
    @exclusivity(unchecked) public var charset: String
    /// Actions run when the WSGI body is closed (Django's `_resource_closers`).
    @exclusivity(unchecked) public var closers: [() -> Void] = []
    /// Whether the body comes as a stream rather than as bytes in memory.
    open var isStreaming: Bool { false }
    /// `xframe_options_exempt`: set by the `xframeOptionsExempt` view decorator so that
    /// XFrameOptionsMiddleware leaves the response without X-Frame-Options.
    @exclusivity(unchecked) public var xframeOptionsExempt = false

    public init(status: Int = 200, reason: String? = nil, contentType: String? = nil, charset: String = "utf-8", headers: [(String, String)] = []) {
        statusCode = status
        explicitReason = reason
        self.charset = charset
        var made = ResponseHeaders(headers)
        if headers.isEmpty || !made.contains("Content-Type") {
            made.append("Content-Type", contentType ?? "text/html; charset=\(charset)")
        }
        self.headers = made
    }

    /// The reason phrase: the one given, or the standard one for the status code.
    public var reasonPhrase: String {
        get { explicitReason ?? Status.reasonPhrase(statusCode) }
        set { explicitReason = newValue }
    }

    public subscript(header: String) -> String? {
        get { headers[header] }
        set { headers[header] = newValue }
    }

    /// `set_cookie`: Max-Age also sets expires; SameSite must be Lax, Strict or None (anything
    /// else throws, as Django raises ValueError).
    public func setCookie(
        _ name: String, _ value: String = "", maxAge: Int? = nil, expires: Date? = nil, path: String? = "/",
        domain: String? = nil, secure: Bool = false, httpOnly: Bool = false, sameSite: String? = nil
    ) throws {
        var cookie = ResponseCookie(name: name, value: value, path: path, domain: domain, secure: secure, httpOnly: httpOnly)
        if let expires {
            cookie.expires = HTTPDate.cookieExpires(expires)
        }
        if let maxAge {
            cookie.maxAge = maxAge
            if expires == nil { cookie.expires = HTTPDate.cookieExpires(Date().addingTimeInterval(TimeInterval(maxAge))) }
        }
        if let sameSite {
            guard ["lax", "none", "strict"].contains(sameSite.lowercased()) else {
                throw ValueError("samesite must be \"lax\", \"none\", or \"strict\".")
            }
            cookie.sameSite = sameSite
        }
        storeCookie(cookie)
    }

    /// `delete_cookie`: an empty value that expired at the epoch.
    public func deleteCookie(_ name: String, path: String = "/", domain: String? = nil, sameSite: String? = nil) {
        let secure = name.hasPrefix("__Secure-") || name.hasPrefix("__Host-") || sameSite?.lowercased() == "none"
        var cookie = ResponseCookie(name: name, value: "", path: path, domain: domain, secure: secure)
        cookie.maxAge = 0
        cookie.expires = "Thu, 01 Jan 1970 00:00:00 GMT"
        cookie.sameSite = sameSite
        storeCookie(cookie)
    }

    func storeCookie(_ cookie: ResponseCookie) {
        if let index = cookies.firstIndex(where: { $0.name == cookie.name }) {
            cookies[index].cookie = cookie
        } else {
            cookies.append((cookie.name, cookie))
        }
    }

    /// The status line as WSGI wants it: `"%d %s"`.
    public var statusLine: String {
        if explicitReason == nil, let line = Status.standardLine(statusCode) { return line }
        return "\(statusCode) \(reasonPhrase)"
    }

    /// The WSGI headers: the response headers, then one Set-Cookie per cookie.
    public var wsgiHeaders: [(name: String, value: String)] {
        cookies.isEmpty ? headers.pairs : headers.pairs + cookies.map { ("Set-Cookie", $0.cookie.headerValue) }
    }

    public func close() {
        if closers.isEmpty { return }
        let actions = closers
        closers = []
        actions.forEach { $0() }
    }
}

/// HttpResponse: a body held in memory.
open class HTTPResponse: HTTPResponseBase {
    @exclusivity(unchecked) public var content: [UInt8]

    public init(_ content: [UInt8] = [], status: Int = 200, reason: String? = nil, contentType: String? = nil,
                charset: String = "utf-8", headers: [(String, String)] = []) {
        self.content = content
        super.init(status: status, reason: reason, contentType: contentType, charset: charset, headers: headers)
    }

    public convenience init(_ text: String, status: Int = 200, contentType: String? = nil, headers: [(String, String)] = []) {
        self.init(Array(text.utf8), status: status, contentType: contentType, headers: headers)
    }

    public var text: String { String(decoding: content, as: UTF8.self) }
}

/// StreamingHttpResponse: the body produced chunk by chunk while it is sent.
open class StreamingHTTPResponse: HTTPResponseBase {
    public var streamingContent: () throws -> [UInt8]?
    open override var isStreaming: Bool { true }

    public init(status: Int = 200, contentType: String? = nil, headers: [(String, String)] = [], _ next: @escaping () throws -> [UInt8]?) {
        streamingContent = next
        super.init(status: status, contentType: contentType, headers: headers)
    }

    public convenience init<S: Sequence>(_ chunks: S, status: Int = 200, contentType: String? = nil) where S.Element == String {
        var iterator = Array(chunks).makeIterator()
        self.init(status: status, contentType: contentType) { iterator.next().map { Array($0.utf8) } }
    }
}
