import Templates
import Testing

/// Django's filter_tests/test_autoescape: filters that take text (stringfilter) still respect
/// is_safe, for objects whose str() is safe or not.
@Suite("Compat: Django's filter_tests test_autoescape (stringfilter and is_safe)")
struct AutoescapeFilterCompatTests {
    @Test("autoescape-stringfilter01") func stringfilter01() throws {
        #expect(try Compat.render("autoescape-stringfilter01", source: "{{ unsafe|capfirst }}", ["unsafe": CompatUnsafeClass()]) == "You &amp; me")
    }

    @Test("autoescape-stringfilter02") func stringfilter02() throws {
        let source = "{% autoescape off %}{{ unsafe|capfirst }}{% endautoescape %}"
        #expect(try Compat.render("autoescape-stringfilter02", source: source, ["unsafe": CompatUnsafeClass()]) == "You & me")
    }

    @Test("autoescape-stringfilter03") func stringfilter03() throws {
        #expect(try Compat.render("autoescape-stringfilter03", source: "{{ safe|capfirst }}", ["safe": CompatSafeClass()]) == "You &gt; me")
    }

    @Test("autoescape-stringfilter04") func stringfilter04() throws {
        let source = "{% autoescape off %}{{ safe|capfirst }}{% endautoescape %}"
        #expect(try Compat.render("autoescape-stringfilter04", source: source, ["safe": CompatSafeClass()]) == "You &gt; me")
    }
}
