import Foundation

// django.utils.cache: the Vary and Cache-Control headers, ETags, and conditional responses
// (with the ETag helpers of django.utils.http that they rest on; its HTTP dates are in
// HTTPDates.swift). The one implementation: the middleware and the view decorators both call it.

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

/// `patch_cache_control(response, **kwargs)`: merges `directives` into Cache-Control. The
/// existing header's names are lowercased. A new max-age never raises an existing one;
/// `public` and `private` replace each other; `no-cache` may hold several field names, and a
/// bare `no-cache` wins over them. Existing directives keep their place (a repeated one takes
/// the new value); new ones follow in the order given.
public func patchCacheControl(_ response: HTTPResponseBase, _ directives: [CacheControlDirective]) {
    // Each directive's values: one for most, several for no-cache; nil writes the bare name.
    var entries: [(name: String, values: [String?])] = []
    func store(_ name: String, _ value: String?) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            if name != "no-cache" {
                entries[index].values = [value]
            } else if !entries[index].values.contains(value) {
                entries[index].values.append(value)
            }
        } else {
            entries.append((name, [value]))
        }
    }
    func has(_ name: String) -> Bool { entries.contains { $0.name == name } }

    if let header = response.headers["Cache-Control"], !header.isEmpty {
        for field in splitCacheControlDelimited(header) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            store(parts[0].lowercased(), parts.count > 1 ? String(parts[1]) : nil)
        }
    }

    var patches = directives.map(\.nameAndValue)
    // A decorator and a middleware may both set max-age: the smaller one stays.
    let existingMaxAge = entries.first { $0.name == "max-age" }?.values.first ?? nil
    if let current = existingMaxAge.flatMap({ Int($0.pythonStripped) }) {
        for index in patches.indices where patches[index].name == "max-age" {
            if let new = patches[index].value.flatMap({ Int($0) }) { patches[index].value = String(min(current, new)) }
        }
    }

    let patchedNames = Set(patches.map(\.name))
    if has("private") && patchedNames.contains("public") {
        entries.removeAll { $0.name == "private" }
    } else if has("public") && patchedNames.contains("private") {
        entries.removeAll { $0.name == "public" }
    }

    for patch in patches { store(patch.name, patch.value) }

    response.headers["Cache-Control"] = entries.flatMap { name, values -> [String] in
        (values.contains(nil) ? [nil] : values).map { value in value.map { "\(name)=\($0)" } ?? name }
    }.joined(separator: ", ")
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

/// `patch_response_headers`: Expires (when absent) `cacheTimeout` seconds after `now`, and
/// max-age; a negative timeout counts as 0. (Django's default, CACHE_MIDDLEWARE_SECONDS, is 600.)
public func patchResponseHeaders(_ response: HTTPResponseBase, cacheTimeout: Int = 600, now: Date = Date()) {
    let timeout = max(cacheTimeout, 0)
    if !response.headers.contains("Expires") {
        response.headers["Expires"] = HTTPDate.string(epochSeconds: Int(now.timeIntervalSince1970.rounded(.down)) + timeout)
    }
    patchCacheControl(response, [.maxAge(timeout)])
}

/// `add_never_cache_headers`: Expires `now` (unless set) and Cache-Control
/// `max-age=0, no-cache, no-store, must-revalidate, private`, so no cache keeps the response.
public func addNeverCacheHeaders(_ response: HTTPResponseBase, now: Date = Date()) {
    patchResponseHeaders(response, cacheTimeout: -1, now: now)
    patchCacheControl(response, [.noCache, .noStore, .mustRevalidate, .private])
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
    let ifUnmodifiedSince = request.environ["HTTP_IF_UNMODIFIED_SINCE"].flatMap { parseHTTPDateSafe($0) }
    let ifNoneMatch = parseETags(request.environ["HTTP_IF_NONE_MATCH"] ?? "")
    let ifModifiedSince = request.environ["HTTP_IF_MODIFIED_SINCE"].flatMap { parseHTTPDateSafe($0) }
    let safe = request.isSafeForConditionalGet

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

extension HTTPRequest {
    /// GET or HEAD: the methods that get a 304 rather than a 412, and validators on the response.
    var isSafeForConditionalGet: Bool { method == "GET" || method == "HEAD" }
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
