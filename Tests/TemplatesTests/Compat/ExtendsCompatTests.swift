import Templates
import Testing

/// Django's test_extends.py templates 30–42: blocks inside {% if %} and {% for %} in the
/// parent, {{ block.super }} from there, and a filtered parent name.
let djangoConditionalInheritanceTemplates: [String: String] = [
    "inheritance01": "1{% block first %}&{% endblock %}3{% block second %}_{% endblock %}",
    "inheritance02": "{% extends 'inheritance01' %}{% block first %}2{% endblock %}{% block second %}4{% endblock %}",
    "inheritance30": "1{% if optional %}{% block opt %}2{% endblock %}{% endif %}3",
    "inheritance31": "{% extends 'inheritance30' %}{% block opt %}two{% endblock %}",
    "inheritance32": "{% extends 'inheritance30' %}{% block opt %}two{% endblock %}",
    "inheritance33": "1{% if optional == 1 %}{% block opt %}2{% endblock %}{% endif %}3",
    "inheritance34": "{% extends 'inheritance33' %}{% block opt %}two{% endblock %}",
    "inheritance35": "{% extends 'inheritance33' %}{% block opt %}two{% endblock %}",
    "inheritance36": "{% for n in numbers %}_{% block opt %}{{ n }}{% endblock %}{% endfor %}_",
    "inheritance37": "{% extends 'inheritance36' %}{% block opt %}X{% endblock %}",
    "inheritance38": "{% extends 'inheritance36' %}{% block opt %}X{% endblock %}",
    "inheritance39": "{% extends 'inheritance30' %}{% block opt %}new{{ block.super }}{% endblock %}",
    "inheritance40": "{% extends 'inheritance33' %}{% block opt %}new{{ block.super }}{% endblock %}",
    "inheritance41": "{% extends 'inheritance36' %}{% block opt %}new{{ block.super }}{% endblock %}",
    "inheritance42": "{% extends 'inheritance02'|cut:' ' %}",
]

@Suite("Compat: Django's test_extends (inheritance30–42)")
struct ExtendsCompatTests {
    func render(_ name: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render(djangoConditionalInheritanceTemplates, name, values)
    }

    @Test("inheritance30") func inheritance30() throws {
        // Base template, putting block in a conditional {% if %} tag.
        #expect(try render("inheritance30", ["optional": true]) == "123")
    }

    @Test("inheritance31") func inheritance31() throws {
        // Inherit from a template with block wrapped in an {% if %} tag (in parent), still gets overridden.
        #expect(try render("inheritance31", ["optional": true]) == "1two3")
    }

    @Test("inheritance32") func inheritance32() throws {
        #expect(try render("inheritance32") == "13")
    }

    @Test("inheritance33") func inheritance33() throws {
        #expect(try render("inheritance33", ["optional": 1]) == "123")
    }

    @Test("inheritance34") func inheritance34() throws {
        #expect(try render("inheritance34", ["optional": 1]) == "1two3")
    }

    @Test("inheritance35") func inheritance35() throws {
        #expect(try render("inheritance35", ["optional": 2]) == "13")
    }

    @Test("inheritance36") func inheritance36() throws {
        // Base template, putting block in a {% for %} tag.
        #expect(try render("inheritance36", ["numbers": "123"]) == "_1_2_3_")
    }

    @Test("inheritance37") func inheritance37() throws {
        #expect(try render("inheritance37", ["numbers": "123"]) == "_X_X_X_")
    }

    @Test("inheritance38") func inheritance38() throws {
        #expect(try render("inheritance38") == "_")
    }

    @Test("inheritance39") func inheritance39() throws {
        // The super block will still be found.
        #expect(try render("inheritance39", ["optional": true]) == "1new23")
    }

    @Test("inheritance40") func inheritance40() throws {
        #expect(try render("inheritance40", ["optional": 1]) == "1new23")
    }

    @Test("inheritance41") func inheritance41() throws {
        #expect(try render("inheritance41", ["numbers": "123"]) == "_new1_new2_new3_")
    }

    @Test("inheritance42") func inheritance42() throws {
        // Expression starting and ending with a quote.
        #expect(try render("inheritance42") == "1234")
    }
}
