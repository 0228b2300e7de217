import Foundation

// Django's view decorators (`django.views.decorators.http`, `.cache`, `.vary`) as functions
// from a view to a view. The wrapped view keeps the name of the view it wraps, as
// `functools.wraps` keeps `__name__` and `__module__`. Stack them as Django stacks decorators,
// the outermost first: `requireGET(cacheControl([.maxAge(60)], view))`. The header work is
// django.utils.cache's, in CacheHeaders.swift, shared with the middleware.

// MARK: - Allowed methods

/// `require_http_methods`: answers 405, with the methods in Allow, to any method not in
/// `methods` (uppercase names, compared exactly as Django compares them).
public func requireHTTPMethods(_ methods: [String], _ view: View) -> View {
    View(view.name) { request, arguments in
        guard methods.contains(request.method) else { return HTTPResponseNotAllowed(methods) }
        return try view(request, arguments)
    }
}

/// `require_GET`: only GET.
public func requireGET(_ view: View) -> View { requireHTTPMethods(["GET"], view) }

/// `require_POST`: only POST.
public func requirePOST(_ view: View) -> View { requireHTTPMethods(["POST"], view) }

/// `require_safe`: only the safe methods, GET and HEAD.
public func requireSafe(_ view: View) -> View { requireHTTPMethods(["GET", "HEAD"], view) }

// MARK: - Conditional processing

/// Computes a resource's ETag from the view's request and arguments; nil when it has none.
/// The value may be quoted (`"abc"`, `W/"abc"`) or not (`abc` becomes `"abc"`).
public typealias ETagFunction = @Sendable (HTTPRequest, ViewArguments) throws -> String?

/// Computes when a resource last changed; nil when unknown. Only whole seconds count.
public typealias LastModifiedFunction = @Sendable (HTTPRequest, ViewArguments) throws -> Date?

/// `condition`: evaluates the request's preconditions (If-Match, If-Unmodified-Since,
/// If-None-Match, If-Modified-Since, in RFC 9110's order) against the resource's ETag and
/// modification time before calling the view. A failed precondition answers 412, or 304 Not
/// Modified to a GET or HEAD whose copy is current; otherwise the view answers. Responses to GET
/// and HEAD get ETag and Last-Modified unless they already have them.
public func condition(etag etagFunction: ETagFunction? = nil, lastModified lastModifiedFunction: LastModifiedFunction? = nil,
                      _ view: View) -> View {
    View(view.name) { request, arguments in
        var lastModified: Int?
        if let lastModifiedFunction, let date = try lastModifiedFunction(request, arguments) {
            // `int(dt.timestamp())`; 0 is falsy in Python and means "unknown" there too.
            let seconds = Int(date.timeIntervalSince1970)
            lastModified = seconds == 0 ? nil : seconds
        }
        var etag: String?
        if let etagFunction, let value = try etagFunction(request, arguments) {
            etag = quoteETag(value)
        }
        let response = try getConditionalResponse(request, etag: etag, lastModified: lastModified)
            ?? view(request, arguments)
        if request.isSafeForConditionalGet {
            if let lastModified, response["Last-Modified"] == nil {
                response["Last-Modified"] = HTTPDate.string(epochSeconds: lastModified)
            }
            if let etag { response.headers.setDefault("ETag", etag) }
        }
        return response
    }
}

/// `etag`: `condition` with an ETag only.
public func etag(_ etagFunction: @escaping ETagFunction, _ view: View) -> View {
    condition(etag: etagFunction, view)
}

/// `last_modified`: `condition` with a modification time only.
public func lastModified(_ lastModifiedFunction: @escaping LastModifiedFunction, _ view: View) -> View {
    condition(lastModified: lastModifiedFunction, view)
}

// MARK: - Caching headers

/// `cache_control`: merges the directives into the response's Cache-Control, as
/// `patch_cache_control` does: `cacheControl([.maxAge(3600), .private], view)` gives
/// `max-age=3600, private`.
public func cacheControl(_ directives: [CacheControlDirective], _ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        patchCacheControl(response, directives)
        return response
    }
}

/// `never_cache`: Expires now (unless the view set Expires) and Cache-Control
/// `max-age=0, no-cache, no-store, must-revalidate, private`.
public func neverCache(_ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        addNeverCacheHeaders(response)
        return response
    }
}

/// `vary_on_headers`: adds the header names to Vary, each once whatever its case; `*` makes
/// Vary `*`.
public func varyOnHeaders(_ headers: [String], _ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        patchVaryHeaders(response, headers)
        return response
    }
}

/// `vary_on_cookie`: adds Cookie to Vary.
public func varyOnCookie(_ view: View) -> View { varyOnHeaders(["Cookie"], view) }
