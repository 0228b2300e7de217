import Foundation
import Framework
import Testing

/// django.utils.cache, as the middleware and the view decorators share it: Django's
/// tests/cache/tests.py tables, once each.
@Suite("django.utils.cache helpers")
struct CacheHeadersTests {
    // Django's test_patch_vary_headers.
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
    func patchVary(initial: String?, newHeaders: [String], expected: String) {
        let response = HTTPResponse()
        if let initial { response["Vary"] = initial }
        patchVaryHeaders(response, newHeaders)
        #expect(response["Vary"] == expected)
    }

    @Test func hasVary() {
        let response = HTTPResponse()
        #expect(!hasVaryHeader(response, "Cookie"))
        response["Vary"] = "Accept-Encoding , cookie"
        #expect(hasVaryHeader(response, "Cookie"))
        #expect(hasVaryHeader(response, "accept-encoding"))
        #expect(!hasVaryHeader(response, "Accept-Language"))
    }

    /// The Cache-Control `directives` leave on a response whose header was `initial`.
    static func patched(_ initial: String?, _ directives: [CacheControlDirective]) -> String? {
        let response = HTTPResponse()
        if let initial { response["Cache-Control"] = initial }
        patchCacheControl(response, directives)
        return response["Cache-Control"]
    }

    // Django's test_patch_cache_control: initial header, directives, the expected directives in
    // any order (no-cache's field names are a set there).
    @Test(arguments: [
        (nil, [CacheControlDirective.private], ["private"]),
        ("", [.private], ["private"]),
        ("", [.noCacheField("Set-Cookie")], ["no-cache=Set-Cookie"]),
        ("", [.custom("no-cache", "Set-Cookie")], ["no-cache=Set-Cookie"]),
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
    func patchCacheControlCases(initial: String?, directives: [CacheControlDirective], expected: Set<String>) {
        let parts = (Self.patched(initial, directives) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Set(parts) == expected)
    }

    @Test func patchCacheControlKeepsTheSmallerMaxAge() {
        #expect(Self.patched("max-age=60", [.maxAge(3600)]) == "max-age=60")
        #expect(Self.patched("max-age=3600", [.maxAge(60)]) == "max-age=60")
        #expect(Self.patched("max-age=60", [.maxAge(120)]) == "max-age=60")
        #expect(Self.patched("max-age=60", [.maxAge(30)]) == "max-age=30")
    }

    @Test func patchCacheControlOrderAndCase() {
        // Existing directives keep their place, lowercased; new ones follow in the order given.
        #expect(Self.patched("Public, max-age=60", [.sMaxAge(30), .maxAge(120)]) == "public, max-age=60, s-maxage=30")
        #expect(Self.patched("Public ,  Max-Age=60", [.noTransform, .maxAge(30)]) == "public, max-age=30, no-transform")
        // Any other keyword: underscores become hyphens, a nil value is the bare name.
        #expect(Self.patched(nil, [.custom("stale_while_revalidate", "30"), .custom("x_flag", nil)])
            == "stale-while-revalidate=30, x-flag")
    }

    @Test func maxAge() {
        let response = HTTPResponse()
        #expect(getMaxAge(response) == nil)
        response["Cache-Control"] = "public, max-age=3600"
        #expect(getMaxAge(response) == 3600)
        response["Cache-Control"] = "max-age=nan"
        #expect(getMaxAge(response) == nil)
    }

    @Test func patchResponseHeadersAtAFixedTime() {
        let response = HTTPResponse()
        patchResponseHeaders(response, cacheTimeout: 60, now: Date(timeIntervalSince1970: 1_310_860_800.7))
        #expect(response["Expires"] == "Sun, 17 Jul 2011 00:01:00 GMT")
        #expect(response["Cache-Control"] == "max-age=60")
    }

    @Test func neverCacheAtAFixedTime() {
        let response = HTTPResponse()
        addNeverCacheHeaders(response, now: Date(timeIntervalSince1970: 1_310_860_800.7))
        #expect(response["Expires"] == "Sun, 17 Jul 2011 00:00:00 GMT")
        #expect(response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
    }

    // Django's tests/utils_tests/test_http.py ETagProcessingTests.
    @Test func parseETagsCases() {
        #expect(parseETags("") == [])
        #expect(parseETags("*") == ["*"])
        #expect(parseETags(" * ") == ["*"])
        #expect(parseETags("\"\" ,  \"etag\", \"e,t,a,g\", W/\"weak\"") == ["\"\"", "\"etag\"", "W/\"weak\""])
        #expect(parseETags("\"a\", W/\"b\", c, \"d\"e\"") == ["\"a\"", "W/\"b\""])
        #expect(parseETags("unquoted, \"ok\", W/x") == ["\"ok\""])
    }

    @Test func quoteETagCases() {
        #expect(quoteETag("etag") == "\"etag\"")
        #expect(quoteETag("\"etag\"") == "\"etag\"")
        #expect(quoteETag("W/\"etag\"") == "W/\"etag\"")
        #expect(quoteETag("\"et\"ag\"") == "\"\"et\"ag\"\"")
    }

    @Test func responseETag() {
        let response = HTTPResponse("Hello")
        setResponseETag(response)
        #expect(response["ETag"] == "\"8b1a9953c4611296a827abf8c47804d7\"")
    }
}

@Suite("MD5")
struct MD5Tests {
    // RFC 1321's test suite, and lengths around the padding boundary (checked with Python's hashlib).
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ("Hello", "8b1a9953c4611296a827abf8c47804d7"),
        (String(repeating: "a", count: 55), "ef1772b6dff9a122358552954ad0df65"),
        (String(repeating: "a", count: 56), "3b0c8ac703f828b04c6c197006d17218"),
        (String(repeating: "a", count: 64), "014842d480b571495a4a0363793f7367"),
    ])
    func digest(message: String, hex: String) {
        #expect(MD5.hexDigest(Array(message.utf8)) == hex)
    }

    @Test func binary() {
        let bytes = (0..<4).flatMap { _ in (0...255).map { UInt8($0) } }
        #expect(MD5.hexDigest(bytes) == "b2ea9f7fcea831a4a63b213f41a8855b")
        #expect(MD5.digest(bytes).count == 16)
    }
}

