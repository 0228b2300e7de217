import Templates
import Testing

/// Django's OtherClass (template_tests/utils.py).
struct CompatOtherClass {
    let method = TemplateCallable { "OtherClass.method" }
}

/// Django's SomeClass: a zero-argument method, a method that needs an argument, and an
/// attribute holding another object.
struct CompatSomeClass {
    let method = TemplateCallable { "SomeClass.method" }
    let method2: @Sendable (Any?) -> Any? = { $0 }
    let otherclass = CompatOtherClass()
}

@Suite("Compat: Django's test_basic (variables, attribute/key/index lookups, syntax errors)")
struct BasicCompatTests {
    func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render(name, source: source, values)
    }

    @Test("basic-syntax01") func syntax01() throws {
        #expect(try Compat.render(Compat.basicTemplates, "basic-syntax01") == "something cool")
    }

    @Test("basic-syntax02") func syntax02() throws {
        #expect(try Compat.render(Compat.basicTemplates, "basic-syntax02", ["headline": "Success"]) == "Success")
    }

    @Test("basic-syntax03") func syntax03() throws {
        #expect(try Compat.render(Compat.basicTemplates, "basic-syntax03", ["first": 1, "second": 2]) == "1 --- 2")
    }

    @Test("basic-syntax04") func syntax04() throws {
        #expect(try render("basic-syntax04", source: "as{{ missing }}df") == "asdf")
    }

    @Test("basic-syntax06") func syntax06() {
        Compat.expectSyntaxError("basic-syntax06", source: "{{ multi word variable }}")
    }

    @Test("basic-syntax07") func syntax07() {
        Compat.expectSyntaxError("basic-syntax07", source: "{{ }}")
    }

    @Test("basic-syntax08") func syntax08() {
        Compat.expectSyntaxError("basic-syntax08", source: "{{        }}")
    }

    @Test("basic-syntax09") func syntax09() throws {
        #expect(try render("basic-syntax09", source: "{{ var.method }}", ["var": CompatSomeClass()]) == "SomeClass.method")
    }

    @Test("basic-syntax10") func syntax10() throws {
        #expect(try render("basic-syntax10", source: "{{ var.otherclass.method }}", ["var": CompatSomeClass()]) == "OtherClass.method")
    }

    @Test("basic-syntax11") func syntax11() throws {
        #expect(try render("basic-syntax11", source: "{{ var.blech }}", ["var": CompatSomeClass()]) == "")
    }

    @Test("basic-syntax12") func syntax12() {
        Compat.expectSyntaxError("basic-syntax12", source: "{{ var.__dict__ }}")
    }

    @Test("basic-syntax13") func syntax13() {
        Compat.expectSyntaxError("basic-syntax13", source: "{{ va>r }}")
    }

    @Test("basic-syntax14") func syntax14() {
        Compat.expectSyntaxError("basic-syntax14", source: "{{ (var.r) }}")
    }

    @Test("basic-syntax15") func syntax15() {
        Compat.expectSyntaxError("basic-syntax15", source: "{{ sp%am }}")
    }

    @Test("basic-syntax16") func syntax16() {
        Compat.expectSyntaxError("basic-syntax16", source: "{{ eggs! }}")
    }

    @Test("basic-syntax17") func syntax17() {
        Compat.expectSyntaxError("basic-syntax17", source: "{{ moo? }}")
    }

    @Test("basic-syntax18") func syntax18() throws {
        #expect(try render("basic-syntax18", source: "{{ foo.bar }}", ["foo": ["bar": "baz"]]) == "baz")
    }

    @Test("basic-syntax19") func syntax19() throws {
        #expect(try render("basic-syntax19", source: "{{ foo.spam }}", ["foo": ["bar": "baz"]]) == "")
    }

    @Test("basic-syntax20") func syntax20() throws {
        // A method that needs an argument fails silently.
        let output = try render("basic-syntax20", source: "{{ var.method2 }}", ["var": CompatSomeClass()])
        #expect(output == "")
    }

    @Test("basic-syntax21") func syntax21() throws {
        // Almost, but not quite, a template tag.
        #expect(try render("basic-syntax21", source: "a {{ moo %} b") == "a {{ moo %} b")
    }

    @Test("basic-syntax22") func syntax22() throws {
        #expect(try render("basic-syntax22", source: "{{ moo #}") == "{{ moo #}")
    }

    @Test("basic-syntax23") func syntax23() {
        // "moo #} {{ cow" is taken as the variable: an error.
        Compat.expectSyntaxError("basic-syntax23", source: "{{ moo #} {{ cow }}")
    }

    @Test("basic-syntax24") func syntax24() throws {
        // Embedded newlines make it not-a-tag.
        #expect(try render("basic-syntax24", source: "{{ moo\n }}") == "{{ moo\n }}")
    }

    @Test("basic-syntax25") func syntax25() throws {
        #expect(try render("basic-syntax25", source: "{{ \"fred\" }}") == "fred")
    }

    @Test("basic-syntax26") func syntax26() throws {
        #expect(try render("basic-syntax26", source: #"{{ "\"fred\"" }}"#) == "\"fred\"")
    }

    @Test("basic-syntax27") func syntax27() throws {
        #expect(try render("basic-syntax27", source: #"{{ _("\"fred\"") }}"#) == "\"fred\"")
    }

    @Test("basic-syntax30") func syntax30() throws {
        // Something that starts like a number but has an extra lookup works as a lookup.
        let values: [String: Any] = ["1": ["2": ["3": "d"]]]
        #expect(try render("basic-syntax30", source: "{{ 1.2.3 }}", values) == "d")
    }

    @Test("basic-syntax31") func syntax31() throws {
        let values: [String: Any] = ["1": ["2": ["a", "b", "c", "d"]]]
        #expect(try render("basic-syntax31", source: "{{ 1.2.3 }}", values) == "d")
    }

    @Test("basic-syntax32") func syntax32() throws {
        let values: [String: Any] = ["1": [["x", "x", "x", "x"], ["y", "y", "y", "y"], ["a", "b", "c", "d"]]]
        #expect(try render("basic-syntax32", source: "{{ 1.2.3 }}", values) == "d")
    }

    @Test("basic-syntax33") func syntax33() throws {
        let values: [String: Any] = ["1": ["xxxx", "yyyy", "abcd"]]
        #expect(try render("basic-syntax33", source: "{{ 1.2.3 }}", values) == "d")
    }

    @Test("basic-syntax34") func syntax34() throws {
        let values: [String: Any] = ["1": [["x": "x"], ["y": "y"], ["z": "z", "3": "d"]] as [Any]]
        #expect(try render("basic-syntax34", source: "{{ 1.2.3 }}", values) == "d")
    }

    @Test("basic-syntax35") func syntax35() throws {
        // Numbers are numbers even if their digits are in the context.
        #expect(try render("basic-syntax35", source: "{{ 1 }}", ["1": "abc"]) == "1")
    }

    @Test("basic-syntax36") func syntax36() throws {
        #expect(try render("basic-syntax36", source: "{{ 1.2 }}", ["1": "abc"]) == "1.2")
    }

    @Test("basic-syntax37") func syntax37() throws {
        // Callables at the top level of the context are called.
        #expect(try render("basic-syntax37", source: "{{ callable }}", ["callable": TemplateCallable { "foo bar" }]) == "foo bar")
    }

    @Test("basic-syntax38") func syntax38() throws {
        // Callables returned from dictionary lookups are called.
        #expect(try render("basic-syntax38", source: "{{ var.callable }}", ["var": ["callable": TemplateCallable { "foo bar" }]]) == "foo bar")
    }

    @Test("test_unclosed_block") func unclosedBlock() {
        Compat.expectSyntaxError("template", source: "{% block content %}", containing: "Unclosed tag on line 1: 'block'. Looking for one of: endblock.")
    }

    @Test("test_unclosed_block2") func unclosedBlock2() {
        Compat.expectSyntaxError("template", source: "{% if a %}", containing: "Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.")
    }

    @Test("test_ignores_strings_that_look_like_format_interpolation") func formatInterpolation() throws {
        let templates = ["tpl-str": "%s", "tpl-percent": "%%", "tpl-weird-percent": "% %s"]
        #expect(try Compat.render(templates, "tpl-str") == "%s")
        #expect(try Compat.render(templates, "tpl-percent") == "%%")
        #expect(try Compat.render(templates, "tpl-weird-percent") == "% %s")
    }

    @Test("test_double_dot_lookup") func doubleDotLookup() throws {
        // Deprecated in Django 6.1 (RemovedInDjango2028Warning): ".." looks up the empty string.
        #expect(try render("template", source: "{{ doubledot..lookup }}") == "")
        let context: [String: Any] = ["doubledot": ["": ["lookup": "value"] as [String: Any]] as [String: Any]]
        #expect(try render("template", source: "{{ doubledot..lookup }}", context) == "value")
    }

    @Test("test_double_dot_in_literal") func doubleDotInLiteral() throws {
        let engine = Engine()
        let tests = [
            ("{{ \"hello..world\" }}", "hello..world"), ("{{ 'a..b'|upper }}", "A..B"),
            ("{{ missing|default:\"a..b\" }}", "a..b"), ("{{ _(\"a..b\") }}", "a..b"),
        ]
        for (source, expected) in tests {
            #expect(try engine.fromString(source).render() == expected)
        }
    }
}
