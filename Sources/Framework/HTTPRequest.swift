import Foundation
import Gateway

/// HttpRequest (Django's WSGIRequest): what the middleware and the view see of one request.
///
/// Built from the environ by the handler. GET, COOKIES, the body, POST and FILES are read lazily,
/// the first time they are asked for, with Django's limits. A reference type, as in Django:
/// middleware attach things to it (`attributes`) for the layers inside. Its properties that
/// layers set are `@exclusivity(unchecked)`, as a response's are (see HTTPResponseBase).
public final class HTTPRequest {
    public let environ: Environ
    /// The settings, shared with every other request of the same handler.
    @usableFromInline let settingsReference: SettingsReference
    /// The settings of the site answering the request.
    @inlinable public var settings: Settings { settingsReference.settings }
    /// REQUEST_METHOD, uppercased.
    public let method: String
    /// SCRIPT_NAME as text (or FORCE_SCRIPT_NAME).
    public let scriptName: String
    /// PATH_INFO as text: the path the URL resolver matches ("/" when empty).
    public let pathInfo: String
    /// The full path: script name and path info.
    public let path: String
    /// CONTENT_TYPE without its parameters, and those parameters.
    public let contentType: String
    public let contentParams: [String: String]
    /// The resolver's answer, once the URL is resolved.
    @exclusivity(unchecked) public var resolverMatch: ResolverMatch?
    /// What middleware attach to the request for inner layers (Django's `request.user`, …).
    @exclusivity(unchecked) public var attributes: [String: Any] = [:]
    /// How deep in the middleware onion the request is now, for the lifecycle trace.
    @exclusivity(unchecked) var traceDepth = 0
    /// The site answering this request, set by its handler: its URLconf for `reverse`
    /// (Django's per-thread urlconf), its template engine for `render`. Held by reference: a
    /// request reads its parts several times, and a copy of the whole site costs a retain of
    /// every part each time.
    @exclusivity(unchecked) var siteReference: SiteReference?
    var site: Site? {
        get { siteReference?.site }
        set { siteReference = newValue.map(SiteReference.init) }
    }
    var urls: URLResolver? { siteReference?.site.urls }
    /// The trace a tool offered in the environ, looked up once.
    let lifecycleTrace: LifecycleTrace?
    /// HTTP_HOST and HTTP_USER_AGENT, which every request asks for, found with the rest.
    let httpHost: String?
    let userAgent: String?

    public convenience init(environ: Environ, settings: Settings = Settings()) {
        self.init(environ: environ, settingsReference: SettingsReference(settings))
    }

    init(environ: consuming Environ, settingsReference: SettingsReference) {
        self.settingsReference = settingsReference
        lifecycleTrace = environ.trace
        // The variables a request reads when it is made, and HTTP_HOST and HTTP_USER_AGENT,
        // which the middleware ask for, found in one walk over the environ instead of one walk
        // each; the first of a name counts, as `environ[name]` finds it.
        var requestMethod: String?, scriptName: String?, pathInfo: String?, contentTypeHeader: String?
        var httpHost: String?, userAgent: String?
        environ.variables.withUnsafeBufferPointer { variables in
            for index in variables.indices {
                switch variables[index].key.utf8.count {
                case 9:
                    if pathInfo == nil && variables[index].key == "PATH_INFO" { pathInfo = variables[index].value }
                    else if httpHost == nil && variables[index].key == "HTTP_HOST" { httpHost = variables[index].value }
                case 11 where scriptName == nil && variables[index].key == "SCRIPT_NAME": scriptName = variables[index].value
                case 12 where contentTypeHeader == nil && variables[index].key == "CONTENT_TYPE": contentTypeHeader = variables[index].value
                case 14 where requestMethod == nil && variables[index].key == "REQUEST_METHOD": requestMethod = variables[index].value
                case 15 where userAgent == nil && variables[index].key == "HTTP_USER_AGENT": userAgent = variables[index].value
                default: break
                }
            }
        }
        self.httpHost = httpHost
        self.userAgent = userAgent
        let method = requestMethod ?? ""
        self.method = ASCIIScan.contains(method, in: 0x61...0x7A) ? method.uppercased() : method
        self.scriptName = settingsReference.settings.forceScriptName ?? Self.text(scriptName ?? "")
        let info = Self.text(pathInfo ?? "/")
        self.pathInfo = info.isEmpty ? "/" : info
        var script = self.scriptName
        while script.utf8.last == UInt8(ascii: "/") { script.removeLast() }
        let rooted = self.pathInfo.utf8.first == UInt8(ascii: "/")
        // Without a script name, the path is PATH_INFO itself when it starts with "/".
        path = script.isEmpty && rooted ? self.pathInfo : script + "/" + self.pathInfo.dropFirst(rooted ? 1 : 0)
        if let header = contentTypeHeader, !header.isEmpty {
            (contentType, contentParams) = Self.parseHeaderParameters(header)
        } else {
            (contentType, contentParams) = ("", [:])
        }
        // Last, so that the environ handed in is moved into the request, not copied.
        self.environ = environ
    }

