import Templates
import Testing

@Suite("Templates: JSON contexts")
struct JSONContextTests {
    func parse(_ text: String) throws -> TemplateDictionary { try JSONContext.parse(Array(text.utf8)) }

    @Test("types as Python's json gives them, keys in order")
    func types() throws {
        let context = try parse(#"{"z": 1, "a": 1.0, "e": 2e3, "t": true, "f": false, "n": null, "s": "x\"\u00e9\ud83d\ude00\n", "l": [1, [], {}], "o": {"b": 2, "a": 1}}"#)
        #expect(context.keys == ["z", "a", "e", "t", "f", "n", "s", "l", "o"])
        #expect(context["z"] as? Int == 1)
        #expect(context["a"] as? Double == 1.0)
        #expect(context["e"] as? Double == 2000)
        #expect(context["t"] as? Bool == true)
        #expect(context["f"] as? Bool == false)
        #expect(Value.unwrap(context["n"]) == nil)
        #expect(context["s"] as? String == "x\"é😀\n")
        #expect((context["o"] as? TemplateDictionary)?.keys == ["b", "a"])
        let engine = Engine()
        let values = Dictionary(uniqueKeysWithValues: context.items)
        #expect(try engine.fromString("{{ z }} {{ a }} {{ e }} {{ t }} {{ n }} {{ l }} {{ o }} {{ o.a }}").render(values)
            == "1 1.0 2000.0 True None [1, [], {}] {&#x27;b&#x27;: 2, &#x27;a&#x27;: 1} 1")
    }

    @Test("errors name line and column", arguments: [
        ("{\n  \"a\": 1,\n  \"b\": ]\n}", 3, 8),
        ("{\"a\": 1,}", 1, 9),
        ("[1]", 1, 1),
        ("", 1, 1),
        ("{\"a\": 01}", 1, 7),
        ("{\"a\": \"x}", 1, 7),
        ("{\"a\": tru}", 1, 7),
        ("{} x", 1, 4),
        ("{'a': 1}", 1, 2),
    ])
    func errors(text: String, line: Int, column: Int) {
        do {
            _ = try parse(text)
            Issue.record("parsed \(text)")
        } catch let error as JSONContext.ParseError {
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
