import Templates
import Testing

/// Django's filter_tests/test_urlize FunctionTests, which run with URLIZE_ASSUME_HTTPS=True.
@Suite("Compat: Django's test_urlize (FunctionTests, URLIZE_ASSUME_HTTPS)")
struct URLizeCompatTests {
    let urlize = Library.builtins.filters["urlize"]!

    func call(_ text: String) throws -> String {
        try URLizeAssumeHTTPS.with(true) { Value.string(try urlize.apply(text)) }
    }

    @Test("test_urls") func urls() throws {
        #expect(try call("http://google.com") == "<a href=\"http://google.com\" rel=\"nofollow\">http://google.com</a>")
        #expect(try call("www.google.com") == "<a href=\"https://www.google.com\" rel=\"nofollow\">www.google.com</a>")
        #expect(try call("djangoproject.org") == "<a href=\"https://djangoproject.org\" rel=\"nofollow\">djangoproject.org</a>")
        #expect(try call("djangoproject.org/") == "<a href=\"https://djangoproject.org/\" rel=\"nofollow\">djangoproject.org/</a>")
    }

    @Test("test_idn") func idn() throws {
        #expect(try call("http://c\u{2736}.ws") == "<a href=\"http://c%E2%9C%B6.ws\" rel=\"nofollow\">http://c\u{2736}.ws</a>")
        #expect(try call("www.c\u{2736}.ws") == "<a href=\"https://www.c%E2%9C%B6.ws\" rel=\"nofollow\">www.c\u{2736}.ws</a>")
        #expect(try call("c\u{2736}.org") == "<a href=\"https://c%E2%9C%B6.org\" rel=\"nofollow\">c\u{2736}.org</a>")
        #expect(try call("info@c\u{2736}.org") == "<a href=\"mailto:info@c%E2%9C%B6.org\">info@c\u{2736}.org</a>")
    }

    @Test("test_nofollow") func nofollow() throws {
        #expect(try call("foo@bar.com or www.bar.com")
                == "<a href=\"mailto:foo@bar.com\">foo@bar.com</a> or <a href=\"https://www.bar.com\" rel=\"nofollow\">www.bar.com</a>")
    }
}
