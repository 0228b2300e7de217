import Console
import Foundation
import Testing

/// 2023-11-14 22:13:20 UTC: a fixed "now" for every test.
private let now = Date(timeIntervalSince1970: 1_700_000_000)

private func received(
    _ headers: String..., host: String = "example.com", path: String = "/", at time: Date = now
) -> CookieJar {
    var jar = CookieJar()
    jar.receive(setCookie: headers, host: host, path: path, now: time)
    return jar
}

@Suite("CookieJar")
struct CookieJarTests {
    @Test func basicSetAndSend() {
        let jar = received("a=1", "b=2; HttpOnly")
        #expect(jar.cookies.count == 2)
        #expect(jar.cookies[0] == Cookie(name: "a", value: "1", domain: "example.com", hostOnly: true, path: "/"))
        #expect(jar.cookies[1].httpOnly)
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == "a=1; b=2")
        #expect(jar.cookieHeader(host: "example.com", path: "/polls/", secure: false, now: now) == "a=1; b=2")
        #expect(jar.cookieHeader(host: "example.org", path: "/", secure: false, now: now) == nil)
        #expect(CookieJar().cookieHeader(host: "example.com", path: "/", secure: false, now: now) == nil)
    }

    @Test func defaultPath() {
        #expect(received("a=1", path: "/polls/vote").cookies.first?.path == "/polls")
        #expect(received("a=1", path: "/polls/").cookies.first?.path == "/polls")
        #expect(received("a=1", path: "/polls").cookies.first?.path == "/")
        #expect(received("a=1", path: "").cookies.first?.path == "/")
        #expect(received("a=1; Path=polls", path: "/polls/1/vote").cookies.first?.path == "/polls/1")
        #expect(received("a=1; Path=", path: "/polls/1/vote").cookies.first?.path == "/polls/1")
    }

    @Test func pathMatching() {
        let polls = received("a=1; Path=/polls")
        #expect(polls.cookieHeader(host: "example.com", path: "/polls", secure: false, now: now) == "a=1")
        #expect(polls.cookieHeader(host: "example.com", path: "/polls/1", secure: false, now: now) == "a=1")
        #expect(polls.cookieHeader(host: "example.com", path: "/pollsX", secure: false, now: now) == nil)
        #expect(polls.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == nil)
        #expect(polls.cookieHeader(host: "example.com", path: "/Polls", secure: false, now: now) == nil)

        let slash = received("a=1; Path=/polls/")
        #expect(slash.cookieHeader(host: "example.com", path: "/polls/1", secure: false, now: now) == "a=1")
        #expect(slash.cookieHeader(host: "example.com", path: "/polls", secure: false, now: now) == nil)
    }

    @Test func domainAttributeMatchesSubdomains() {
        let jar = received("a=1; Domain=.Example.COM", host: "www.example.com")
        #expect(jar.cookies.first?.domain == "example.com")
        #expect(jar.cookies.first?.hostOnly == false)
        for host in ["example.com", "www.example.com", "a.b.example.com", "WWW.EXAMPLE.COM"] {
            #expect(jar.cookieHeader(host: host, path: "/", secure: false, now: now) == "a=1")
        }
        for host in ["notexample.com", "example.org", "com"] {
            #expect(jar.cookieHeader(host: host, path: "/", secure: false, now: now) == nil)
        }
    }

    @Test func foreignDomainRejected() {
        #expect(received("a=1; Domain=other.com", host: "www.example.com").cookies.isEmpty)
        #expect(received("a=1; Domain=www.example.com", host: "example.com").cookies.isEmpty)
        #expect(received("a=1; Domain=ample.com", host: "example.com").cookies.isEmpty)
        #expect(received("a=1; Domain=com", host: "example.com").cookies.isEmpty)
        // An empty Domain attribute is ignored: the cookie is host-only.
        #expect(received("a=1; Domain=", host: "example.com").cookies.first?.hostOnly == true)
    }

    @Test func hostOnlyVersusDomainCookie() {
        let hostOnly = received("a=1", host: "Example.com")
        #expect(hostOnly.cookies.first?.domain == "example.com")
        #expect(hostOnly.cookies.first?.hostOnly == true)
        #expect(hostOnly.cookieHeader(host: "EXAMPLE.com", path: "/", secure: false, now: now) == "a=1")
        #expect(hostOnly.cookieHeader(host: "www.example.com", path: "/", secure: false, now: now) == nil)

        let domain = received("a=1; Domain=example.com", host: "example.com")
        #expect(domain.cookies.first?.hostOnly == false)
        #expect(domain.cookieHeader(host: "www.example.com", path: "/", secure: false, now: now) == "a=1")
    }

    @Test func ipAddressHostsMatchExactly() {
        #expect(received("a=1; Domain=0.0.1", host: "10.0.0.1").cookies.isEmpty)
        let jar = received("a=1; Domain=10.0.0.1", host: "10.0.0.1")
        #expect(jar.cookies.first?.hostOnly == false)
        #expect(jar.cookieHeader(host: "10.0.0.1", path: "/", secure: false, now: now) == "a=1")
        #expect(jar.cookieHeader(host: "110.0.0.1", path: "/", secure: false, now: now) == nil)
    }

    @Test func secureOnlyOverHTTPS() {
        let jar = received("s=1; Secure", "p=2")
        #expect(jar.cookies.first?.secure == true)
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == "p=2")
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: true, now: now) == "s=1; p=2")
    }

    @Test func maxAgeExpiry() {
        let jar = received("a=1; Max-Age=60")
        #expect(jar.cookies.first?.expires == now.addingTimeInterval(60))
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now.addingTimeInterval(59)) == "a=1")
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now.addingTimeInterval(61)) == nil)
        // Not a number: ignored, so a session cookie.
        #expect(self.jarExpires("a=1; Max-Age=1h") == .some(nil))
    }

    @Test func maxAgeZeroDeletes() {
        var jar = received("a=1", "b=2")
        jar.receive(setCookie: ["a=gone; Max-Age=0"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.map(\.name) == ["b"])
        jar.receive(setCookie: ["b=gone; Max-Age=-5"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.isEmpty)
        // A deletion of a cookie never stored stores nothing.
        jar.receive(setCookie: ["c=1; Max-Age=0"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.isEmpty)
    }

    @Test func djangoDeleteCookie() {
        var jar = received("sessionid=abc123; HttpOnly; Path=/; SameSite=Lax", "csrftoken=t")
        jar.receive(
            setCookie: [#"sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"#],
            host: "example.com", path: "/logout/", now: now)
        #expect(jar.cookies.map(\.name) == ["csrftoken"])
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == "csrftoken=t")
    }

    @Test func expiresInThePastDeletes() {
        var jar = received("a=1")
        jar.receive(
            setCookie: ["a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.isEmpty)
    }

    @Test func maxAgeBeatsExpires() {
        // A past Expires loses to a positive Max-Age, whichever comes first.
        #expect(jarExpires("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=10") == now.addingTimeInterval(10))
        #expect(jarExpires("a=1; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT") == now.addingTimeInterval(10))
        // A future Expires loses to Max-Age=0.
        #expect(received("a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Max-Age=0").cookies.isEmpty)
    }

    @Test func expiresDateForms() {
        let expected = Date(timeIntervalSince1970: 4_005_530_880)  // 2096-12-05 07:28:00 UTC
        #expect(jarExpires("a=1; Expires=Wed, 05 Dec 2096 07:28:00 GMT") == expected)
        #expect(jarExpires("a=1; expires=Wednesday, 05-Dec-96 07:28:00 GMT") == nil)  // 1996: expired
        #expect(jarExpires("a=1; Expires=Wed Dec  5 07:28:00 2096") == expected)
        let october = Date(timeIntervalSince1970: 1_792_567_680)  // 2026-10-21 07:28:00 UTC
        #expect(jarExpires("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT") == october)
        #expect(jarExpires("a=1; Expires=Wednesday, 21-Oct-26 07:28:00 GMT") == october)
        #expect(jarExpires("a=1; Expires=Wed Oct 21 07:28:00 2026") == october)
        // Unparseable or impossible dates are ignored: a session cookie.
        #expect(jarExpires("a=1; Expires=tomorrow") == .some(nil))
        #expect(jarExpires("a=1; Expires=Wed, 31 Feb 2026 07:28:00 GMT") == .some(nil))
        #expect(jarExpires("a=1; Expires=Wed, 21 Oct 2026 25:28:00 GMT") == .some(nil))
    }

    @Test func replacesSameNameDomainAndPath() {
        var jar = received("a=1", "b=2")
        jar.receive(setCookie: ["a=3; Secure"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.count == 2)
        #expect(jar.cookies[0].value == "3")
        #expect(jar.cookies[0].secure)
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: true, now: now) == "a=3; b=2")
        // hostOnly is not part of the key (RFC 6265 5.3 step 11): a Domain cookie replaces it.
        jar.receive(setCookie: ["a=4; Domain=example.com"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.count == 2)
        #expect(jar.cookies[0].value == "4" && !jar.cookies[0].hostOnly)
        // Another domain or path is another cookie.
        jar.receive(setCookie: ["a=5"], host: "www.example.com", path: "/", now: now)
        jar.receive(setCookie: ["a=6; Path=/x"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.map(\.value) == ["4", "2", "5", "6"])
    }

    @Test func sameNameDifferentPathCoexistLongerFirst() {
        var jar = received("id=root; Path=/", "x=1; Path=/")
        jar.receive(setCookie: ["id=polls; Path=/polls"], host: "example.com", path: "/", now: now)
        #expect(jar.cookies.count == 3)
        #expect(jar.cookieHeader(host: "example.com", path: "/polls/1", secure: false, now: now)
                == "id=polls; id=root; x=1")
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == "id=root; x=1")
    }

    @Test func malformedHeadersIgnored() {
        let jar = received("novalue", "=value", "  = value", "", "; Path=/", "ok=1")
        #expect(jar.cookies.map(\.name) == ["ok"])
        // An empty value is fine.
        #expect(received("empty=").cookies.first?.value == "")
    }

    @Test func djangoCSRFCookie() throws {
        let jar = received("csrftoken=abc; expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax")
        let cookie = try #require(jar.cookies.first)
        #expect(cookie.name == "csrftoken")
        #expect(cookie.value == "abc")
        #expect(cookie.path == "/")
        #expect(cookie.sameSite == "Lax")
        #expect(cookie.expires == now.addingTimeInterval(31_449_600))
        #expect(!cookie.secure && !cookie.httpOnly && cookie.hostOnly)
        #expect(jar.cookieHeader(host: "example.com", path: "/polls/", secure: false, now: now) == "csrftoken=abc")
    }

    @Test func quotedValueKeptAsGiven() {
        let jar = received(#"a="x y"; Path=/"#, " b = two words ")
        #expect(jar.cookies.map(\.value) == [#""x y""#, "two words"])
        #expect(jar.cookieHeader(host: "example.com", path: "/", secure: false, now: now) == #"a="x y"; b=two words"#)
    }

    // The expiry of the single cookie one header stores; nil when nothing was stored.
    private func jarExpires(_ header: String) -> Date?? {
        received(header).cookies.first.map(\.expires)
    }

}