    /// A WSGI native string (latin-1 bytes) as the UTF-8 text it carries; bytes that are not
    /// UTF-8 are percent-encoded again (Django's `repercent_broken_unicode`).
    static func text(_ native: String) -> String {
        // SCRIPT_NAME is usually empty: nothing to scan.
        if native.isEmpty || ASCIIScan.isASCII(native) { return native }
        guard let bytes = Latin1.bytes(native) else { return native }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            var valid = rest.count
            while valid > 0, String(validating: rest.prefix(valid), as: UTF8.self) == nil { valid -= 1 }
            out += String(decoding: rest.prefix(valid), as: UTF8.self)
            rest = rest.dropFirst(valid)
            if let bad = rest.first {
                out += "%" + String(bad, radix: 16, uppercase: true).leftPadded(2)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// `text/html; charset=utf-8` → ("text/html", ["charset": "utf-8"]).
    static func parseHeaderParameters(_ value: String) -> (String, [String: String]) {
        let parts = value.split(separator: ";")
        guard let first = parts.first else { return ("", [:]) }
        var params: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            params[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        return (first.trimmingCharacters(in: .whitespaces).lowercased(), params)
    }

    /// META: the environ's CGI variables.
    public var META: [String: String] {
        Dictionary(environ.variables.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// The request headers by case-insensitive name (Django's `request.headers`).
    public var headers: RequestHeaders { RequestHeaders(self) }

    /// The charset of the body (from Content-Type), or DEFAULT_CHARSET.
    public var encoding: String { contentParams["charset"] ?? settings.defaultCharset }

    private var cachedGET: QueryDict?
    /// GET: the query string's fields.
    public func GET() throws -> QueryDict {
        if let cachedGET { return cachedGET }
        let parsed = try QueryDict(parsing: Self.text(environ.queryString), maxFields: settings.dataUploadMaxNumberFields)
        cachedGET = parsed
        return parsed
    }

    private var cachedCookies: [String: String]?
    /// COOKIES: the Cookie header as a dictionary.
    public var COOKIES: [String: String] {
        if let cachedCookies { return cachedCookies }
        let parsed = parseCookie(Self.text(environ["HTTP_COOKIE"] ?? ""))
        cachedCookies = parsed
        return parsed
    }

    private(set) var cachedBody: [UInt8]?
    /// The body, read once from wsgi.input (CONTENT_LENGTH bytes). Over
    /// DATA_UPLOAD_MAX_MEMORY_SIZE, unless multipart, it throws RequestDataTooBig.
    public func body() throws -> [UInt8] {
        if let cachedBody { return cachedBody }
        let length = Int(environ["CONTENT_LENGTH"] ?? "") ?? 0
        if contentType != "multipart/form-data", let limit = settings.dataUploadMaxMemorySize, length > limit {
            throw RequestDataTooBig()
        }
        let bytes = length > 0 ? environ.input.read(length) : []
        cachedBody = bytes
        return bytes
    }

    private var cachedPOST: (QueryDict, [String: [UploadedFile]])?
    /// POST: the form fields of a POST body (urlencoded or multipart); empty for other methods.
    public func POST() throws -> QueryDict { try loadPostAndFiles().0 }
    /// FILES: the uploaded files of a multipart POST, by field name.
    public func FILES() throws -> [String: [UploadedFile]] { try loadPostAndFiles().1 }

    private func loadPostAndFiles() throws -> (QueryDict, [String: [UploadedFile]]) {
        if let cachedPOST { return cachedPOST }
        var result: (QueryDict, [String: [UploadedFile]]) = (QueryDict(), [:])
        if method == "POST" {
            switch contentType {
            case "multipart/form-data":
                result = try MultiPartParser(request: self).parse()
            case "application/x-www-form-urlencoded":
                let text = String(decoding: try body(), as: UTF8.self)
                result.0 = try QueryDict(parsing: text, maxFields: settings.dataUploadMaxNumberFields)
            default:
                break
            }
        }
        cachedPOST = result
        return result
    }
}

/// `request.headers`: HTTP_* variables (and CONTENT_TYPE, CONTENT_LENGTH) by header name,
/// case-insensitively: `headers["User-Agent"]`.
public struct RequestHeaders {
    let request: HTTPRequest
    init(_ request: HTTPRequest) { self.request = request }
    var environ: Environ { request.environ }

    public subscript(name: String) -> String? {
        // The variable is HTTP_ and the name uppercased, '-' as '_' (CONTENT_TYPE and
        // CONTENT_LENGTH without the prefix), compared byte by byte without building the key.
        let count = name.utf8.count
        let found = name.utf8.withContiguousStorageIfAvailable { name -> String?? in
            // Only names of their lengths can be Content-Type or Content-Length.
            if count == 12 && Self.matches(name, "CONTENT_TYPE") { return .some(request.environ["CONTENT_TYPE"]) }
            if count == 14 && Self.matches(name, "CONTENT_LENGTH") { return .some(request.environ["CONTENT_LENGTH"]) }
            return request.environ.variables.withUnsafeBufferPointer { variables -> String?? in
                for index in variables.indices where variables[index].key.utf8.count == count + 5 {
                    guard let matched = variables[index].key.utf8.withContiguousStorageIfAvailable({ key in
                        key[0] == 0x48 && key[1] == 0x54 && key[2] == 0x54 && key[3] == 0x50 && key[4] == 0x5F
                            && Self.matches(name, UnsafeBufferPointer(rebasing: key[5...]))
                    }) else { return nil }
                    if matched { return .some(variables[index].value) }
                }
                return .some(nil)
            }
        }
        if let found, let result = found { return result }
        return slowLookup(name)
    }

    /// Whether a header name is the environ key `key` (after HTTP_): uppercased, '-' as '_'.
    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == key.count else { return false }
        for i in 0..<name.count where cgiByte(name[i]) != key[i] { return false }
        return true
    }

    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ key: StaticString) -> Bool {
        key.withUTF8Buffer { matches(name, $0) }
    }

    @inline(__always)
    private static func cgiByte(_ byte: UInt8) -> UInt8 {
        byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : (0x61...0x7A).contains(byte) ? byte - 32 : byte
    }

    /// The lookup for names or keys whose bytes are not contiguous (bridged strings).
    private func slowLookup(_ name: String) -> String? {
        let key = "HTTP_" + String(decoding: name.utf8.map(Self.cgiByte), as: UTF8.self)
        if key == "HTTP_CONTENT_TYPE" || key == "HTTP_CONTENT_LENGTH" { return environ[String(key.dropFirst(5))] }
        return environ[key]
    }

    /// Every header as (Title-Case-Name, value), in environ order.
    public var all: [(name: String, value: String)] {
        environ.variables.compactMap { variable in
            let key = variable.key
            guard key.hasPrefix("HTTP_") || key == "CONTENT_TYPE" || key == "CONTENT_LENGTH" else { return nil }
            let raw = key.hasPrefix("HTTP_") ? String(key.dropFirst(5)) : key
            let name = raw.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: "-")
            return (name, variable.value)
        }
    }
}

/// A site shared by reference (see `HTTPRequest.siteReference`), with what every render for
/// it asks of its settings worked out once (the site never changes once referenced).
final class SiteReference: Sendable {
    let site: Site
    /// The context processors TEMPLATES names that the site registers, in order.
    let contextProcessors: [ContextProcessorRegistry.Found]
    /// Whether every one of them is the built-in `request` processor (Django's default list):
    /// a render then needs no dictionary of their values at all.
    let onlyRequestProcessors: Bool

    /// The `{% url %}` reversers of renders for requests with no script name (prefix "/"): one
    /// for no resolver match, one for each namespace the URLconf's views are under. They hold
    /// the URLconf, not this reference, and nothing of a request.
    private let rootReversers: [RequestURLReverser]

    init(_ site: Site) {
        self.site = site
        contextProcessors = site.contextProcessors.processors(named: site.settings.templates.contextProcessors)
        onlyRequestProcessors = contextProcessors.allSatisfy(\.addsRequest)
        rootReversers = ([nil] + site.urls.viewNamespaces.map { $0 }).map {
            RequestURLReverser(urls: site.urls, scriptPrefix: "/", currentApp: $0)
        }
    }

    /// The shared reverser for prefix "/" and `currentApp`, or nil when there is none (a match
    /// whose namespaces a view changed).
    func rootReverser(currentApp: String?) -> RequestURLReverser? {
        for reverser in rootReversers where reverser.currentApp == currentApp { return reverser }
        return nil
    }
}
