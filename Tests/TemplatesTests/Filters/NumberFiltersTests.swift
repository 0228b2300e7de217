import Foundation
import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests.
@Suite("Filters: numbers")
struct NumberFiltersTests {
    @Test func add() throws {
        #expect(try rendered("{{ i|add:\"5\" }}", ["i": 2000]) == "2005")
        #expect(try rendered("[{{ i|add:\"napis\" }}]", ["i": 2000]) == "[]")
        #expect(try rendered("[{{ i|add:16 }}]", ["i": "not_an_int"]) == "[]")
        #expect(try rendered("{{ i|add:\"16\" }}", ["i": "not_an_int"]) == "not_an_int16")
        #expect(try rendered("{{ l1|add:l2 }}", ["l1": [1, 2], "l2": [3, 4]]) == "[1, 2, 3, 4]")
        #expect(try rendered("{{ a|add:b }}", ["a": "<", "b": SafeString("&")]) == "&lt;&amp;")
        #expect(try rendered("{{ a|add:\"<\" }}", ["a": SafeString("&")]) == "&<")
        #expect(try rendered("{{ a|add:2 }}", ["a": 2.7]) == "4")
        #expect(try rendered("{{ a|add:2 }} {{ b|add:1 }}", ["a": Decimal(string: "1.9")!, "b": Decimal(string: "-1.9")!]) == "3 0")
        #expect(try rendered("[{{ a|add:2 }}]", ["a": Optional<Int>.none as Any]) == "[]")
    }

    @Test func divisibleby() throws {
        #expect(try rendered("{{ a|divisibleby:\"2\" }} {{ b|divisibleby:3 }}", ["a": 4, "b": 4]) == "True False")
        #expect(try rendered("{{ a|divisibleby:\"2\" }}", ["a": "4"]) == "True")
        #expect(try rendered("[{{ a|divisibleby:0 }}][{{ b|divisibleby:2 }}]", ["a": 4, "b": "x"]) == "[][]")
    }

    @Test func getDigit() throws {
        #expect(try rendered("{{ a|get_digit:1 }} {{ a|get_digit:2 }} {{ a|get_digit:8 }} {{ a|get_digit:0 }}", ["a": 123]) == "3 2 0 123")
        #expect(try rendered("{{ a|get_digit:\"1\" }}", ["a": "123"]) == "3")
        #expect(try rendered("{{ a|get_digit:1 }}", ["a": "xyz<"]) == "xyz&lt;")
    }

    @Test func floatformat() throws {
        #expect(try renderedUnescaped("{{ a|floatformat }} {{ b|floatformat }}", ["a": "1.42", "b": SafeString("1.42")]) == "1.4 1.4")
        #expect(try rendered("{{ a|floatformat }} {{ b|floatformat }}", ["a": "1.42", "b": SafeString("1.42")]) == "1.4 1.4")
        let cases: [(Any, String, String)] = [
            (7.7, "", "7.7"), (7.0, "", "7"), (0.7, "", "0.7"), (-0.7, "", "-0.7"), (0.07, "", "0.1"), (-0.07, "", "-0.1"),
            (0.007, "", "0.0"), (0.0, "", "0"), (7.7, "0", "8"), (7.7, "3", "7.700"), (6.0, "3", "6.000"), (6.2, "3", "6.200"),
            (6.2, "-3", "6.200"), (13.1031, "-3", "13.103"), (11.1197, "-2", "11.12"), (11.0, "-2", "11"),
            (11.000001, "-2", "11.00"), (8.2798, "3", "8.280"), (5555.555, "2", "5555.56"), (1.3, "2", "1.30"),
            (0.12345, "2", "0.12"), ("555.555", "2", "555.56"), ("09.000", "", "9"), ("foo", "", ""), (13.1031, "\"bar\"", "13.1031"),
            (18.125, "2", "18.13"), ("foo", "\"bar\"", ""), ("\u{bf}C\u{f3}mo esta usted?", "", ""),
            (-1.323297138040798e35, "2", "-132329713804079800000000000000000000.00"),
            (-1.323297138040798e35, "-2", "-132329713804079800000000000000000000"),
            (1.5e-15, "20", "0.00000000000000150000"), (1.5e-15, "-20", "0.00000000000000150000"),
            (1.00000000000000015, "16", "1.0000000000000002"), (-0.01, "-1", "0.0"), (-0.001, "2", "0.00"), (-0.499, "0", "0"),
            (10000, "\"g\"", "10,000"), (66666.666, "\"1g\"", "66,666.7"), (-1234567.891, "\"2gu\"", "-1,234,567.89"),
            (1.5, "\"2u\"", "1.50"), (Double.infinity, "", "inf"), (-Double.infinity, "", "-inf"), (Double.nan, "", "nan"),
            (Decimal(string: "555.555")!, "2", "555.56"), (true, "", "1"),
        ]
        for (value, argument, expected) in cases {
            let source = argument.isEmpty ? "{{ x|floatformat }}" : "{{ x|floatformat:\(argument) }}"
            #expect(try rendered(source, ["x": value]) == expected, "\(value)|floatformat:\(argument)")
        }
        #expect(try rendered("[{{ x|floatformat }}]", ["x": Optional<Double>.none as Any]) == "[]")
    }

