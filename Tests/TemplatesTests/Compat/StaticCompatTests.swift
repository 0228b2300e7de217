import Templates
import Testing

/// Django's test_static under its settings there: STATIC_URL "static/" and MEDIA_URL "media/",
/// which Django serves under the script prefix "/".
@Suite("Compat: Django's test_static ({% load static %})")
struct StaticCompatTests {
    static let libraries = ["static": StaticTags.library(staticURL: "/static/", mediaURL: "/media/")]

    func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try Engine(templates: [name: source], libraries: Self.libraries).getTemplate(name).render(values)
    }

    func expectSyntaxError(_ source: String, containing message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try render("t", source: source) } throws: { error in
            (error as? TemplateSyntaxError)?.message.contains(message) == true
        }
    }

    @Test("static-prefixtag01") func prefixtag01() throws {
        #expect(try render("static-prefixtag01", source: "{% load static %}{% get_static_prefix %}") == "/static/")
    }

    @Test("static-prefixtag02") func prefixtag02() throws {
        let source = "{% load static %}{% get_static_prefix as static_prefix %}{{ static_prefix }}"
        #expect(try render("static-prefixtag02", source: source) == "/static/")
    }

    @Test("static-prefixtag03") func prefixtag03() throws {
        #expect(try render("static-prefixtag03", source: "{% load static %}{% get_media_prefix %}") == "/media/")
    }

    @Test("static-prefixtag04") func prefixtag04() throws {
        let source = "{% load static %}{% get_media_prefix as media_prefix %}{{ media_prefix }}"
        #expect(try render("static-prefixtag04", source: source) == "/media/")
    }

    @Test("test_static_prefixtag_without_as") func prefixtagWithoutAs() {
        expectSyntaxError("{% load static %}{% get_media_prefix ad media_prefix %}{{ media_prefix }}",
                          containing: "First argument in 'get_media_prefix' must be 'as'")
    }

    @Test("static-statictag01") func statictag01() throws {
        #expect(try render("static-statictag01", source: "{% load static %}{% static \"admin/base.css\" %}") == "/static/admin/base.css")
    }

    @Test("static-statictag02") func statictag02() throws {
        #expect(try render("static-statictag02", source: "{% load static %}{% static base_css %}", ["base_css": "admin/base.css"])
                == "/static/admin/base.css")
    }

    @Test("static-statictag03") func statictag03() throws {
        let source = "{% load static %}{% static \"admin/base.css\" as foo %}{{ foo }}"
        #expect(try render("static-statictag03", source: source) == "/static/admin/base.css")
    }

    @Test("static-statictag04") func statictag04() throws {
        let source = "{% load static %}{% static base_css as foo %}{{ foo }}"
        #expect(try render("static-statictag04", source: source, ["base_css": "admin/base.css"]) == "/static/admin/base.css")
    }

    @Test("static-statictag05") func quotesURLs() throws {
        let source = "{% load static %}{% static \"special?chars&quoted.html\" %}"
        #expect(try render("static-statictag05", source: source) == "/static/special%3Fchars%26quoted.html")
    }

    @Test("test_static_statictag_without_path") func withoutPath() {
        expectSyntaxError("{% load static %}{% static %}", containing: "'static' takes at least one argument (path to file)")
    }
}
