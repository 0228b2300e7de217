import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests.
@Suite("Filters: strings")
struct StringFiltersTests {
    @Test func addslashes() throws {
        let values: [String: Any] = ["a": "<a>'", "b": SafeString("<a>'")]
        #expect(try renderedUnescaped("{{ a|addslashes }} {{ b|addslashes }}", values) == "<a>\\' <a>\\'")
        #expect(try rendered("{{ a|addslashes }} {{ b|addslashes }}", values) == "&lt;a&gt;\\&#x27; <a>\\'")
        #expect(try rendered("{{ x|addslashes }}", ["x": "\"double quotes\" and 'single quotes'"]) == "\\&quot;double quotes\\&quot; and \\&#x27;single quotes\\&#x27;")
        #expect(try rendered("{{ x|addslashes }}", ["x": "\\ : backslashes, too"]) == "\\\\ : backslashes, too")
        #expect(try rendered("{{ x|addslashes }}", ["x": 123]) == "123")
    }

    @Test func capfirst() throws {
        let values: [String: Any] = ["a": "fred>", "b": SafeString("fred&gt;")]
        #expect(try renderedUnescaped("{{ a|capfirst }} {{ b|capfirst }}", values) == "Fred> Fred&gt;")
        #expect(try rendered("{{ a|capfirst }} {{ b|capfirst }}", values) == "Fred&gt; Fred&gt;")
        #expect(try rendered("{{ x|capfirst }}", ["x": "hello world"]) == "Hello world")
        #expect(try rendered("[{{ x|capfirst }}]", ["x": ""]) == "[]")
        #expect(try rendered("{{ x|capfirst }}", ["x": Optional<String>.none as Any]) == "None")
    }

    @Test func centerLjustRjust() throws {
        let values: [String: Any] = ["a": "a&b", "b": SafeString("a&b")]
        #expect(try rendered(".{{ a|center:\"5\" }}. .{{ b|center:\"5\" }}.", values) == ". a&amp;b . . a&b .")
        #expect(try renderedUnescaped(".{{ a|center:\"5\" }}. .{{ b|center:\"5\" }}.", values) == ". a&b . . a&b .")
        #expect(try rendered(".{{ a|ljust:\"5\" }}. .{{ b|ljust:\"5\" }}.", values) == ".a&amp;b  . .a&b  .")
        #expect(try rendered(".{{ a|rjust:\"5\" }}. .{{ b|rjust:\"5\" }}.", values) == ".  a&amp;b. .  a&b.")
        #expect(try rendered("[{{ x|center:6 }}][{{ x|center:7 }}][{{ x|center:2 }}]", ["x": "test"]) == "[ test ][ test  ][test]")  // f"{x:^7}": the odd space on the right
        #expect(try rendered("[{{ x|ljust:6 }}][{{ x|rjust:6 }}]", ["x": 123]) == "[123   ][   123]")
    }

    @Test func cut() throws {
        let values: [String: Any] = ["a": "x&y", "b": SafeString("x&amp;y")]
        #expect(try renderedUnescaped("{{ a|cut:\"x\" }} {{ b|cut:\"x\" }}", values) == "&y &amp;y")
        #expect(try rendered("{{ a|cut:\"x\" }} {{ b|cut:\"x\" }}", values) == "&amp;y &amp;y")
        #expect(try rendered("{{ a|cut:\"&\" }} {{ b|cut:\"&\" }}", values) == "xy xamp;y")
        // Cutting ';' could break an entity, so the result is escaped again.
        #expect(try rendered("{{ a|cut:\";\" }} {{ b|cut:\";\" }}", values) == "x&amp;y x&amp;ampy")
        #expect(try rendered("{{ x|cut:\"a\" }}", ["x": "a string to be mangled"]) == " string to be mngled")
        #expect(try rendered("{{ x|cut:\"2\" }}", ["x": 123]) == "13")
    }

