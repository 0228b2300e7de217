import Foundation

// django.utils.cache: the Vary and Cache-Control headers, ETags, and conditional responses
// (with the ETag and date helpers of django.utils.http that they rest on).

/// `cc_delim_re.split(value)` with `cc_delim_re = \s*,\s*`: split at commas, dropping the
/// whitespace around each comma but not at the two ends.
func splitCacheControlDelimited(_ value: String) -> [String] {
    let pieces = value.split(separator: ",", omittingEmptySubsequences: false)
    return pieces.indices.map { index in
        var piece = Substring(pieces[index])
        if index != pieces.startIndex { piece = piece.drop { $0.isPythonWhitespace } }
        if index != pieces.index(before: pieces.endIndex) {
            while let last = piece.last, last.isPythonWhitespace { piece.removeLast() }
        }
        return String(piece)
    }
}

extension Character {
    /// Python's `\s` / `str.isspace()` for one character.
    var isPythonWhitespace: Bool {
        unicodeScalars.allSatisfy { scalar in
            scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
        }
    }
}

extension String {
    /// Python's `str.strip()`: whitespace off both ends.
    var pythonStripped: String {
        var slice = Substring(self)
        while let first = slice.first, first.isPythonWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isPythonWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Python's `str.strip(characters)`: any of `characters` off both ends.
    func pythonStripped(_ characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

// MARK: - Vary

/// `patch_vary_headers`: adds `newHeaders` to Vary, keeping the existing names and their order
/// and skipping names already there (compared case-insensitively). A `*` anywhere makes the
/// header just `*`.
public func patchVaryHeaders(_ response: HTTPResponseBase, _ newHeaders: [String]) {
    var varyHeaders = response.headers["Vary"].map(splitCacheControlDelimited) ?? []
    let existing = Set(varyHeaders.map { $0.lowercased() })
    varyHeaders += newHeaders.filter { !existing.contains($0.lowercased()) }
    response.headers["Vary"] = varyHeaders.contains("*") ? "*" : varyHeaders.joined(separator: ", ")
}

/// `has_vary_header`: whether Vary names `header` (case-insensitively).
public func hasVaryHeader(_ response: HTTPResponseBase, _ header: String) -> Bool {
    guard let vary = response.headers["Vary"] else { return false }
    return splitCacheControlDelimited(vary).contains { $0.lowercased() == header.lowercased() }
}

// MARK: - Cache-Control

/// One Cache-Control directive's value, as `patch_cache_control` takes it: `True` writes the
/// bare name (`no-cache`), anything else `name=value` (`max-age=3600`).
public enum CacheControlValue: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case flag
    case value(String)

    public init(integerLiteral value: Int) { self = .value(String(value)) }
    public init(stringLiteral value: String) { self = .value(value) }

    func directive(_ name: String) -> String {
        switch self {
        case .flag: name
        case .value(let value): "\(name)=\(value)"
        }
    }
}

/// `patch_cache_control(response, **kwargs)`: merges `directives` into Cache-Control. Names
/// have `_` turned into `-` (`max_age` is `max-age`); the existing header's names are lowercased. A new max-age never raises an
/// existing one; `public` and `private` replace each other; `no-cache` may hold several field
/// names, and a bare `no-cache` wins over them. Existing directives keep their place; new ones
/// follow in the order given.
public func patchCacheControl(_ response: HTTPResponseBase, _ directives: KeyValuePairs<String, CacheControlValue>) {
    var order: [String] = []
    var single: [String: CacheControlValue] = [:]
    var noCache: [CacheControlValue] = []

    func store(_ name: String, _ value: CacheControlValue) {
        if !order.contains(name) { order.append(name) }
        if name == "no-cache" {
            if !noCache.contains(value) { noCache.append(value) }
        } else {
            single[name] = value
        }
    }

    func remove(_ name: String) {
        order.removeAll { $0 == name }
        single[name] = nil
    }

    if let header = response.headers["Cache-Control"], !header.isEmpty {
        for field in splitCacheControlDelimited(header) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            store(parts[0].lowercased(), parts.count > 1 ? .value(String(parts[1])) : .flag)
        }
    }

    var patches = directives.map { (name: $0.key.replacingOccurrences(of: "_", with: "-"), value: $0.value) }
    if let existing = single["max-age"], case .value(let text) = existing, let current = Int(text),
       let index = patches.firstIndex(where: { $0.name == "max-age" }),
       case .value(let newText) = patches[index].value, let new = Int(newText) {
        patches[index].value = .value(String(min(current, new)))
    }

    let patchedNames = Set(patches.map(\.name))
    if order.contains("private") && patchedNames.contains("public") {
        remove("private")
    } else if order.contains("public") && patchedNames.contains("private") {
        remove("public")
    }

    for patch in patches { store(patch.name, patch.value) }

    var fields: [String] = []
    for name in order {
        if name == "no-cache" {
            let values = noCache.contains(.flag) ? [.flag] : noCache
            fields += values.map { $0.directive(name) }
        } else if let value = single[name] {
            fields.append(value.directive(name))
        }
    }
    response.headers["Cache-Control"] = fields.joined(separator: ", ")
}

/// `get_max_age`: Cache-Control's max-age as an integer, or nil when absent or not an integer.
public func getMaxAge(_ response: HTTPResponseBase) -> Int? {
    guard let header = response.headers["Cache-Control"] else { return nil }
    var maxAge: String?
    for field in splitCacheControlDelimited(header) {
        let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        if parts[0].lowercased() == "max-age" { maxAge = parts.count > 1 ? String(parts[1]) : nil }
    }
    return maxAge.flatMap { Int($0.pythonStripped) }
}

/// `patch_response_headers`: Expires (when absent) and max-age for `cacheTimeout` seconds,
/// a negative timeout counting as 0. (Django's default, CACHE_MIDDLEWARE_SECONDS, is 600.)
public func patchResponseHeaders(_ response: HTTPResponseBase, cacheTimeout: Int = 600) {
    let timeout = max(cacheTimeout, 0)
    if !response.headers.contains("Expires") {
        response.headers["Expires"] = HTTPDate.string(Date().addingTimeInterval(TimeInterval(timeout)))
    }
    patchCacheControl(response, ["max_age": .value(String(timeout))])
}

/// `add_never_cache_headers`: headers telling every cache never to keep the response.
public func addNeverCacheHeaders(_ response: HTTPResponseBase) {
    patchResponseHeaders(response, cacheTimeout: -1)
    patchCacheControl(response, ["no_cache": .flag, "no_store": .flag, "must_revalidate": .flag, "private": .flag])
}

// MARK: - ETags

/// `quote_etag`: an ETag as is when it is one already (`"…"` or `W/"…"`), else quoted.
public func quoteETag(_ etag: String) -> String {
    isETag(etag) ? etag : "\"\(etag)\""
}

/// django.utils.http's ETAG_MATCH: `(W/)?"[^"]*"` and nothing else.
func isETag(_ text: String) -> Bool {
    let body = text.hasPrefix("W/") ? text.dropFirst(2) : Substring(text)
    guard body.count >= 2, body.first == "\"", body.last == "\"" else { return false }
    return !body.dropFirst().dropLast().contains("\"")
}

/// `parse_etags`: the ETags of an If-Match or If-None-Match header; `*` gives `["*"]`, and
/// entries that are not valid ETags are left out.
public func parseETags(_ header: String) -> [String] {
    if header.pythonStripped == "*" { return ["*"] }
    return header.split(separator: ",", omittingEmptySubsequences: false)
        .map { String($0).pythonStripped }
        .filter(isETag)
}

/// `set_response_etag`: a quoted MD5 of the content, for responses in memory with content.
public func setResponseETag(_ response: HTTPResponseBase) {
    guard !response.isStreaming, let content = (response as? HTTPResponse)?.content, !content.isEmpty else { return }
    response.headers["ETag"] = quoteETag(MD5.hexDigest(content))
}

/// `parse_http_date_safe`: seconds since the epoch, or nil when the date does not parse.
public func parseHTTPDateSafe(_ text: String) -> Int? {
    HTTPDate.parse(text).map { Int($0.timeIntervalSince1970.rounded(.down)) }
}

// MARK: - Conditional responses

/// `get_conditional_response`: RFC 9110's precondition evaluation (section 13.2.2) for a
/// response with `etag` and `lastModified` (seconds since the epoch). Returns a 412, a 304
/// carrying the original's validator and caching headers and cookies, or `response` as it was.
/// Responses other than 2xx are never replaced.
public func getConditionalResponse(
    _ request: HTTPRequest, etag: String? = nil, lastModified: Int? = nil, response: HTTPResponseBase? = nil
) -> HTTPResponseBase? {
    if let response, !(200..<300).contains(response.statusCode) { return response }
    // Python truthiness: an empty ETag or a date at the epoch counts as none.
    let etag = etag.flatMap { $0.isEmpty ? nil : $0 }
    let lastModified = lastModified.flatMap { $0 == 0 ? nil : $0 }

    let ifMatch = parseETags(request.environ["HTTP_IF_MATCH"] ?? "")
    let ifUnmodifiedSince = request.environ["HTTP_IF_UNMODIFIED_SINCE"].flatMap(parseHTTPDateSafe).flatMap { $0 == 0 ? nil : $0 }
    let ifNoneMatch = parseETags(request.environ["HTTP_IF_NONE_MATCH"] ?? "")
    let ifModifiedSince = request.environ["HTTP_IF_MODIFIED_SINCE"].flatMap(parseHTTPDateSafe).flatMap { $0 == 0 ? nil : $0 }
    let safe = request.method == "GET" || request.method == "HEAD"

    // 1: If-Match.
    if !ifMatch.isEmpty && !ifMatchPasses(etag, ifMatch) {
        return HTTPResponse(status: 412)
    }
    // 2: If-Unmodified-Since, when there is no If-Match.
    if ifMatch.isEmpty, let ifUnmodifiedSince, !(lastModified.map { $0 <= ifUnmodifiedSince } ?? false) {
        return HTTPResponse(status: 412)
    }
    // 3: If-None-Match.
    if !ifNoneMatch.isEmpty && !ifNoneMatchPasses(etag, ifNoneMatch) {
        return safe ? notModified(response) : HTTPResponse(status: 412)
    }
    // 4: If-Modified-Since, when there is no If-None-Match; for GET and HEAD only.
    if ifNoneMatch.isEmpty, let ifModifiedSince, let lastModified, lastModified <= ifModifiedSince, safe {
        return notModified(response)
    }
    // 5: If-Range is not supported. 6: the response as it was.
    return response
}

/// If-Match (RFC 9110 13.1.1): strong comparison; `*` matches any current representation.
private func ifMatchPasses(_ target: String?, _ etags: [String]) -> Bool {
    guard let target else { return false }
    if etags == ["*"] { return true }
    if target.hasPrefix("W/") { return false }
    return etags.contains(target)
}

/// If-None-Match (RFC 9110 13.1.2): weak comparison, the `W/` prefixes stripped.
private func ifNoneMatchPasses(_ target: String?, _ etags: [String]) -> Bool {
    guard let target else { return true }
    if etags == ["*"] { return false }
    let stripped = target.pythonStripped("W/")
    return !etags.contains { $0.pythonStripped("W/") == stripped }
}

/// `_not_modified`: a 304 with the headers RFC 9110 15.4.5 keeps, Last-Modified, and the cookies.
private func notModified(_ response: HTTPResponseBase?) -> HTTPResponseBase {
    let result = HTTPResponseNotModified()
    if let response {
        for header in ["Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary"] {
            if let value = response.headers[header] { result.headers[header] = value }
        }
        result.cookies = response.cookies
    }
    return result
}
