import Templates
import Testing

/// Expected strings from Django's tests/template_tests/filter_tests.
@Suite("Filters: HTML")
struct HTMLFiltersTests {
    @Test func escape() throws {
        let values: [String: Any] = ["a": "x&y", "b": SafeString("x&y")]
        #expect(try rendered("{{ a|escape }} {{ b|escape }}", values) == "x&amp;y x&y")
        #expect(try renderedUnescaped("{{ a|escape }} {{ b|escape }}", values) == "x&amp;y x&y")
        #expect(try rendered("{{ a|escape|escape }}", values) == "x&amp;y")
        #expect(try rendered("{{ a|escape|force_escape }}", values) == "x&amp;amp;y")
        #expect(try rendered("{{ a|escape }}", ["a": 123]) == "123")
    }

    @Test func forceEscape() throws {
        let values: [String: Any] = ["a": "x&y", "b": SafeString("x&y")]
        #expect(try renderedUnescaped("{{ a|force_escape }}", values) == "x&amp;y")
        #expect(try rendered("{{ a|force_escape }} {{ b|force_escape }}", values) == "x&amp;y x&amp;y")
        #expect(try renderedUnescaped("{{ a|force_escape|force_escape }}", values) == "x&amp;amp;y")
        #expect(try renderedUnescaped("{{ a|force_escape|escape }}", values) == "x&amp;y")
        #expect(try rendered("{{ a|force_escape }}", ["a": Optional<Int>.none as Any]) == "None")
    }

    @Test func safe() throws {
        #expect(try rendered("{{ a }} -- {{ a|safe }}", ["a": "<b>hello</b>"]) == "&lt;b&gt;hello&lt;/b&gt; -- <b>hello</b>")
        #expect(try renderedUnescaped("{{ a }} -- {{ a|safe }}", ["a": "<b>hello</b>"]) == "<b>hello</b> -- <b>hello</b>")
        #expect(try rendered("{{ a|safe }}", ["a": 1]) == "1")
    }

    @Test func safeseqAndEscapeseq() throws {
        #expect(try rendered("{{ a|join:\", \" }} -- {{ a|safeseq|join:\", \" }}", ["a": ["&", "<"]]) == "&amp;, &lt; -- &, <")
        #expect(try renderedUnescaped("{{ a|join:\", \" }} -- {{ a|safeseq|join:\", \" }}", ["a": ["&", "<"]]) == "&, < -- &, <")
        let values: [String: Any] = ["a": ["x&y", "<p>"], "b": [SafeString("x&y"), SafeString("<p>")]]
        #expect(try rendered("{{ a|escapeseq|join:\", \" }} -- {{ b|escapeseq|join:\", \" }}", values) == "x&amp;y, &lt;p&gt; -- x&y, <p>")
        #expect(try renderedUnescaped("{{ a|escapeseq|join:\", \" }} -- {{ b|escapeseq|join:\", \" }}", values) == "x&amp;y, &lt;p&gt; -- x&y, <p>")
        #expect(try rendered("{{ a|escapeseq|join:\"<br/>\" }}", values) == "x&amp;y<br/>&lt;p&gt;")
        #expect(try rendered("{{ a|safeseq|join:\"\" }}|{{ a|escapeseq|length }}", ["a": [Any]()]) == "|0")
    }

    @Test func linebreaks() throws {
        let values: [String: Any] = ["a": "x&\ny", "b": SafeString("x&\ny")]
        #expect(try rendered("{{ a|linebreaks }} {{ b|linebreaks }}", values) == "<p>x&amp;<br>y</p> <p>x&<br>y</p>")
        #expect(try renderedUnescaped("{{ a|linebreaks }} {{ b|linebreaks }}", values) == "<p>x&<br>y</p> <p>x&<br>y</p>")
        #expect(try rendered("{{ a|linebreaks }}", ["a": "line 1"]) == "<p>line 1</p>")
        #expect(try rendered("{{ a|linebreaks }}", ["a": "line 1\r\nline 2\rline 3"]) == "<p>line 1<br>line 2<br>line 3</p>")
        #expect(try rendered("{{ a|linebreaks }}", ["a": "para 1\n\n\npara 2\n"]) == "<p>para 1</p>\n\n<p>para 2<br></p>")
        #expect(try rendered("{{ a|linebreaks }}", ["a": 123]) == "<p>123</p>")
    }

    @Test func linebreaksbr() throws {
        let values: [String: Any] = ["a": "x&\ny", "b": SafeString("x&\ny")]
        #expect(try rendered("{{ a|linebreaksbr }} {{ b|linebreaksbr }}", values) == "x&amp;<br>y x&<br>y")
        #expect(try renderedUnescaped("{{ a|linebreaksbr }} {{ b|linebreaksbr }}", values) == "x&<br>y x&<br>y")
        #expect(try rendered("{{ a|linebreaksbr }}", ["a": "line 1\r\nline 2\rline 3"]) == "line 1<br>line 2<br>line 3")
        #expect(try rendered("{{ a|linebreaksbr }}", ["a": 123]) == "123")
    }

