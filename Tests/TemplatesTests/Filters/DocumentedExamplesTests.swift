import Foundation
import Templates
import Testing

/// The examples of Django's built-in filter reference (docs/ref/templates/builtins.txt), one
/// test per filter.
@Suite("Filters: documented examples")
struct DocumentedExamplesTests {
    @Test func add() throws { #expect(try rendered("{{ value|add:\"2\" }}", ["value": 4]) == "6") }
    @Test func addslashes() throws { #expect(try renderedUnescaped("{{ value|addslashes }}", ["value": "I'm using Django"]) == "I\\'m using Django") }
    @Test func capfirst() throws { #expect(try rendered("{{ value|capfirst }}", ["value": "django"]) == "Django") }
    // The documentation still shows "     Django    "; Django 6.1's f"{value:^15}" gives this.
    @Test func center() throws { #expect(try rendered("\"{{ value|center:\"15\" }}\"", ["value": "Django"]) == "\"    Django     \"") }
    @Test func cut() throws { #expect(try rendered("{{ value|cut:\" \" }}", ["value": "String with spaces"]) == "Stringwithspaces") }
    @Test func date() throws { #expect(try rendered("{{ value|date:\"D d M Y\" }}", ["value": utc(2008, 1, 9)]) == "Wed 09 Jan 2008") }
    @Test func `default`() throws { #expect(try rendered("{{ value|default:\"nothing\" }}", ["value": ""]) == "nothing") }
    @Test func defaultIfNone() throws {
        #expect(try rendered("{{ value|default_if_none:\"nothing\" }}", ["value": Optional<String>.none as Any]) == "nothing")
    }
    @Test func dictsort() throws {
        let books: [Any] = [
            TemplateDictionary([("title", "1984"), ("author", "George")]),
            TemplateDictionary([("title", "Timequake"), ("author", "Kurt")]),
            TemplateDictionary([("title", "Alice"), ("author", "Lewis")]),
        ]
        #expect(try renderedUnescaped("{{ books|dictsort:\"title\" }}", ["books": books])
            == "[{'title': '1984', 'author': 'George'}, {'title': 'Alice', 'author': 'Lewis'}, {'title': 'Timequake', 'author': 'Kurt'}]")
    }
    @Test func dictsortreversed() throws {
        let rows: [Any] = [["n": 1], ["n": 3], ["n": 2]]
        #expect(try rendered("{{ rows|dictsortreversed:\"n\"|first }}", ["rows": rows]) == "{&#x27;n&#x27;: 3}")
    }
    @Test func divisibleby() throws { #expect(try rendered("{{ value|divisibleby:\"3\" }}", ["value": 21]) == "True") }
    @Test func escape() throws { #expect(try rendered("{{ value|escape }}", ["value": "<p>"]) == "&lt;p&gt;") }
    @Test func escapejs() throws {
        #expect(try rendered("{{ value|escapejs }}", ["value": "testing\r\njavascript 'string\" <b>escaping</b>"])
            == "testing\\u000D\\u000Ajavascript \\u0027string\\u0022 \\u003Cb\\u003Eescaping\\u003C/b\\u003E")
    }
    @Test func escapeseq() throws { #expect(try rendered("{{ my_list|escapeseq|join:\",\" }}", ["my_list": ["<a>", "b&c"]]) == "&lt;a&gt;,b&amp;c") }
    @Test func filesizeformat() throws { #expect(try rendered("{{ value|filesizeformat }}", ["value": 123456789]) == "117.7\u{a0}MB") }
    @Test func first() throws { #expect(try rendered("{{ value|first }}", ["value": ["a", "b", "c"]]) == "a") }
    @Test func floatformat() throws {
        #expect(try rendered("{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }}", ["a": 34.23234, "b": 34.0, "c": 34.26]) == "34.2 34 34.3")
        #expect(try rendered("{{ a|floatformat:3 }} {{ b|floatformat:3 }} {{ c|floatformat:3 }}", ["a": 34.23234, "b": 34.0, "c": 34.26]) == "34.232 34.000 34.260")
        #expect(try rendered("{{ a|floatformat:\"-3\" }} {{ b|floatformat:\"-3\" }} {{ c|floatformat:\"-3\" }}", ["a": 34.23234, "b": 34.0, "c": 34.26])
            == "34.232 34 34.260")
        #expect(try rendered("{{ a|floatformat:\"2g\" }} {{ b|floatformat:\"g\" }}", ["a": 6666.6666, "b": 10000]) == "6,666.67 10,000")
        #expect(try rendered("{{ a|floatformat:\"2u\" }}", ["a": 66666.6666]) == "66666.67")
    }
    @Test func forceEscape() throws { #expect(try rendered("{{ value|force_escape|linebreaks }}", ["value": "<b>x</b>"]) == "<p>&lt;b&gt;x&lt;/b&gt;</p>") }
    @Test func getDigit() throws { #expect(try rendered("{{ value|get_digit:\"2\" }}", ["value": 123456789]) == "8") }
    @Test func iriencode() throws { #expect(try rendered("{{ value|iriencode }}", ["value": "?test=I \u{2665} Django"]) == "?test=I%20%E2%99%A5%20Django") }
    @Test func join() throws { #expect(try rendered("{{ value|join:\" // \" }}", ["value": ["a", "b", "c"]]) == "a // b // c") }
    @Test func jsonScript() throws {
        #expect(try rendered("{{ value|json_script:\"hello-data\" }}", ["value": ["hello": "world"]])
            == "<script id=\"hello-data\" type=\"application/json\">{\"hello\": \"world\"}</script>")
    }
    @Test func last() throws { #expect(try rendered("{{ value|last }}", ["value": ["a", "b", "c", "d"]]) == "d") }
    @Test func length() throws { #expect(try rendered("{{ value|length }} {{ s|length }}", ["value": ["a", "b", "c", "d"], "s": "abcd"]) == "4 4") }
    @Test func linebreaks() throws { #expect(try rendered("{{ value|linebreaks }}", ["value": "Joel\nis a slug"]) == "<p>Joel<br>is a slug</p>") }
    @Test func linebreaksbr() throws { #expect(try rendered("{{ value|linebreaksbr }}", ["value": "Joel\nis a slug"]) == "Joel<br>is a slug") }
    @Test func linenumbers() throws { #expect(try rendered("{{ value|linenumbers }}", ["value": "one\ntwo\nthree"]) == "1. one\n2. two\n3. three") }
    @Test func ljust() throws { #expect(try rendered("\"{{ value|ljust:\"10\" }}\"", ["value": "Django"]) == "\"Django    \"") }
    @Test func lower() throws { #expect(try rendered("{{ value|lower }}", ["value": "Totally LOVING this Album!"]) == "totally loving this album!") }
    @Test func makeList() throws {
        #expect(try renderedUnescaped("{{ value|make_list }} {{ n|make_list }}", ["value": "Joel", "n": 123]) == "['J', 'o', 'e', 'l'] ['1', '2', '3']")
    }
    @Test func phone2numeric() throws { #expect(try rendered("{{ value|phone2numeric }}", ["value": "800-COLLECT"]) == "800-2655328") }
    @Test func pluralize() throws {
        #expect(try rendered("You have {{ n }} message{{ n|pluralize }}.", ["n": 1]) == "You have 1 message.")
        #expect(try rendered("You have {{ n }} walrus{{ n|pluralize:\"es\" }}.", ["n": 2]) == "You have 2 walruses.")
        #expect(try rendered("You have {{ n }} cherr{{ n|pluralize:\"y,ies\" }}.", ["n": 0]) == "You have 0 cherries.")
    }
    @Test func pprint() throws { #expect(try renderedUnescaped("{{ value|pprint }}", ["value": ["b": 1, "a": "x"] as [String: Any]]) == "{'a': 'x', 'b': 1}") }
    @Test func random() throws { #expect(try rendered("{{ value|random }}", ["value": ["a"]]) == "a") }
    @Test func rjust() throws { #expect(try rendered("\"{{ value|rjust:\"10\" }}\"", ["value": "Django"]) == "\"    Django\"") }
    @Test func safe() throws { #expect(try rendered("{{ var|safe|escape }}", ["var": "<b>"]) == "<b>") }
    @Test func safeseq() throws { #expect(try rendered("{{ some_list|safeseq|join:\", \" }}", ["some_list": ["<b>", "<i>"]]) == "<b>, <i>") }
    @Test func slice() throws { #expect(try rendered("{{ some_list|slice:\":2\" }}", ["some_list": ["a", "b", "c"]]) == "[&#x27;a&#x27;, &#x27;b&#x27;]") }
    @Test func slugify() throws { #expect(try rendered("{{ value|slugify }}", ["value": " Joel is a slug "]) == "joel-is-a-slug") }
    @Test func stringformat() throws { #expect(try rendered("{{ value|stringformat:\"E\" }}", ["value": 10]) == "1.000000E+01") }
    @Test func striptags() throws {
        #expect(try rendered("{{ value|striptags }}", ["value": "<b>Joel</b> <button>is</button> a <span>slug</span>"]) == "Joel is a slug")
    }
    @Test func time() throws {
        // The escaped format comes from a variable: this engine's string literals drop unknown escapes.
        #expect(try rendered("{{ value|time:\"H:i\" }} {{ value|time:f }}", ["value": utc(2008, 1, 9, 1, 23), "f": "H\\h i\\m"]) == "01:23 01h 23m")
    }
    @Test func timesince() throws {
        #expect(try rendered("{{ blog_date|timesince:comment_date }}", ["blog_date": utc(2006, 6, 1), "comment_date": utc(2006, 6, 1, 8)]) == "8\u{a0}hours")
    }
    @Test func timeuntil() throws {
        #expect(try rendered("{{ conference_date|timeuntil:from_date }}", ["conference_date": utc(2006, 6, 29), "from_date": utc(2006, 6, 22)]) == "1\u{a0}week")
    }
    @Test func title() throws { #expect(try rendered("{{ value|title }}", ["value": "my FIRST post"]) == "My First Post") }
    @Test func truncatechars() throws { #expect(try rendered("{{ value|truncatechars:7 }}", ["value": "Joel is a slug"]) == "Joel i\u{2026}") }
    @Test func truncatecharsHTML() throws {
        #expect(try rendered("{{ value|truncatechars_html:7 }}", ["value": SafeString("<p>Joel is a slug</p>")]) == "<p>Joel i\u{2026}</p>")
    }
    @Test func truncatewords() throws { #expect(try rendered("{{ value|truncatewords:2 }}", ["value": "Joel is a slug"]) == "Joel is \u{2026}") }
    @Test func truncatewordsHTML() throws {
        #expect(try rendered("{{ value|truncatewords_html:2 }}", ["value": SafeString("<p>Joel is a slug</p>")]) == "<p>Joel is \u{2026}</p>")
    }
    @Test func unorderedList() throws {
        let states: [Any] = ["States", ["Kansas", ["Lawrence", "Topeka"], "Illinois"] as [Any]]
        #expect(try rendered("{{ var|unordered_list }}", ["var": states])
            == "\t<li>States\n\t<ul>\n\t\t<li>Kansas\n\t\t<ul>\n\t\t\t<li>Lawrence</li>\n\t\t\t<li>Topeka</li>\n\t\t</ul>\n\t\t</li>\n\t\t<li>Illinois</li>\n\t</ul>\n\t</li>")
    }
    @Test func upper() throws { #expect(try rendered("{{ value|upper }}", ["value": "Joel is a slug"]) == "JOEL IS A SLUG") }
    @Test func urlencode() throws {
        #expect(try rendered("{{ value|urlencode }}", ["value": "https://www.example.org/foo?a=b&c=d"]) == "https%3A//www.example.org/foo%3Fa%3Db%26c%3Dd")
        #expect(try rendered("{{ value|urlencode:\"\" }}", ["value": "https://www.example.org/"]) == "https%3A%2F%2Fwww.example.org%2F")
    }
    @Test func urlize() throws {
        #expect(try rendered("{{ value|urlize }}", ["value": "Check out www.djangoproject.com"])
            == "Check out <a href=\"http://www.djangoproject.com\" rel=\"nofollow\">www.djangoproject.com</a>")
        #expect(try rendered("{{ value|urlize }}", ["value": "Send questions to foo@example.com"])
            == "Send questions to <a href=\"mailto:foo@example.com\">foo@example.com</a>")
    }
    @Test func urlizetrunc() throws {
        #expect(try rendered("{{ value|urlizetrunc:15 }}", ["value": "Check out www.djangoproject.com"])
            == "Check out <a href=\"http://www.djangoproject.com\" rel=\"nofollow\">www.djangoproj\u{2026}</a>")
    }
    @Test func wordcount() throws { #expect(try rendered("{{ value|wordcount }}", ["value": "Joel is a slug"]) == "4") }
    @Test func wordwrap() throws { #expect(try rendered("{{ value|wordwrap:5 }}", ["value": "Joel is a slug"]) == "Joel\nis a\nslug") }
    @Test func yesno() throws {
        #expect(try rendered("{{ a|yesno:\"yeah,no,maybe\" }} {{ b|yesno:\"yeah,no,maybe\" }} {{ c|yesno:\"yeah,no,maybe\" }} {{ c|yesno:\"yeah,no\" }}",
                             ["a": true, "b": false, "c": Optional<Bool>.none as Any]) == "yeah no maybe no")
    }
}
