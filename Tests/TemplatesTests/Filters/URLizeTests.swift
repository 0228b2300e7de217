import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests/test_urlize*.py.
@Suite("Filters: urlize")
struct URLizeTests {
    @Test func urlizeEscaping() throws {
        let values: [String: Any] = ["a": "http://example.com/?x=&y=", "b": SafeString("http://example.com?x=&amp;y=&lt;2&gt;")]
        #expect(try renderedUnescaped("{{ a|urlize }} {{ b|urlize }}", values)
            == "<a href=\"http://example.com/?x=&amp;y=\" rel=\"nofollow\">http://example.com/?x=&y=</a> "
            + "<a href=\"http://example.com?x=&amp;y=%3C2%3E\" rel=\"nofollow\">http://example.com?x=&amp;y=&lt;2&gt;</a>")
        #expect(try rendered("{{ a|urlize }} {{ b|urlize }}", values)
            == "<a href=\"http://example.com/?x=&amp;y=\" rel=\"nofollow\">http://example.com/?x=&amp;y=</a> "
            + "<a href=\"http://example.com?x=&amp;y=%3C2%3E\" rel=\"nofollow\">http://example.com?x=&amp;y=&lt;2&gt;</a>")
        #expect(try renderedUnescaped("{{ a|urlize }}", ["a": SafeString("a &amp; b")]) == "a &amp; b")
        #expect(try rendered("{{ a|urlize }}", ["a": SafeString("a &amp; b")]) == "a &amp; b")
        #expect(try renderedUnescaped("{{ a|urlize }}", ["a": "<script>alert('foo')</script>"]) == "<script>alert('foo')</script>")
        #expect(try rendered("{{ a|urlize }}", ["a": "<script>alert('foo')</script>"]) == "&lt;script&gt;alert(&#x27;foo&#x27;)&lt;/script&gt;")
        #expect(try renderedUnescaped("{{ a|urlize }}", ["a": "http://example.com/?x=&amp;y=&lt;2&gt;"])
            == "<a href=\"http://example.com/?x=&amp;y=%3C2%3E\" rel=\"nofollow\">http://example.com/?x=&amp;y=&lt;2&gt;</a>")
    }

    @Test func urlizeEmails() throws {
        #expect(try rendered("{{ a|urlize }}", ["a": "Email me at me@example.com"]) == "Email me at <a href=\"mailto:me@example.com\">me@example.com</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "Email me at <me@example.com>"])
            == "Email me at &lt;<a href=\"mailto:me@example.com\">me@example.com</a>&gt;")
        #expect(try rendered("{{ a|urlize }}", ["a": "not@an@email.com @nope.com nope@"]) == "not@an@email.com @nope.com nope@")
    }

    @Test func urlizeDomainsAndPunctuation() throws {
        #expect(try rendered("{{ a|urlize }}", ["a": "www.google.com"]) == "<a href=\"http://www.google.com\" rel=\"nofollow\">www.google.com</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "djangoproject.org"]) == "<a href=\"http://djangoproject.org\" rel=\"nofollow\">djangoproject.org</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "djangoproject.org/"]) == "<a href=\"http://djangoproject.org/\" rel=\"nofollow\">djangoproject.org/</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "HTTPS://github.com/"]) == "<a href=\"https://github.com/\" rel=\"nofollow\">HTTPS://github.com/</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "(see www.example.com)."])
            == "(see <a href=\"http://www.example.com\" rel=\"nofollow\">www.example.com</a>).")
        #expect(try rendered("{{ a|urlize }}", ["a": "Go to http://example.com/a_(b)!"])
            == "Go to <a href=\"http://example.com/a_(b)\" rel=\"nofollow\">http://example.com/a_(b)</a>!")
        #expect(try rendered("{{ a|urlize }}", ["a": "[http://example.com]"]) == "[<a href=\"http://example.com\" rel=\"nofollow\">http://example.com</a>]")
        #expect(try rendered("{{ a|urlize }}", ["a": "http://example.com/some path"])
            == "<a href=\"http://example.com/some\" rel=\"nofollow\">http://example.com/some</a> path")
        #expect(try rendered("{{ a|urlize }}", ["a": "example.nope and a.b: plain"]) == "example.nope and a.b: plain")
        #expect(try rendered("{{ a|urlize }}", ["a": 123]) == "123")
    }

    @Test func urlizeInternationalDomains() throws {
        // Django 6.1 (#36013): hosts percent-encoded as UTF-8, IDNA left to the user agent.
        #expect(try rendered("{{ a|urlize }}", ["a": "http://c\u{2736}.ws"]) == "<a href=\"http://c%E2%9C%B6.ws\" rel=\"nofollow\">http://c\u{2736}.ws</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "www.c\u{2736}.ws"]) == "<a href=\"http://www.c%E2%9C%B6.ws\" rel=\"nofollow\">www.c\u{2736}.ws</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "c\u{2736}.org"]) == "<a href=\"http://c%E2%9C%B6.org\" rel=\"nofollow\">c\u{2736}.org</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "info@c\u{2736}.org"]) == "<a href=\"mailto:info@c%E2%9C%B6.org\">info@c\u{2736}.org</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "https://B\u{fc}cher.DE:8080/x"])
            == "<a href=\"https://B%C3%BCcher.DE:8080/x\" rel=\"nofollow\">https://B\u{fc}cher.DE:8080/x</a>")
        #expect(try rendered("{{ a|urlize }}", ["a": "http://\u{4F8B}\u{3048}.\u{30C6}\u{30B9}\u{30C8}/"])
            == "<a href=\"http://%E4%BE%8B%E3%81%88.%E3%83%86%E3%82%B9%E3%83%88/\" rel=\"nofollow\">http://\u{4F8B}\u{3048}.\u{30C6}\u{30B9}\u{30C8}/</a>")
    }

    @Test func urlizetrunc() throws {
        let values: [String: Any] = ["a": "\"Unsafe\" http://example.com/x=&y=", "b": SafeString("&quot;Safe&quot; http://example.com?x=&amp;y=")]
        #expect(try renderedUnescaped("{{ a|urlizetrunc:\"8\" }} {{ b|urlizetrunc:\"8\" }}", values)
            == "\"Unsafe\" <a href=\"http://example.com/x=&amp;y=\" rel=\"nofollow\">http://\u{2026}</a> "
            + "&quot;Safe&quot; <a href=\"http://example.com?x=&amp;y=\" rel=\"nofollow\">http://\u{2026}</a>")
        #expect(try rendered("{{ a|urlizetrunc:\"8\" }} {{ b|urlizetrunc:\"8\" }}", values)
            == "&quot;Unsafe&quot; <a href=\"http://example.com/x=&amp;y=\" rel=\"nofollow\">http://\u{2026}</a> "
            + "&quot;Safe&quot; <a href=\"http://example.com?x=&amp;y=\" rel=\"nofollow\">http://\u{2026}</a>")
        #expect(try rendered("{{ a|urlizetrunc:20 }}", ["a": "http://short.com/"]) == "<a href=\"http://short.com/\" rel=\"nofollow\">http://short.com/</a>")
        #expect(try rendered("{{ a|urlizetrunc:20 }}", ["a": "http://www.google.co.uk/search?hl=en&q=some+long+url&btnG=Search&meta="])
            == "<a href=\"http://www.google.co.uk/search?hl=en&amp;q=some+long+url&amp;btnG=Search&amp;meta=\" rel=\"nofollow\">http://www.google.c\u{2026}</a>")
        #expect(try rendered("{{ a|urlizetrunc:1 }}", ["a": "http://x.com"]) == "<a href=\"http://x.com\" rel=\"nofollow\">\u{2026}</a>")
    }
}
