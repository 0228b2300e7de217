import Foundation

/// The helpers of `django.utils.cache` and `django.utils.http` that the view decorators use:
/// conditional responses (RFC 9110 preconditions), Cache-Control and Vary patching, ETag and
/// HTTP-date parsing. Internal and namespaced, so they do not clash with other header helpers.
enum ViewCache {
    // MARK: - Conditional responses

    /// `get_conditional_response`: 412 or 304 when the request's preconditions say so, else
    /// `response` (nil when none was given). `lastModified` is in whole seconds since the epoch.
    static func conditionalResponse(
        _ request: HTTPRequest, etag: String?, lastModified: Int?, response: HTTPResponseBase? = nil
    ) -> HTTPResponseBase? {
        if let response, !(200..<300).contains(response.statusCode) { return response }
        let environ = request.environ
        let ifMatch = parseETags(environ["HTTP_IF_MATCH"] ?? "")
        let ifUnmodifiedSince = (environ["HTTP_IF_UNMODIFIED_SINCE"]).flatMap { parseHTTPDate($0) }
        let ifNoneMatch = parseETags(environ["HTTP_IF_NONE_MATCH"] ?? "")
        let ifModifiedSince = (environ["HTTP_IF_MODIFIED_SINCE"]).flatMap { parseHTTPDate($0) }
        let safe = isSafe(request)

        // Step 1: If-Match.
        if !ifMatch.isEmpty && !ifMatchPasses(etag, ifMatch) { return preconditionFailed() }
        // Step 2: If-Unmodified-Since, only without If-Match.
        if ifMatch.isEmpty, let ifUnmodifiedSince, !ifUnmodifiedSincePasses(lastModified, ifUnmodifiedSince) {
            return preconditionFailed()
        }
        // Step 3: If-None-Match.
        if !ifNoneMatch.isEmpty && !ifNoneMatchPasses(etag, ifNoneMatch) {
            return safe ? notModified(response) : preconditionFailed()
        }
        // Step 4: If-Modified-Since, only without If-None-Match and for GET or HEAD.
        if ifNoneMatch.isEmpty, let ifModifiedSince, !ifModifiedSincePasses(lastModified, ifModifiedSince), safe {
            return notModified(response)
        }
        // Step 5, If-Range, is not supported (as in Django); step 6: no conditional response.
        return response
    }

    /// GET or HEAD: the methods that get 304 rather than 412, and validators on the way out.
    static func isSafe(_ request: HTTPRequest) -> Bool { request.method == "GET" || request.method == "HEAD" }

    /// `_precondition_failed`: an empty 412.
    static func preconditionFailed() -> HTTPResponse { HTTPResponse(status: 412) }

    /// `_not_modified`: a 304 that keeps the response's cache validators and its cookies.
    static func notModified(_ response: HTTPResponseBase?) -> HTTPResponseNotModified {
        let notModified = HTTPResponseNotModified()
        guard let response else { return notModified }
        for header in ["Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary"] {
            if let value = response[header] { notModified[header] = value }
        }
        notModified.cookies = response.cookies
        return notModified
    }

    /// Strong comparison (RFC 9110 13.1.1): a weak ETag never matches; `*` matches any ETag.
    static func ifMatchPasses(_ target: String?, _ etags: [String]) -> Bool {
        guard let target, !target.isEmpty else { return false }
        if etags == ["*"] { return true }
        if target.hasPrefix("W/") { return false }
        return etags.contains(target)
    }

    static func ifUnmodifiedSincePasses(_ lastModified: Int?, _ ifUnmodifiedSince: Int) -> Bool {
        guard let lastModified else { return false }
        return lastModified <= ifUnmodifiedSince
    }

    /// Weak comparison (RFC 9110 13.1.2): the `W/` prefixes are ignored; `*` matches any ETag.
    static func ifNoneMatchPasses(_ target: String?, _ etags: [String]) -> Bool {
        guard let target, !target.isEmpty else { return true }
        if etags == ["*"] { return false }
        let weak = { (etag: String) in etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag }
        return !etags.map(weak).contains(weak(target))
    }

    static func ifModifiedSincePasses(_ lastModified: Int?, _ ifModifiedSince: Int) -> Bool {
        guard let lastModified else { return true }
        return lastModified > ifModifiedSince
    }

    // MARK: - ETags

    /// `ETAG_MATCH`: an optional `W/`, then a double-quoted string without double quotes.
    static func isETag<S: StringProtocol>(_ text: S) -> Bool {
        let body = text.hasPrefix("W/") ? text.dropFirst(2) : text.dropFirst(0)
        guard body.count >= 2, body.first == "\"", body.last == "\"" else { return false }
        return !body.dropFirst().dropLast().contains("\"")
    }

