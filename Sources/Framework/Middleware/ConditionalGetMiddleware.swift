/// `django.middleware.http.ConditionalGetMiddleware`: conditional GET.
///
/// Only GET requests: for an unsafe method the view has already run, too late for a 412, and a
/// HEAD response has no body to compute an ETag from. Responses in memory with content get an
/// ETag (a quoted MD5 of the content) unless they have one or Cache-Control says `no-store`;
/// then, when the response has an ETag or a Last-Modified, `getConditionalResponse` decides:
/// a 304 for If-None-Match (weak comparison) or If-Modified-Since, a 412 for If-Match or
/// If-Unmodified-Since, for 2xx responses only.
public final class ConditionalGetMiddleware: MiddlewareMixin {
    public let getResponse: GetResponse

    public init(settings: Settings, getResponse: @escaping GetResponse) {
        self.getResponse = getResponse
    }

    public static let factory: MiddlewareFactory = { settings, getResponse in
        ConditionalGetMiddleware(settings: settings, getResponse: getResponse)
    }

    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        guard request.method == "GET" else { return response }

        if needsETag(response) && !response.headers.contains("ETag") {
            setResponseETag(response)
        }
        let etag = response.headers["ETag"].flatMap { $0.isEmpty ? nil : $0 }
        let lastModified = response.headers["Last-Modified"].flatMap { $0.isEmpty ? nil : parseHTTPDateSafe($0) }
        if etag != nil || (lastModified ?? 0) != 0 {
            return getConditionalResponse(request, etag: etag, lastModified: lastModified, response: response) ?? response
        }
        return response
    }

    /// `needs_etag`: whether the response may get an ETag: Cache-Control has no `no-store`.
    public func needsETag(_ response: HTTPResponseBase) -> Bool {
        splitCacheControlDelimited(response.headers["Cache-Control"] ?? "").allSatisfy { $0.lowercased() != "no-store" }
    }
}