    @Test func filesizeformat() throws {
        let cases: [(Any, String)] = [
            (1023, "1023\u{a0}bytes"), (1024, "1.0\u{a0}KB"), (10 * 1024, "10.0\u{a0}KB"), (1024 * 1024 - 1, "1024.0\u{a0}KB"),
            (1024 * 1024, "1.0\u{a0}MB"), (1024 * 1024 * 50, "50.0\u{a0}MB"), (1024 * 1024 * 1024 - 1, "1024.0\u{a0}MB"),
            (1 << 30, "1.0\u{a0}GB"), (1 << 40, "1.0\u{a0}TB"), (1 << 50, "1.0\u{a0}PB"), ((1 << 50) * 2000, "2000.0\u{a0}PB"),
            ("", "0\u{a0}bytes"), ("\u{3b1}", "0\u{a0}bytes"), (1, "1\u{a0}byte"), (-100, "-100\u{a0}bytes"),
            (-1024 * 1024 * 50, "-50.0\u{a0}MB"), (1536.7, "1.5\u{a0}KB"), ("2048", "2.0\u{a0}KB"),
        ]
        for (value, expected) in cases {
            #expect(try rendered("{{ x|filesizeformat }}", ["x": value]) == expected, "\(value)")
        }
        #expect(try rendered("{{ x|filesizeformat }}", ["x": Optional<Int>.none as Any]) == "0\u{a0}bytes")
    }

    @Test func stringformat() throws {
        let values: [String: Any] = ["a": "a<b", "b": SafeString("a<b")]
        #expect(try renderedUnescaped(".{{ a|stringformat:\"5s\" }}. .{{ b|stringformat:\"5s\" }}.", values) == ".  a<b. .  a<b.")
        #expect(try rendered(".{{ a|stringformat:\"5s\" }}. .{{ b|stringformat:\"5s\" }}.", values) == ".  a&lt;b. .  a<b.")
        #expect(try rendered("{{ x|stringformat:\"03d\" }}", ["x": 1]) == "001")
        #expect(try rendered("{{ x|stringformat:\"s\" }}", ["x": [1, Optional<Int>.none as Any] as [Any]]) == "[1, None]")
        #expect(try rendered("{{ x|stringformat:\"r\" }}", ["x": "it"]) == "&#x27;it&#x27;")
        #expect(try rendered("{{ x|stringformat:\".2f\" }}|{{ x|stringformat:\"+08.3e\" }}", ["x": 3.14159]) == "3.14|+3.142e+00")
        #expect(try rendered("{{ x|stringformat:\"x\" }}|{{ x|stringformat:\"#X\" }}|{{ x|stringformat:\"#o\" }}", ["x": 255]) == "ff|0XFF|0o377")
        #expect(try rendered("{{ x|stringformat:\"-5d\" }}|{{ x|stringformat:\"d\" }}", ["x": 42.9]) == "42   |42")
        #expect(try rendered("{{ x|stringformat:\"d items\" }}", ["x": 3]) == "3 items")
        // Outputs of Python's % operator.
        let python: [(String, Any, String)] = [
            ("5.1f", 3.14159, "  3.1"), ("-6s", "ab", "ab    "), ("+d", 5, "+5"), (" d", 5, " 5"), ("06.2f", -3.14159, "-03.14"),
            ("e", 12345.678, "1.234568e+04"), ("g", 0.00001234, "1.234e-05"), ("G", 1e20, "1E+20"), ("10.3s", "abcdef", "       abc"),
            ("%%s", 1, "%1"), ("s%", 1, ""), ("c", 65, "A"),
        ]
        for (format, value, expected) in python {
            #expect(try renderedUnescaped("{{ x|stringformat:f }}", ["x": value, "f": format]) == expected, "\(format)")
        }
        #expect(try rendered("[{{ x|stringformat:\"z\" }}][{{ y|stringformat:\"d\" }}][{{ x|stringformat:\"x\" }}]", ["x": 1.5, "y": "abc"]) == "[][][]")
    }

    /// `floatformat` of a float to an int number of places takes a shortcut when the float is
    /// a short decimal; it must agree with the decimal arithmetic (reached with "2") always.
    @Test func floatformatShortcutAgreesWithDecimals() throws {
        let filter = try #require(Library.builtins.filters["floatformat"])
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, -0.5, 2.675, 1.005, 0.125, -0.125, 1e15, 4503599627370496, 123456789.125,
                                0.1, 0.2, 0.3, 1 / 3, -2.5e-7, 99.995, 1e-16, 9.999999999999999, 0.045]
        for i in 0..<4000 { values.append(Double(i) / 4 - 500) }
        for _ in 0..<4000 {
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 1000)
            values.append(Double.random(in: -1e6...1e6, using: &generator))
            values.append(Double(Int.random(in: -99999...99999, using: &generator)) / 100_000)
        }
        for value in values {
            for places in 1...6 {
                let fast = Value.string(try filter.apply(value, places))
                let decimal = Value.string(try filter.apply(value, String(places)))
                #expect(fast == decimal, "floatformat(\(value), \(places))")
            }
        }
    }
}
