import Templates
import Testing

/// More of Django's filter_tests/test_urlize FunctionTests (URLIZE_ASSUME_HTTPS=True).
@Suite("Compat: Django's test_urlize (hostnames, entities)")
struct URLizeEdgeCompatTests {
    let urlize = Library.builtins.filters["urlize"]!

    func call(_ text: String, autoescape: Bool = true) throws -> String {
        try URLizeAssumeHTTPS.with(true) { Value.string(try urlize.apply(text, autoescape: autoescape)) }
    }

    @Test("test_brackets") func brackets() throws {
        #expect(try call("[see www.example.com]") == "[see <a href=\"https://www.example.com\" rel=\"nofollow\">www.example.com</a>]")
        // An invalid hostname is no link.
        #expect(try call("see test[at[example.com") == "see test[at[example.com")
    }

    @Test("test_trailing_semicolon") func trailingSemicolon() throws {
        #expect(try call("http://example.com?x=&amp;", autoescape: false)
                == "<a href=\"http://example.com?x=\" rel=\"nofollow\">http://example.com?x=&amp;</a>")
        #expect(try call("http://example.com?x=&amp.;...;", autoescape: false)
                == "<a href=\"http://example.com?x=\" rel=\"nofollow\">http://example.com?x=&amp</a>.;...;")
    }
}