    @Test func lowerUpperTitle() throws {
        let values: [String: Any] = ["a": "Apple & banana", "b": SafeString("Apple &amp; banana")]
        #expect(try rendered("{{ a|lower }} {{ b|lower }}", values) == "apple &amp; banana apple &amp; banana")
        #expect(try renderedUnescaped("{{ a|lower }} {{ b|lower }}", values) == "apple & banana apple &amp; banana")
        // upper is not is_safe: safe input is escaped after upper-casing.
        let upper: [String: Any] = ["a": "a & b", "b": SafeString("a &amp; b")]
        #expect(try rendered("{{ a|upper }} {{ b|upper }}", upper) == "A &amp; B A &amp;AMP; B")
        #expect(try renderedUnescaped("{{ a|upper }} {{ b|upper }}", upper) == "A & B A &AMP; B")
        #expect(try rendered("{{ x|title }}", ["x": "JOE'S CRAB SHACK"]) == "Joe&#x27;s Crab Shack")
        #expect(try rendered("{{ x|title }}", ["x": "555 WEST 53RD STREET"]) == "555 West 53rd Street")
        #expect(try rendered("{{ x|title }}", ["x": "a nice title, isn't it?"]) == "A Nice Title, Isn&#x27;t It?")
        #expect(try rendered("{{ x|title }}", ["x": "discoth\u{e8}que"]) == "Discoth\u{e8}que")
        #expect(try renderedUnescaped("{{ x|title }}", ["x": "Hello wORLD 3rd x1y o'neil \u{1C6}emal"]) == "Hello World 3rd X1y O'Neil \u{1C5}emal")
        #expect(try rendered("{{ x|title }}", ["x": "\u{1C5}x \u{1C5}X"]) == "\u{1C5}x \u{1C5}x")
        #expect(try rendered("{{ x|lower }}|{{ x|upper }}", ["x": 123]) == "123|123")
    }

    @Test func makeList() throws {
        #expect(try renderedUnescaped("{{ a|make_list }}", ["a": SafeString("&")]) == "['&']")
        #expect(try rendered("{{ a|make_list }}", ["a": SafeString("&")]) == "[&#x27;&amp;&#x27;]")
        #expect(try renderedUnescaped("{{ a|make_list|stringformat:\"s\"|safe }}", ["a": SafeString("&")]) == "['&']")
        #expect(try rendered("{{ a|make_list|length }}", ["a": 1234]) == "4")
    }

