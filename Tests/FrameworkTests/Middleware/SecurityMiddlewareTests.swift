import Framework
import Testing

@Suite("SecurityMiddleware")
struct SecurityMiddlewareTests {
    typealias F = MiddlewareFixture

    func run(
        _ configure: (inout Settings) -> Void = { _ in }, path: String = "/some-url", query: String = "",
        secure: Bool = false, response make: @escaping () -> HTTPResponseBase = { HTTPResponse("OK") }
    ) throws -> HTTPResponseBase {
        let settings = F.settings(configure)
        let middleware = SecurityMiddleware(settings: settings, getResponse: F.answering(make))
        return try middleware(F.request("GET", path, query: query, secure: secure, settings: settings))
    }

    @Test func hstsOnSecureRequests() throws {
        let response = try run({ $0.secureHSTSSeconds = 3600 }, secure: true)
        #expect(response["Strict-Transport-Security"] == "max-age=3600")
    }

    @Test func noHSTSOnInsecureRequests() throws {
        let response = try run({ $0.secureHSTSSeconds = 3600 }, secure: false)
        #expect(response["Strict-Transport-Security"] == nil)
    }

    @Test func noHSTSWhenSecondsIsZero() throws {
        let response = try run({ $0.secureHSTSSeconds = 0 }, secure: true)
        #expect(response["Strict-Transport-Security"] == nil)
    }

    @Test func hstsAlreadyPresentIsKept() throws {
        let response = try run({ $0.secureHSTSSeconds = 3600 }, secure: true) {
            HTTPResponse("OK", headers: [("Strict-Transport-Security", "max-age=7200")])
        }
        #expect(response["Strict-Transport-Security"] == "max-age=7200")
    }

    @Test func hstsSubdomainsAndPreload() throws {
        let both = try run({
            $0.secureHSTSSeconds = 600
            $0.secureHSTSIncludeSubdomains = true
            $0.secureHSTSPreload = true
        }, secure: true)
        #expect(both["Strict-Transport-Security"] == "max-age=600; includeSubDomains; preload")
        let subdomains = try run({
            $0.secureHSTSSeconds = 600
            $0.secureHSTSIncludeSubdomains = true
        }, secure: true)
        #expect(subdomains["Strict-Transport-Security"] == "max-age=600; includeSubDomains")
        let preload = try run({
            $0.secureHSTSSeconds = 10886400
            $0.secureHSTSPreload = true
        }, secure: true)
        #expect(preload["Strict-Transport-Security"] == "max-age=10886400; preload")
    }

    @Test func hstsThroughSecureProxyHeader() throws {
        let settings = F.settings {
            $0.secureHSTSSeconds = 3600
            $0.secureProxySSLHeader = ("HTTP_X_FORWARDED_PROTO", "https")
        }
        let middleware = SecurityMiddleware(settings: settings, getResponse: F.answering { HTTPResponse("OK") })
        let response = try middleware(F.request(headers: ["HTTP_X_FORWARDED_PROTO": "https"], settings: settings))
        #expect(response["Strict-Transport-Security"] == "max-age=3600")
    }

    @Test func nosniff() throws {
        #expect(try run()["X-Content-Type-Options"] == "nosniff")
        #expect(try run({ $0.secureContentTypeNosniff = false })["X-Content-Type-Options"] == nil)
    }

    @Test func nosniffDoesNotOverrideExistingHeader() throws {
        let response = try run(response: { HTTPResponse("OK", headers: [("X-Content-Type-Options", "foo")]) })
        #expect(response["X-Content-Type-Options"] == "foo")
    }

    @Test func referrerPolicy() throws {
        #expect(try run()["Referrer-Policy"] == "same-origin")
        #expect(try run({ $0.secureReferrerPolicy = "strict-origin" })["Referrer-Policy"] == "strict-origin")
        #expect(try run({ $0.secureReferrerPolicy = nil })["Referrer-Policy"] == nil)
        #expect(try run({ $0.secureReferrerPolicy = "" })["Referrer-Policy"] == nil)
    }

    @Test func referrerPolicyCommaList() throws {
        let response = try run({ $0.secureReferrerPolicy = "strict-origin, origin ,no-referrer" })
        #expect(response["Referrer-Policy"] == "strict-origin,origin,no-referrer")
    }

    @Test func referrerPolicyAlreadyPresentIsKept() throws {
        let response = try run({ $0.secureReferrerPolicy = "strict-origin" }) {
            HTTPResponse("OK", headers: [("Referrer-Policy", "unsafe-url")])
        }
        #expect(response["Referrer-Policy"] == "unsafe-url")
    }

    @Test func crossOriginOpenerPolicy() throws {
        #expect(try run()["Cross-Origin-Opener-Policy"] == "same-origin")
        #expect(try run({ $0.secureCrossOriginOpenerPolicy = "unsafe-none" })["Cross-Origin-Opener-Policy"] == "unsafe-none")
        #expect(try run({ $0.secureCrossOriginOpenerPolicy = nil })["Cross-Origin-Opener-Policy"] == nil)
        let kept = try run({ $0.secureCrossOriginOpenerPolicy = "same-origin" }) {
            HTTPResponse("OK", headers: [("Cross-Origin-Opener-Policy", "same-origin-allow-popups")])
        }
        #expect(kept["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups")
    }

    @Test func sslRedirectOn() throws {
        let response = try run({ $0.secureSSLRedirect = true }, path: "/some-url", query: "a=1&b=2")
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "https://testserver/some-url?a=1&b=2")
        // The early answer goes through process_response too.
        #expect(response["X-Content-Type-Options"] == "nosniff")
    }

    @Test func noRedirectWhenSecure() throws {
        let response = try run({ $0.secureSSLRedirect = true }, secure: true)
        #expect(response.statusCode == 200)
    }

    @Test func noRedirectWhenOff() throws {
        let response = try run({ $0.secureSSLRedirect = false })
        #expect(response.statusCode == 200)
    }

    @Test func redirectToSSLHost() throws {
        let response = try run({
            $0.secureSSLRedirect = true
            $0.secureSSLHost = "secure.example.com"
        }, path: "/some-url", query: "q=1")
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "https://secure.example.com/some-url?q=1")
    }

    @Test func redirectExempt() throws {
        let configure: (inout Settings) -> Void = {
            $0.secureSSLRedirect = true
            $0.secureRedirectExempt = ["^insecure/"]
        }
        #expect(try run(configure, path: "/insecure/page").statusCode == 200)
        let redirected = try run(configure, path: "/secure/page")
        #expect(redirected.statusCode == 301)
        #expect(redirected["Location"] == "https://testserver/secure/page")
    }

    @Test func invalidExemptPatternIsImproperlyConfigured() {
        let settings = F.settings { $0.secureRedirectExempt = ["("] }
        #expect(throws: ImproperlyConfigured.self) {
            _ = try SecurityMiddleware.factory(settings, F.answering { HTTPResponse() })
        }
    }
}