    @Test func linenumbers() throws {
        let values: [String: Any] = ["a": "one\n<two>\nthree", "b": SafeString("one\n&lt;two&gt;\nthree")]
        #expect(try rendered("{{ a|linenumbers }} {{ b|linenumbers }}", values)
            == "1. one\n2. &lt;two&gt;\n3. three 1. one\n2. &lt;two&gt;\n3. three")
        #expect(try renderedUnescaped("{{ a|linenumbers }} {{ b|linenumbers }}", values)
            == "1. one\n2. <two>\n3. three 1. one\n2. &lt;two&gt;\n3. three")
        let ten = Array(repeating: "x", count: 10).joined(separator: "\n")
        #expect(try rendered("{{ a|linenumbers }}", ["a": ten])
            == "01. x\n02. x\n03. x\n04. x\n05. x\n06. x\n07. x\n08. x\n09. x\n10. x")
        #expect(try rendered("{{ a|linenumbers }}", ["a": 123]) == "1. 123")
    }

    @Test func striptags() throws {
        let html = "<a>x</a> <p><b>y</b></p>"
        #expect(try rendered("{{ a|striptags }} {{ b|striptags }}", ["a": html, "b": SafeString(html)]) == "x y x y")
        #expect(try renderedUnescaped("{{ a|striptags }} {{ b|striptags }}", ["a": html, "b": SafeString(html)]) == "x y x y")
        let text = "some <b>html</b> with <script>alert(\"You smell\")</script> disallowed <img /> tags"
        #expect(try renderedUnescaped("{{ a|striptags }}", ["a": text]) == "some html with alert(\"You smell\") disallowed  tags")
        #expect(try rendered("{{ a|striptags }}", ["a": text]) == "some html with alert(&quot;You smell&quot;) disallowed  tags")
        #expect(try rendered("{{ a|striptags }}", ["a": SafeString("a < b &amp; <!-- c --><br>d")]) == "a < b &amp; d")
        #expect(try rendered("{{ a|striptags }}", ["a": SafeString("<style>a<b{}</STYLE>x")]) == "a<b{}x")
        #expect(try rendered("{{ a|striptags }}", ["a": 123]) == "123")
    }

    @Test func unorderedList() throws {
        #expect(try rendered("{{ a|unordered_list }}", ["a": ["x>", ["<y"]] as [Any]])
            == "\t<li>x&gt;\n\t<ul>\n\t\t<li>&lt;y</li>\n\t</ul>\n\t</li>")
        #expect(try renderedUnescaped("{{ a|unordered_list }}", ["a": ["x>", ["<y"]] as [Any]])
            == "\t<li>x>\n\t<ul>\n\t\t<li><y</li>\n\t</ul>\n\t</li>")
        #expect(try rendered("{{ a|unordered_list }}", ["a": ["x>", [SafeString("<y")]] as [Any]])
            == "\t<li>x&gt;\n\t<ul>\n\t\t<li><y</li>\n\t</ul>\n\t</li>")
        #expect(try rendered("{{ a|unordered_list }}", ["a": ["item 1", "item 2"]]) == "\t<li>item 1</li>\n\t<li>item 2</li>")
        let nested: [Any] = ["item 1", ["item 1.1", ["item 1.1.1", ["item 1.1.1.1"]]] as [Any]]
        #expect(try rendered("{{ a|unordered_list }}", ["a": nested])
            == "\t<li>item 1\n\t<ul>\n\t\t<li>item 1.1\n\t\t<ul>\n\t\t\t<li>item 1.1.1\n\t\t\t<ul>\n\t\t\t\t<li>item 1.1.1.1</li>\n\t\t\t</ul>\n\t\t\t</li>\n\t\t</ul>\n\t\t</li>\n\t</ul>\n\t</li>")
        #expect(try rendered("{{ a|unordered_list }}", ["a": ["item 1", [Any](), "item 2"] as [Any]]) == "\t<li>item 1</li>\n\t<li>item 2</li>")
        #expect(try rendered("[{{ a|unordered_list }}]", ["a": [Any]()]) == "[]")
    }

    @Test func jsonScript() throws {
        let value = TemplateDictionary([("a", "testing\r\njson 'string\" <b>escaping</b>")])
        #expect(try rendered("{{ value|json_script:\"test_id\" }}", ["value": value])
            == "<script id=\"test_id\" type=\"application/json\">{\"a\": \"testing\\r\\njson 'string\\\" \\u003Cb\\u003Eescaping\\u003C/b\\u003E\"}</script>")
        #expect(try rendered("{{ value|json_script }}", ["value": [String: Any]()]) == "<script type=\"application/json\">{}</script>")
        let mixed = TemplateDictionary([("n", 1), ("f", 1.5), ("t", true), ("z", Optional<Int>.none as Any), ("l", [1, "\u{e9}&"] as [Any])])
        #expect(try renderedUnescaped("{{ value|json_script:id }}", ["value": mixed, "id": "\"x\""])
            == "<script id=\"&quot;x&quot;\" type=\"application/json\">{\"n\": 1, \"f\": 1.5, \"t\": true, \"z\": null, \"l\": [1, \"\\u00e9\\u0026\"]}</script>")
        #expect(try rendered("{{ value|json_script }}", ["value": Optional<String>.none as Any]) == "<script type=\"application/json\">null</script>")
        // Python's json.dumps output.
        #expect(try rendered("{{ value|json_script }}", ["value": ["a": "\u{e9}\u{2028}\u{1F600}\u{01}\u{7F}\u{08}\u{0C}/"]])
            == "<script type=\"application/json\">{\"a\": \"\\u00e9\\u2028\\ud83d\\ude00\\u0001\\u007f\\b\\f/\"}</script>")
        #expect(try rendered("{{ value|json_script }}", ["value": [1e16, 1.5, -0.0, 1e-7, true, Optional<Int>.none as Any] as [Any]])
            == "<script type=\"application/json\">[1e+16, 1.5, -0.0, 1e-07, true, null]</script>")
    }

    @Test func truncatecharsHTML() throws {
        let html = "<p>one <a href=\"#\">two - three <br>four</a> five</p>"
        #expect(try rendered("[{{ a|truncatechars_html:0 }}]", ["a": SafeString(html)]) == "[]")
        #expect(try rendered("{{ a|truncatechars_html:4 }}", ["a": SafeString(html)]) == "<p>one\u{2026}</p>")
        #expect(try rendered("{{ a|truncatechars_html:9 }}", ["a": SafeString(html)]) == "<p>one <a href=\"#\">two \u{2026}</a></p>")
        #expect(try rendered("{{ a|truncatechars_html:100 }}", ["a": SafeString(html)]) == html)
        #expect(try rendered("{{ a|truncatechars_html:3 }}", ["a": SafeString("a<b>b</b>c")]) == "a<b>b</b>c")
        // Text ending the input exactly at the limit is kept; otherwise room is left for "…".
        #expect(try rendered("{{ a|truncatechars_html:3 }}", ["a": SafeString("<p>abc</p>")]) == "<p>ab\u{2026}</p>")
        #expect(try rendered("{{ a|truncatechars_html:3 }}", ["a": SafeString("a&amp;b")]) == "a&amp;\u{2026}")
        #expect(try rendered("{{ a|truncatechars_html:5 }}", ["a": SafeString("<b>\u{c5}ng</b>strom was here")]) == "<b>\u{c5}ng</b>s\u{2026}")
        #expect(try rendered("{{ a|truncatechars_html:4 }}", ["a": SafeString("<p>x<!-- c --><i>yz</i>w and more</p>")]) == "<p>x<i>yz</i>\u{2026}</p>")
        // Unsafe input stays unsafe: the tags come out escaped.
        #expect(try rendered("{{ a|truncatechars_html:2 }}", ["a": "<b>xyz</b>"]) == "&lt;b&gt;x\u{2026}&lt;/b&gt;")
        #expect(try rendered("{{ a|truncatechars_html:\"x\" }}", ["a": SafeString("<p>string</p>")]) == "<p>string</p>")
    }

    @Test func truncatewordsHTML() throws {
        let html = "<p>one <a href=\"#\">two - three <br>four</a> five</p>"
        #expect(try rendered("[{{ a|truncatewords_html:0 }}]", ["a": SafeString(html)]) == "[]")
        #expect(try rendered("{{ a|truncatewords_html:2 }}", ["a": SafeString(html)]) == "<p>one <a href=\"#\">two \u{2026}</a></p>")
        #expect(try rendered("{{ a|truncatewords_html:4 }}", ["a": SafeString(html)]) == "<p>one <a href=\"#\">two - three <br> \u{2026}</a></p>")
        #expect(try rendered("{{ a|truncatewords_html:5 }}", ["a": SafeString(html)]) == "<p>one <a href=\"#\">two - three <br>four</a> \u{2026}</p>")
        #expect(try rendered("{{ a|truncatewords_html:100 }}", ["a": SafeString(html)]) == html)
        #expect(try rendered("{{ a|truncatewords_html:1 }}", ["a": "\u{c5}ngstr\u{f6}m was here"]) == "\u{c5}ngstr\u{f6}m \u{2026}")
        #expect(try rendered("{{ a|truncatewords_html:3 }}", ["a": SafeString("<i>Buenos d&iacute;as! &#x00bf;C&oacute;mo est&aacute;?</i>")])
            == "<i>Buenos d\u{ed}as! \u{bf}C\u{f3}mo \u{2026}</i>")
        #expect(try rendered("{{ a|truncatewords_html:1 }}", ["a": "<b>x y</b>"]) == "&lt;b&gt;x \u{2026}&lt;/b&gt;")
        #expect(try rendered("{{ a|truncatewords_html:\"a\" }}", ["a": SafeString("<p>string</p>")]) == "<p>string</p>")
    }
}
