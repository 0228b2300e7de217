import Templates
import Testing

/// Django's filter_tests/test_center FunctionTests: f"{value:^{width}}", the odd space on the right.
@Suite("Compat: Django's test_center (FunctionTests)")
struct CenterCompatTests {
    let center = Library.builtins.filters["center"]!

    @Test("test_center") func centered() throws {
        #expect(Value.string(try center.apply("test", 6)) == " test ")
    }

    @Test("test_non_string_input") func nonString() throws {
        #expect(Value.string(try center.apply(123, 5)) == " 123 ")
    }

    @Test("test_odd_input") func odd() throws {
        #expect(Value.string(try center.apply("odd", 6)) == " odd  ")
    }

    @Test("test_even_input") func even() throws {
        #expect(Value.string(try center.apply("even", 7)) == " even  ")
    }

    @Test("test_widths") func widths() throws {
        for width in [-1, 0, 1, 9] {
            #expect(Value.string(try center.apply("something", width)) == "something")
        }
    }
}
