import Foundation
import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests.
@Suite("Filters: default, yesno, pluralize")
struct LogicFiltersTests {
    @Test func `default`() throws {
        #expect(try rendered("{{ a|default:\"x<\" }}", ["a": ""]) == "x<")
        #expect(try rendered("{{ a|default:\"x<\" }}", ["a": Optional<String>.none as Any]) == "x<")
        #expect(try rendered("{{ a|default:\"x<\" }}", ["a": 0]) == "x<")
        #expect(try rendered("{{ a|default:\"x<\" }}", ["a": "<"]) == "&lt;")
        #expect(try renderedUnescaped("{{ a|default:\"x<\" }} {{ b|default:\"x\" }}", ["a": "", "b": "<"]) == "x< <")
        #expect(try rendered("{{ a|default:b }}", ["a": [Any](), "b": "<b>"]) == "&lt;b&gt;")
        #expect(try rendered("{{ missing|default:\"val\" }}") == "val")
    }

    @Test func defaultIfNone() throws {
        #expect(try rendered("[{{ a|default_if_none:\"x<\" }}]", ["a": ""]) == "[]")
        #expect(try rendered("{{ a|default_if_none:\"x<\" }}", ["a": Optional<String>.none as Any]) == "x<")
        #expect(try rendered("{{ a|default_if_none:\"x<\" }}", ["a": 0]) == "0")
        #expect(try renderedUnescaped("{{ a|default_if_none:b }}", ["a": Optional<String>.none as Any, "b": "<"]) == "<")
        #expect(try rendered("{{ a|default_if_none:b }}", ["a": Optional<String>.none as Any, "b": "<"]) == "&lt;")
    }

    @Test func yesno() throws {
        #expect(try rendered("{{ var|yesno:\"yup,nup,mup\" }} {{ var|yesno }}", ["var": true]) == "yup yes")
        #expect(try rendered("{{ a|yesno }} {{ b|yesno }} {{ c|yesno }}", ["a": true, "b": false, "c": Optional<Bool>.none as Any]) == "yes no maybe")
        let arg = "\"certainly,get out of town,perhaps\""
        #expect(try rendered("{{ a|yesno:\(arg) }}|{{ b|yesno:\(arg) }}|{{ c|yesno:\(arg) }}", ["a": true, "b": false, "c": Optional<Bool>.none as Any])
            == "certainly|get out of town|perhaps")
        #expect(try rendered("{{ c|yesno:\"certainly,get out of town\" }}", ["c": Optional<Bool>.none as Any]) == "get out of town")
        #expect(try rendered("{{ a|yesno:\"certainly\" }}", ["a": true]) == "True")
        #expect(try rendered("{{ a|yesno:\"a,b,c,d\" }}", ["a": Optional<Bool>.none as Any]) == "b")
        #expect(try rendered("{{ a|yesno:\"<y>,<n>\" }}", ["a": [1]]) == "&lt;y&gt;")
        #expect(try renderedUnescaped("{{ a|yesno:\"<y>,<n>\" }}", ["a": ""]) == "<n>")
    }

    @Test func pluralize() throws {
        #expect(try rendered("vote{{ num|pluralize }}", ["num": 1]) == "vote")
        #expect(try rendered("vote{{ num|pluralize }}", ["num": 2]) == "votes")
        #expect(try rendered("class{{ num|pluralize:\"es\" }}", ["num": 1]) == "class")
        #expect(try rendered("class{{ num|pluralize:\"es\" }}", ["num": 2]) == "classes")
        #expect(try rendered("cand{{ num|pluralize:\"y,ies\" }}", ["num": 1]) == "candy")
        #expect(try rendered("cand{{ num|pluralize:\"y,ies\" }}", ["num": 2]) == "candies")
        #expect(try rendered("[{{ num|pluralize:\"y,ies,error\" }}]", ["num": 1]) == "[]")
        let cases: [(Any, String)] = [(0, "s"), (1, ""), (2, "s"), (0.5, "s"), (1.0, ""), (1.5, "s"), ("1", ""), ("2", "s"),
                                      (Decimal(1), ""), (Decimal(string: "1.5")!, "s"), ([1] as [Any], ""), ([Any](), "s"), ([1, 2, 3], "s"), (["a": 1], "")]
        for (value, expected) in cases {
            #expect(try rendered("{{ x|pluralize }}", ["x": value]) == expected, "\(value)")
        }
        #expect(try rendered("[{{ x|pluralize:\"y,es\" }}][{{ y|pluralize }}]", ["x": "", "y": Optional<Int>.none as Any]) == "[][]")
        #expect(try rendered("{{ x|pluralize:\"<,>\" }}", ["x": 2]) == "&gt;")
    }
}
