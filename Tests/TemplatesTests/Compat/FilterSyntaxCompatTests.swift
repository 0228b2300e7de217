import Templates
import Testing

/// Django's UTF8Class: its str() is non-ASCII text.
struct CompatUTF8Class: CustomStringConvertible {
    var description: String { "\u{0160}\u{0110}\u{0106}\u{017D}\u{0107}\u{017E}\u{0161}\u{0111}" }
}

@Suite("Compat: Django's test_filter_syntax (chains, spacing, literal arguments, errors)")
struct FilterSyntaxCompatTests {
    func render(_ name: String, source: String, _ values: [String: Any] = [:]) throws -> String {
        try Compat.render(name, source: source, values)
    }

    @Test("filter-syntax01") func syntax01() throws {
        #expect(try render("filter-syntax01", source: "{{ var|upper }}", ["var": "Django is the greatest!"]) == "DJANGO IS THE GREATEST!")
    }

    @Test("filter-syntax02") func syntax02() throws {
        #expect(try render("filter-syntax02", source: "{{ var|upper|lower }}", ["var": "Django is the greatest!"]) == "django is the greatest!")
    }

    @Test("filter-syntax03") func syntax03() throws {
        // Spaces before the filter pipe.
        #expect(try render("filter-syntax03", source: "{{ var |upper }}", ["var": "Django is the greatest!"]) == "DJANGO IS THE GREATEST!")
    }

    @Test("filter-syntax04") func syntax04() throws {
        // Spaces after the filter pipe.
        #expect(try render("filter-syntax04", source: "{{ var| upper }}", ["var": "Django is the greatest!"]) == "DJANGO IS THE GREATEST!")
    }

    @Test("filter-syntax05") func syntax05() {
        Compat.expectSyntaxError("filter-syntax05", source: "{{ var|does_not_exist }}", containing: "Invalid filter: 'does_not_exist'")
    }

    @Test("filter-syntax06") func syntax06() {
        // A filter name with an illegal character.
        Compat.expectSyntaxError("filter-syntax06", source: "{{ var|fil(ter) }}", containing: "Invalid filter: 'fil'")
    }

    @Test("filter-syntax07") func syntax07() {
        Compat.expectSyntaxError("filter-syntax07", source: "{% nothing_to_see_here %}",
                                 containing: "Invalid block tag on line 1: 'nothing_to_see_here'. Did you forget to register or load this tag?")
    }

    @Test("filter-syntax08") func syntax08() {
        Compat.expectSyntaxError("filter-syntax08", source: "{% %}", containing: "Empty block tag on line 1")
    }

    @Test("filter-syntax08-multi-line") func syntax08MultiLine() {
        Compat.expectSyntaxError("filter-syntax08-multi-line", source: "line 1\nline 2\nline 3{% %}\nline 4\nline 5",
                                 containing: "Empty block tag on line 3")
    }

    @Test("filter-syntax09") func syntax09() throws {
        // Chained filters, with an argument to the first one.
        #expect(try render("filter-syntax09", source: "{{ var|cut:\"o\"|upper|lower }}", ["var": "Foo"]) == "f")
    }

    @Test("filter-syntax10") func syntax10() throws {
        // A literal string argument is always safe from auto-escaping.
        #expect(try render("filter-syntax10", source: #"{{ var|default_if_none:" endquote\" hah" }}"#, ["var": Optional<String>.none as Any])
                == " endquote\" hah")
    }

    @Test("filter-syntax11") func syntax11() throws {
        // A variable as argument.
        #expect(try render("filter-syntax11", source: "{{ var|default_if_none:var2 }}", ["var": Optional<String>.none as Any, "var2": "happy"])
                == "happy")
    }

    @Test("filter-syntax15") func syntax15() throws {
        // Escaped backslash in an argument.
        #expect(try render("filter-syntax15", source: #"{{ var|default_if_none:"foo\bar" }}"#, ["var": Optional<String>.none as Any])
                == #"foo\bar"#)
    }

    @Test("filter-syntax16") func syntax16() throws {
        // Escaped backslash using a known escape character.
        #expect(try render("filter-syntax16", source: #"{{ var|default_if_none:"foo\now" }}"#, ["var": Optional<String>.none as Any])
                == #"foo\now"#)
    }

    @Test("filter-syntax17") func syntax17() throws {
        // Empty strings can be passed as arguments to filters.
        #expect(try render("filter-syntax17", source: #"{{ var|join:"" }}"#, ["var": ["a", "b", "c"]]) == "abc")
    }

    @Test("filter-syntax18") func syntax18() throws {
        #expect(try render("filter-syntax18", source: "{{ var }}", ["var": CompatUTF8Class()])
                == "\u{0160}\u{0110}\u{0106}\u{017D}\u{0107}\u{017E}\u{0161}\u{0111}")
    }

    @Test("filter-syntax19") func syntax19() throws {
        // Numbers as filter arguments.
        #expect(try render("filter-syntax19", source: "{{ var|truncatewords:1 }}", ["var": "hello world"]) == "hello …")
    }

    @Test("filter-syntax20") func syntax20() throws {
        // Filters accept empty string constants.
        #expect(try render("filter-syntax20", source: #"{{ ""|default_if_none:"was none" }}"#) == "")
    }

    @Test("filter-syntax: a filter missing its required argument")
    func missingArgument() {
        Compat.expectSyntaxError("t", source: "{{ var|cut }}", containing: "cut requires 2 arguments, 1 provided")
    }

    @Test("filter-syntax: an argument to a filter that takes none")
    func extraArgument() {
        Compat.expectSyntaxError("t", source: "{{ var|upper:'x' }}", containing: "upper requires 1 arguments, 2 provided")
    }
}