@Suite("MiddlewareRegistry")
struct MiddlewareRegistryTests {
    @Test func builtInNames() throws {
        let registry = MiddlewareRegistry.builtIn
        let expected: [(String, String)] = [
            ("django.middleware.security.SecurityMiddleware", "SecurityMiddleware"),
            ("django.middleware.common.CommonMiddleware", "CommonMiddleware"),
            ("django.middleware.gzip.GZipMiddleware", "GZipMiddleware"),
            ("django.middleware.http.ConditionalGetMiddleware", "ConditionalGetMiddleware"),
            ("django.middleware.clickjacking.XFrameOptionsMiddleware", "XFrameOptionsMiddleware"),
        ]
        for (dotted, short) in expected {
            #expect(registry.names.contains(dotted))
            #expect(registry.names.contains(short))
            let settings = MiddlewareFixture.settings()
            let dottedFactory = try #require(registry.factory(named: dotted))
            let shortFactory = try #require(registry.factory(named: short))
            let fromDotted = try dottedFactory(settings) { _ in HTTPResponse() }
            let fromShort = try shortFactory(settings) { _ in HTTPResponse() }
            #expect(fromDotted.name == short)
            #expect(fromShort.name == short)
        }
        #expect(registry.names.count == 10)
        #expect(registry.factory(named: "django.middleware.csrf.CsrfViewMiddleware") == nil)
        for name in Settings.startprojectMiddleware { #expect(registry.factory(named: name) != nil) }
    }

    @Test func registerAndReplace() throws {
        var registry = MiddlewareRegistry()
        registry.register("mine", XFrameOptionsMiddleware.factory)
        registry.register("other", GZipMiddleware.factory)
        registry.register("mine", SecurityMiddleware.factory)
        #expect(registry.names == ["mine", "other"])
        let factory = try #require(registry.factory(named: "mine"))
        let built = try factory(Settings()) { _ in HTTPResponse() }
        #expect(built is SecurityMiddleware)
    }
}
