import Templates
import Testing

/// Django's filter_tests/test_floatformat FunctionTests: the filter called as a function.
@Suite("Compat: Django's test_floatformat (FunctionTests)")
struct FloatformatCompatTests {
    let floatformat = Library.builtins.filters["floatformat"]!

    @Test("test_too_many_digits_to_render") func tooManyDigits() throws {
        // More than 200 digits and exponent: the value as it is, not a render without bound.
        for value in ["1e200", "1E200", "1E10000000000000000", "-1E10000000000000000", "1e10000000000000000", "-1e10000000000000000"] {
            #expect(Value.string(try floatformat.apply(value)) == value)
        }
    }

    @Test("test_too_many_digits_to_render_very_long") func veryLong() throws {
        let value = "1" + String(repeating: "0", count: 1_000_000)
        #expect(Value.string(try floatformat.apply(value)) == value)
    }

    @Test("test_inputs") func inputs() throws {
        #expect(Value.string(try floatformat.apply(7.7)) == "7.7")
        #expect(Value.string(try floatformat.apply(7.0)) == "7")
        #expect(Value.string(try floatformat.apply(0.07)) == "0.1")
        #expect(Value.string(try floatformat.apply(13.1031, "-3")) == "13.103")
        #expect(Value.string(try floatformat.apply("foo")) == "")
    }
}
