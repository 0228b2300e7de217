import Templates
import Testing

/// Django's SomeException: silent_variable_failure is True.
struct CompatSomeException: SilentVariableFailure {}

/// Django's SomeOtherException, TypeError, AttributeError: not silent.
struct CompatRaised: Error, Equatable {
    let name: String
}

/// Django's SomeClass with the members that raise (template_tests/utils.py): methods, and
/// properties (which run when looked up: a TemplateCallable in Swift), and `__getitem__` keys.
struct CompatRaisingClass: TemplateLookup {
    let method3 = TemplateCallable { throw CompatSomeException() }
    let method4 = TemplateCallable { throw CompatRaised(name: "SomeOtherException") }
    let method5 = TemplateCallable { throw CompatRaised(name: "TypeError") }
    let silent_fail_attribute = TemplateCallable { throw CompatSomeException() }
    let noisy_fail_attribute = TemplateCallable { throw CompatRaised(name: "SomeOtherException") }
    let attribute_error_attribute = TemplateCallable { throw CompatRaised(name: "AttributeError") }
    let type_error_attribute = TemplateCallable { throw CompatRaised(name: "TypeError") }

    func templateValue(forKey key: String) -> Any? {
        switch key {
        case "silent_fail_key": TemplateCallable { throw CompatSomeException() }
        case "noisy_fail_key": TemplateCallable { throw CompatRaised(name: "SomeOtherException") }
        default: nil
        }
    }
}

/// Django's test_filter_syntax and test_basic cases where a lookup raises: a silent failure is
/// string_if_invalid, anything else stops the render.
@Suite("Compat: Django's test_filter_syntax / test_basic (lookups that raise)")
struct RaisingLookupCompatTests {
    func render(_ name: String, _ source: String, invalid: String = "") throws -> String {
        try Engine(templates: [name: source], stringIfInvalid: invalid).getTemplate(name).render(["var": CompatRaisingClass()])
    }

    func expectRaise(_ name: String, _ source: String, _ error: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: CompatRaised(name: error), sourceLocation: sourceLocation) { try render(name, source) }
    }

    @Test("filter-syntax13") func syntax13() throws {
        #expect(try render("filter-syntax13", "1{{ var.method3 }}2") == "12")
        #expect(try render("filter-syntax13", "1{{ var.method3 }}2", invalid: "INVALID") == "1INVALID2")
    }

    @Test("filter-syntax14") func syntax14() {
        expectRaise("filter-syntax14", "1{{ var.method4 }}2", "SomeOtherException")
    }

    @Test("filter-syntax21") func syntax21() throws {
        #expect(try render("filter-syntax21", "1{{ var.silent_fail_key }}2") == "12")
        #expect(try render("filter-syntax21", "1{{ var.silent_fail_key }}2", invalid: "INVALID") == "1INVALID2")
    }

    @Test("filter-syntax22") func syntax22() throws {
        #expect(try render("filter-syntax22", "1{{ var.silent_fail_attribute }}2") == "12")
        #expect(try render("filter-syntax22", "1{{ var.silent_fail_attribute }}2", invalid: "INVALID") == "1INVALID2")
    }

    @Test("filter-syntax23") func syntax23() {
        expectRaise("filter-syntax23", "1{{ var.noisy_fail_key }}2", "SomeOtherException")
    }

    @Test("filter-syntax24") func syntax24() {
        expectRaise("filter-syntax24", "1{{ var.noisy_fail_attribute }}2", "SomeOtherException")
    }

    @Test("filter-syntax25") func syntax25() {
        expectRaise("filter-syntax25", "{{ var.attribute_error_attribute }}", "AttributeError")
    }

    @Test("test_type_error_attribute") func typeErrorAttribute() {
        expectRaise("template", "{{ var.type_error_attribute }}", "TypeError")
    }

    @Test("basic-syntax20b") func basicSyntax20b() {
        expectRaise("basic-syntax20b", "{{ var.method5 }}", "TypeError")
    }
}
