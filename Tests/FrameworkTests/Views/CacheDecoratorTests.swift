import Foundation
import Testing
@testable import Framework

@Suite("cache_control, never_cache and vary_on_headers")
struct CacheDecoratorTests {
    static func responding(_ headers: [(String, String)] = []) -> View {
        View("cache.views.page") { _, _ in HTTPResponse("page", headers: headers) }
    }

    static func parts(_ header: String?) -> Set<String> {
        Set((header ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
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

    /// Django's test_patch_cache_control table: initial header, directives, expected parts.
    @Test(arguments: [
        (nil, [CacheControlDirective.private], ["private"]),
        ("", [.private], ["private"]),
        ("", [.noCacheField("Set-Cookie")], ["no-cache=Set-Cookie"]),
        ("no-cache=Set-Cookie", [.noCache], ["no-cache"]),
        ("no-cache=Set-Cookie,no-cache=Link", [.noCache], ["no-cache"]),
        ("no-cache=Set-Cookie", [.noCacheField("Link")], ["no-cache=Set-Cookie", "no-cache=Link"]),
        ("no-cache=Set-Cookie,no-cache=Link", [.noCacheField("Custom")], ["no-cache=Set-Cookie", "no-cache=Link", "no-cache=Custom"]),
        ("private", [.private], ["private"]),
        ("private", [.public], ["public"]),
        ("public", [.public], ["public"]),
        ("public", [.private], ["private"]),
        ("must-revalidate,max-age=60,private", [.public], ["must-revalidate", "max-age=60", "public"]),
        ("must-revalidate,max-age=60,public", [.private], ["must-revalidate", "max-age=60", "private"]),
        ("must-revalidate,max-age=60", [.public], ["must-revalidate", "max-age=60", "public"]),
    ] as [(String?, [CacheControlDirective], Set<String>)])
    func patchCacheControl(initial: String?, directives: [CacheControlDirective], expected: Set<String>) {
        let response = HTTPResponse()
        if let initial { response["Cache-Control"] = initial }
        ViewCache.patchCacheControl(response, directives)
        #expect(Self.parts(response["Cache-Control"]) == expected)
    }

    @Test func patchKeepsExistingOrderAndLowercasesNames() {
        let response = HTTPResponse()
        response["Cache-Control"] = "Public ,  Max-Age=60"
        ViewCache.patchCacheControl(response, [.noTransform, .maxAge(30)])
        #expect(response["Cache-Control"] == "public, max-age=30, no-transform")
    }

    @Test func maxAgeKeepsTheSmaller() {
        let response = HTTPResponse()
        response["Cache-Control"] = "max-age=60"
        ViewCache.patchCacheControl(response, [.maxAge(120)])
        #expect(response["Cache-Control"] == "max-age=60")
        ViewCache.patchCacheControl(response, [.maxAge(30)])
        #expect(response["Cache-Control"] == "max-age=30")
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
        let expires = try #require(response["Expires"].flatMap { ViewCache.parseHTTPDate($0) })
        #expect(Double(expires) >= before && Double(expires) <= after)
    }

    @Test func neverCacheAtAFixedTime() {
        let response = HTTPResponse()
        ViewCache.addNeverCacheHeaders(response, now: Date(timeIntervalSince1970: 1_310_860_800.7))
        #expect(response["Expires"] == "Sun, 17 Jul 2011 00:00:00 GMT")
        #expect(response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
    }

    @Test func neverCacheKeepsExpiresAndOverridesPublic() throws {
        let view = neverCache(Self.responding([("Expires", "Mon, 01 Jan 2001 00:00:00 GMT"), ("Cache-Control", "public, max-age=3600")]))
        let response = try view(ViewRequests.make())
        #expect(response["Expires"] == "Mon, 01 Jan 2001 00:00:00 GMT")
        #expect(response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
    }

    /// Django's test_patch_vary_headers table.
    @Test(arguments: [
        (nil, ["Accept-Encoding"], "Accept-Encoding"),
        ("Accept-Encoding", ["accept-encoding"], "Accept-Encoding"),
        ("Accept-Encoding", ["ACCEPT-ENCODING"], "Accept-Encoding"),
        ("Cookie", ["Accept-Encoding"], "Cookie, Accept-Encoding"),
        ("Cookie, Accept-Encoding", ["Accept-Encoding"], "Cookie, Accept-Encoding"),
        ("Cookie, Accept-Encoding", ["Accept-Encoding", "cookie"], "Cookie, Accept-Encoding"),
        (nil, ["Accept-Encoding", "COOKIE"], "Accept-Encoding, COOKIE"),
        ("Cookie,     Accept-Encoding", ["Accept-Encoding", "cookie"], "Cookie, Accept-Encoding"),
        ("Cookie    ,     Accept-Encoding", ["Accept-Encoding", "cookie"], "Cookie, Accept-Encoding"),
        ("*", ["Accept-Language", "Cookie"], "*"),
        ("Accept-Language, Cookie", ["*"], "*"),
    ] as [(String?, [String], String)])
    func patchVaryHeaders(initial: String?, headers: [String], expected: String) {
        let response = HTTPResponse()
        if let initial { response["Vary"] = initial }
        ViewCache.patchVaryHeaders(response, headers)
        #expect(response["Vary"] == expected)
    }

    @Test func varyDecorators() throws {
        let view = varyOnHeaders(["Accept-Language", "cookie"], varyOnCookie(Self.responding([("Vary", "Accept-Encoding")])))
        let response = try view(ViewRequests.make())
        #expect(response["Vary"] == "Accept-Encoding, Cookie, Accept-Language")
        #expect(ViewCache.hasVaryHeader(response, "accept-language"))
        #expect(!ViewCache.hasVaryHeader(response, "User-Agent"))
    }
}