    @Test func phone2numeric() throws {
        let values: [String: Any] = ["a": "<1-800-call-me>", "b": SafeString("<1-800-call-me>")]
        #expect(try rendered("{{ a|phone2numeric }} {{ b|phone2numeric }}", values) == "&lt;1-800-2255-63&gt; <1-800-2255-63>")
        #expect(try renderedUnescaped("{{ a|phone2numeric }} {{ b|phone2numeric }}", values) == "<1-800-2255-63> <1-800-2255-63>")
        #expect(try renderedUnescaped("{{ a|phone2numeric }}", ["a": "How razorback-jumping frogs can level six piqued gymnasts!"])
            == "469 729672225-5867464 37647 226 53835 749 747833 49662787!")
        #expect(try rendered("{{ a|phone2numeric }}", ["a": "0800 flowers"]) == "0800 3569377")
    }

    @Test func slugify() throws {
        let values: [String: Any] = ["a": "a & b", "b": SafeString("a &amp; b")]
        #expect(try renderedUnescaped("{{ a|slugify }} {{ b|slugify }}", values) == "a-b a-amp-b")
        #expect(try rendered("{{ a|slugify }} {{ b|slugify }}", values) == "a-b a-amp-b")
        #expect(try rendered("{{ x|slugify }}", ["x": " Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/"])
            == "jack-jill-like-numbers-123-and-4-and-silly-characters")
        #expect(try rendered("{{ x|slugify }}", ["x": "Un \u{e9}l\u{e9}phant \u{e0} l'or\u{e9}e du bois"]) == "un-elephant-a-loree-du-bois")
        #expect(try rendered("{{ x|slugify }}", ["x": "__strip - leading -- and trailing__"]) == "strip-leading-and-trailing")
        #expect(try rendered("{{ x|slugify }}", ["x": 123]) == "123")
    }

    @Test func wordcount() throws {
        let values: [String: Any] = ["a": "a & b", "b": SafeString("a &amp; b")]
        #expect(try rendered("{{ a|wordcount }} {{ b|wordcount }}", values) == "3 3")
        #expect(try renderedUnescaped("{{ a|wordcount }} {{ b|wordcount }}", values) == "3 3")
        #expect(try rendered("{{ x|wordcount }}", ["x": ""]) == "0")
        #expect(try rendered("{{ x|wordcount }}", ["x": "oneword"]) == "1")
        #expect(try rendered("{{ x|wordcount }}", ["x": "lots of words\n\tand  spaces"]) == "5")
    }

    @Test func wordwrap() throws {
        let values: [String: Any] = ["a": "a & b", "b": SafeString("a & b")]
        #expect(try renderedUnescaped("{{ a|wordwrap:\"3\" }} {{ b|wordwrap:\"3\" }}", values) == "a &\nb a &\nb")
        #expect(try rendered("{{ a|wordwrap:\"3\" }} {{ b|wordwrap:\"3\" }}", values) == "a &amp;\nb a &\nb")
        #expect(try renderedUnescaped("{{ x|wordwrap:14 }}", ["x": "this is a long paragraph of text that really needs to be wrapped I'm afraid"])
            == "this is a long\nparagraph of\ntext that\nreally needs\nto be wrapped\nI'm afraid")
        #expect(try renderedUnescaped("{{ x|wordwrap:14 }}", ["x": "this is a short paragraph of text.\n  But this line should be indented"])
            == "this is a\nshort\nparagraph of\ntext.\n  But this\nline should be\nindented")
        #expect(try renderedUnescaped("{{ x|wordwrap:15 }}", ["x": "this is a short paragraph of text.\n  But this line should be indented"])
            == "this is a short\nparagraph of\ntext.\n  But this line\nshould be\nindented")
        #expect(try rendered("{{ x|wordwrap:5 }}", ["x": 123]) == "123")
        #expect(try rendered("{{ x|wordwrap:3 }}", ["x": "abcdefgh ij"]) == "abcdefgh\nij")
        // Outputs of Python's textwrap.TextWrapper as Django configures it.
        #expect(try rendered("{{ x|wordwrap:10 }}", ["x": "  lead  spaces here and   there"]) == "  lead\nspaces\nhere and\nthere")
        #expect(try rendered("{{ x|wordwrap:10 }}", ["x": "tab\there and\tthere too"]) == "tab\nhere and\nthere too")
        #expect(try rendered("{{ x|wordwrap:10 }}", ["x": "a-b-c-d-e-f-g-h long-hyphen-word x"]) == "a-b-c-d-e-f-g-h\nlong-hyphen-word\nx")
        #expect(try rendered("[{{ x|wordwrap:10 }}]", ["x": "   \nend\n"]) == "[   \nend\n]")
    }

    @Test func truncatechars() throws {
        #expect(try rendered("{{ a|truncatechars:3 }}", ["a": "Testing, testing"]) == "Te\u{2026}")
        #expect(try rendered("{{ a|truncatechars:7 }}", ["a": "Testing"]) == "Testing")
        #expect(try rendered("{{ a|truncatechars:\"e\" }}", ["a": "Testing, testing"]) == "Testing, testing")
        #expect(try rendered("{{ a|truncatechars:3 }}", ["a": "abc"]) == "abc")
        #expect(try rendered("{{ a|truncatechars:5 }} {{ b|truncatechars:5 }}", ["a": "<b>&amp;</b>", "b": SafeString("x &amp; y")])
            == "&lt;b&gt;&amp;\u{2026} x &a\u{2026}")
        #expect(try rendered("[{{ a|truncatechars:0 }}]", ["a": "Testing"]) == "[]")
    }

    @Test func truncatewords() throws {
        let values: [String: Any] = ["a": "alpha & bravo", "b": SafeString("alpha &amp; bravo")]
        #expect(try renderedUnescaped("{{ a|truncatewords:\"2\" }} {{ b|truncatewords:\"2\"}}", values) == "alpha & \u{2026} alpha &amp; \u{2026}")
        #expect(try rendered("{{ a|truncatewords:\"2\" }} {{ b|truncatewords:\"2\"}}", values) == "alpha &amp; \u{2026} alpha &amp; \u{2026}")
        let sentence = ["x": "A sentence with a few words in it"]
        #expect(try rendered("{{ x|truncatewords:1 }}", sentence) == "A \u{2026}")
        #expect(try rendered("{{ x|truncatewords:5 }}", sentence) == "A sentence with a few \u{2026}")
        #expect(try rendered("{{ x|truncatewords:100 }}", sentence) == "A sentence with a few words in it")
        #expect(try rendered("{{ x|truncatewords:\"not a number\" }}", sentence) == "A sentence with a few words in it")
        #expect(try rendered("{{ x|truncatewords:3 }}", ["x": "  spaced\n\nout   words  "]) == "spaced out words")
    }

    @Test func escapejs() throws {
        #expect(try rendered("{{ a|escapejs }}", ["a": "testing\r\njavascript 'string\" <b>escaping</b>"])
            == "testing\\u000D\\u000Ajavascript \\u0027string\\u0022 \\u003Cb\\u003Eescaping\\u003C/b\\u003E")
        #expect(try renderedUnescaped("{{ a|escapejs }}", ["a": "testing\r\njavascript 'string\" <b>escaping</b>"])
            == "testing\\u000D\\u000Ajavascript \\u0027string\\u0022 \\u003Cb\\u003Eescaping\\u003C/b\\u003E")
        #expect(try rendered("{{ a|escapejs }}", ["a": "and lots of whitespace: \r\n\t\u{0B}\u{0C}\u{08}"])
            == "and lots of whitespace: \\u000D\\u000A\\u0009\\u000B\\u000C\\u0008")
        #expect(try rendered("{{ a|escapejs }}", ["a": "paragraph separator:\u{2029}and line separator:\u{2028}"])
            == "paragraph separator:\\u2029and line separator:\\u2028")
        #expect(try rendered("{{ a|escapejs }}", ["a": "`\u{0}=-;"]) == "\\u0060\\u0000\\u003D\\u002D\\u003B")
        #expect(try rendered("{{ a|escapejs }}", ["a": 12]) == "12")
    }

    @Test func iriencode() throws {
        #expect(try rendered("{{ url|iriencode }}", ["url": "?test=1&me=2"]) == "?test=1&amp;me=2")
        #expect(try renderedUnescaped("{{ url|iriencode }}", ["url": "?test=1&me=2"]) == "?test=1&me=2")
        #expect(try rendered("{{ url|iriencode }}", ["url": SafeString("?test=1&me=2")]) == "?test=1&me=2")
        #expect(try rendered("{{ x|iriencode }}", ["x": "S\u{f8}r-Tr\u{f8}ndelag"]) == "S%C3%B8r-Tr%C3%B8ndelag")
        #expect(try rendered("{{ x|iriencode|urlencode }}", ["x": "S\u{f8}r-Tr\u{f8}ndelag"]) == "S%25C3%25B8r-Tr%25C3%25B8ndelag")
        #expect(try rendered("{{ x|iriencode }}", ["x": 42]) == "42")
    }

    @Test func urlencode() throws {
        #expect(try rendered("{{ url|urlencode }}", ["url": "/test&\"/me?/"]) == "/test%26%22/me%3F/")
        #expect(try rendered("/test/{{ urlbit|urlencode:\"\" }}/", ["urlbit": "escape/slash"]) == "/test/escape%2Fslash/")
        #expect(try rendered("{{ x|urlencode }}", ["x": "fran\u{e7}ois & jill"]) == "fran%C3%A7ois%20%26%20jill")
        #expect(try rendered("{{ x|urlencode:\"&\" }}", ["x": "a&b c"]) == "a&amp;b%20c")
        #expect(try rendered("{{ x|urlencode }}", ["x": 1]) == "1")
    }
}