    /// `parse_etags`: `*`, or the well-formed ETags of a comma-separated list (others dropped).
    static func parseETags(_ header: String) -> [String] {
        if header.trimmingCharacters(in: .whitespacesAndNewlines) == "*" { return ["*"] }
        return header.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter(isETag)
    }

    /// `quote_etag`: a well-formed ETag as it is, anything else in double quotes.
    static func quoteETag(_ etag: String) -> String { isETag(etag) ? etag : "\"\(etag)\"" }

    // MARK: - Cache-Control, Expires, Vary

    /// `patch_cache_control`: merges `directives` into the response's Cache-Control. An existing
    /// max-age and a new one give the smaller; `public` replaces `private` and vice versa;
    /// `no-cache` gathers field names, a bare `no-cache` taking precedence.
    static func patchCacheControl(_ response: HTTPResponseBase, _ directives: [CacheControlDirective]) {
        var entries: [(name: String, values: [String?])] = []
        func set(_ name: String, _ value: String?) {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if name == "no-cache" {
                    if !entries[index].values.contains(value) { entries[index].values.append(value) }
                } else {
                    entries[index].values = [value]
                }
            } else {
                entries.append((name, [value]))
            }
        }
        if let header = response["Cache-Control"], !header.isEmpty {
            for field in splitDelimited(header) {
                let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                set(parts[0].lowercased(), parts.count > 1 ? String(parts[1]) : nil)
            }
        }
        let newNames = Set(directives.map(\.nameAndValue.name))
        if newNames.contains("public"), entries.contains(where: { $0.name == "private" }) {
            entries.removeAll { $0.name == "private" }
        } else if newNames.contains("private"), entries.contains(where: { $0.name == "public" }) {
            entries.removeAll { $0.name == "public" }
        }
        let existingMaxAge = entries.first { $0.name == "max-age" }?.values.first.flatMap { $0.flatMap { Int($0) } }
        for directive in directives {
            if case .maxAge(let seconds) = directive, let existingMaxAge {
                set("max-age", String(min(existingMaxAge, seconds)))
            } else {
                let (name, value) = directive.nameAndValue
                set(name, value)
            }
        }
        response["Cache-Control"] = entries.flatMap { name, values -> [String] in
            let values = values.contains(nil) ? [nil] : values
            return values.map { value in value.map { "\(name)=\($0)" } ?? name }
        }.joined(separator: ", ")
    }

    /// `patch_response_headers`: Expires (unless set) `cacheTimeout` seconds from `now`, and
    /// max-age; a negative timeout counts as 0.
    static func patchResponseHeaders(_ response: HTTPResponseBase, cacheTimeout: Int, now: Date = Date()) {
        let timeout = max(0, cacheTimeout)
        if response["Expires"] == nil {
            response["Expires"] = httpDate(Int(now.timeIntervalSince1970.rounded(.down)) + timeout)
        }
        patchCacheControl(response, [.maxAge(timeout)])
    }

    /// `add_never_cache_headers`: expires now, and must never be stored or reused unchecked.
    static func addNeverCacheHeaders(_ response: HTTPResponseBase, now: Date = Date()) {
        patchResponseHeaders(response, cacheTimeout: -1, now: now)
        patchCacheControl(response, [.noCache, .noStore, .mustRevalidate, .private])
    }

    /// `patch_vary_headers`: appends the headers not already in Vary (compared without case),
    /// keeping the existing order; any `*` makes the whole header `*`.
    static func patchVaryHeaders(_ response: HTTPResponseBase, _ headers: [String]) {
        var vary = response["Vary"].map(splitDelimited) ?? []
        let existing = Set(vary.map { $0.lowercased() })
        vary += headers.filter { !existing.contains($0.lowercased()) }
        response["Vary"] = vary.contains("*") ? "*" : vary.joined(separator: ", ")
    }

    /// `has_vary_header`.
    static func hasVaryHeader(_ response: HTTPResponseBase, _ header: String) -> Bool {
        guard let vary = response["Vary"] else { return false }
        return splitDelimited(vary).contains { $0.lowercased() == header.lowercased() }
    }

    /// Splits as `cc_delim_re` (`\s*,\s*`) does: whitespace around each comma goes, whitespace
    /// at the ends of the whole value stays.
    static func splitDelimited(_ value: String) -> [String] {
        let pieces = value.split(separator: ",", omittingEmptySubsequences: false)
        return pieces.indices.map { index in
            var piece = pieces[index]
            if index != pieces.startIndex { piece = piece.drop { $0.isWhitespace } }
            if index != pieces.index(before: pieces.endIndex) {
                while let last = piece.last, last.isWhitespace { piece = piece.dropLast() }
            }
            return String(piece)
        }
    }
}
