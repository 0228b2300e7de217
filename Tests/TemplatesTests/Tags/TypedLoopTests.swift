import Templates
import Testing

/// A row type with registered field getters answering several kinds of value.
private struct LoopRow {
    let text: String
    let number: Int
    let safe: SafeString
    let missing: String?
}

/// The getters of `LoopRow` (the lookup sites' typed way) and its plain lookup.
private enum LoopRowFields {
    static func register() {
        TemplateAttributes.register(LoopRow.self) { value, name in field(value as! LoopRow, name) }
        TemplateAttributes.register(LoopRow.self, fields: { name in
            guard ["text", "number", "safe", "missing"].contains(name) else { return nil }
            let getter: TemplateAttributes.FieldGetter = { value in
                if let found = field(value as! LoopRow, name) { return found }
                return nil
            }
            return getter
        })
    }

    static func field(_ row: LoopRow, _ name: String) -> Any?? {
        switch name {
        case "text": .some(row.text)
        case "number": .some(row.number)
        case "safe": .some(row.safe)
        case "missing": .some(row.missing.map { $0 as Any })
        default: nil
        }
    }
}

/// Reverses `detail` with its one argument (what `{% url %}` gives a reverser object).
private final class OneArgumentReverser: TemplateURLReverser {
    struct Failed: Error {}
    func reverse(_ name: String, args: [Any], kwargs: [String: Any]) throws -> String { throw Failed() }
    func reverse(_ name: String, argument: Any) throws -> String {
        guard name == "detail" else { throw Failed() }
        return "/d/\(Value.isNone(argument) ? "none" : Value.string(argument))/<"
    }
}

@Suite("Loops over typed arrays (elements boxed one at a time, fields read in place)")
struct TypedLoopTests {
    init() { LoopRowFields.register() }

    private let rows = [
        LoopRow(text: "a<b", number: 1, safe: SafeString("<i>x</i>"), missing: nil),
        LoopRow(text: "c", number: 2, safe: SafeString("y"), missing: "m"),
    ]

    @Test func fieldsOfAFastLoop() throws {
        let source = "{% for r in rows %}{{ r.text }}|{{ r.number }}|{{ r.safe }}|{{ r.missing }}|{{ r.nothing }};{% endfor %}"
        #expect(try TagHarness.render(source, ["rows": rows]) == "a&lt;b|1|<i>x</i>|None|;c|2|y|m|;")
        let unescaped = "{% autoescape off %}{% for r in rows %}{{ r.text }},{% endfor %}{% endautoescape %}"
        #expect(try TagHarness.render(unescaped, ["rows": rows]) == "a<b,c,")
    }

    @Test func reversedWithForloop() throws {
        let source = "{% for r in rows reversed %}{{ forloop.counter }}{{ forloop.first }}{{ forloop.last }}{{ r.number }},{% endfor %}"
        #expect(try TagHarness.render(source, ["rows": rows]) == "1TrueFalse2,2FalseTrue1,")
        #expect(try TagHarness.render("{% for r in rows %}x{% empty %}none{% endfor %}", ["rows": [LoopRow]()]) == "none")
    }

    @Test func nestedAndDictionaryRows() throws {
        let nested = "{% for r in rows %}{% for n in numbers %}{{ forloop.parentloop.counter }}{{ r.number }}{{ n }} {% endfor %}{% endfor %}"
        #expect(try TagHarness.render(nested, ["rows": rows, "numbers": [7, 8]]) == "117 118 227 228 ")
        let dicts: [[String: Any]] = [["name": "p"], ["name": "q"]]
        #expect(try TagHarness.render("{% for d in ds reversed %}{{ d.name }}{% endfor %}", ["ds": dicts]) == "qp")
        // A loop variable named forloop hides the loop object.
        #expect(try TagHarness.render("{% for forloop in rows %}{{ forloop.text }}{% endfor %}", ["rows": rows]) == "a&lt;bc")
    }

    @Test func urlOfALoopItemsField() throws {
        let template = try TagHarness.engine.fromString("{% for r in rows %}{% url 'detail' r.number %} {% url 'detail' r.missing %} {% url 'detail' r.text %}|{% endfor %}")
        #expect(try template.render(["rows": rows], urlReverser: OneArgumentReverser()) == "/d/1/&lt; /d/none/&lt; /d/a&lt;b/&lt;|/d/2/&lt; /d/m/&lt; /d/c/&lt;|")
        #expect(throws: (any Error).self) {
            try TagHarness.engine.fromString("{% for r in rows %}{% url 'other' r.number %}{% endfor %}").render(["rows": rows], urlReverser: OneArgumentReverser())
        }
    }

    /// A typed array's truth and count (read from its storage) agree with its elements: empty,
    /// one, many, grown with room to spare, and an array held in an `AnyHashable` (its count
    /// asked of the array itself).
    @Test func truthAndCountOfTypedArrays() throws {
        let source = "{% if rows %}{% for r in rows %}{{ forloop.revcounter }}{% if forloop.last %}/{{ forloop.length }}{% endif %},{% endfor %}{% else %}none{% endif %}"
        #expect(try TagHarness.render(source, ["rows": [LoopRow]()]) == "none")
        #expect(try TagHarness.render(source, ["rows": Array(rows.prefix(1))]) == "1/1,")
        var grown: [LoopRow] = []
        grown.reserveCapacity(64)
        for _ in 0..<12 { grown.append(contentsOf: rows) }
        #expect(try TagHarness.render(source, ["rows": grown]) == (1...24).reversed().map { $0 == 1 ? "1/24," : "\($0)," }.joined())
        let numbers: [Int] = [4, 5, 6]
        #expect(try TagHarness.render("{% if xs %}{% for x in xs %}{{ forloop.length }}{{ x }}{% endfor %}{% endif %}", ["xs": AnyHashable(numbers)]) == "343536")
        #expect(try TagHarness.render("{% if xs %}yes{% else %}no{% endif %}", ["xs": AnyHashable([Int]())]) == "no")
    }
}
