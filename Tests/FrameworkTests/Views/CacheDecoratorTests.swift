import Foundation
import Testing
import Framework

/// The decorators on views; the header helpers they call (patch_cache_control,
/// patch_vary_headers, add_never_cache_headers) have Django's tables in CacheHeadersTests.
@Suite("cache_control, never_cache and vary_on_headers")
struct CacheDecoratorTests {
    static func responding(_ headers: [(String, String)] = []) -> View {
        View("cache.views.page") { _, _ in HTTPResponse("page", headers: headers) }
    }

    @Test func cacheControlFormatting() throws {
        let response = try cacheControl([.maxAge(3600), .private], Self.responding())(ViewRequests.make())
        #expect(response["Cache-Control"] == "max-age=3600, private")
        let keyword = try cacheControl([.public, .sMaxAge(60), .mustRevalidate, .custom("stale_while_revalidate", "30")],
                                       Self.responding())(ViewRequests.make())
        #expect(keyword["Cache-Control"] == "public, s-maxage=60, must-revalidate, stale-while-revalidate=30")
    }

    @Test func cacheControlKeepsTheName() {
        #expect(cacheControl([.noStore], Self.responding()).name == "cache.views.page")
    }

    @Test func decoratorPatchesWhatTheViewSet() throws {
        let view = cacheControl([.maxAge(3600), .public], Self.responding([("Cache-Control", "private, max-age=600")]))
        #expect(try view(ViewRequests.make())["Cache-Control"] == "max-age=600, public")
    }

    @Test func neverCacheHeaders() throws {
        let before = Date().timeIntervalSince1970.rounded(.down)
        let response = try neverCache(Self.responding())(ViewRequests.make())
        let after = Date().timeIntervalSince1970
        #expect(response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
        let expires = try #require(response["Expires"].flatMap { parseHTTPDateSafe($0) })
        #expect(Double(expires) >= before && Double(expires) <= after)
    }

    @Test func neverCacheKeepsExpiresAndOverridesPublic() throws {
        let view = neverCache(Self.responding([("Expires", "Mon, 01 Jan 2001 00:00:00 GMT"), ("Cache-Control", "public, max-age=3600")]))
        let response = try view(ViewRequests.make())
        #expect(response["Expires"] == "Mon, 01 Jan 2001 00:00:00 GMT")
        #expect(response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
    }

    @Test func varyDecorators() throws {
        let view = varyOnHeaders(["Accept-Language", "cookie"], varyOnCookie(Self.responding([("Vary", "Accept-Encoding")])))
        let response = try view(ViewRequests.make())
        #expect(response["Vary"] == "Accept-Encoding, Cookie, Accept-Language")
        #expect(hasVaryHeader(response, "accept-language"))
        #expect(!hasVaryHeader(response, "User-Agent"))
    }
}
