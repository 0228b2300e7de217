import Templates
import Testing

@Suite("Tags: with, cycle, firstof, ifchanged, spaceless, widthratio, filter, regroup")
struct OutputTagTests {
    func r(_ source: String, _ values: [String: Any] = [:]) throws -> String { try TagHarness.render(source, values) }

    @Test func with() throws {
        let dict: [String: Any] = ["dict": ["key": 50]]
        #expect(try r("{% with key=dict.key %}{{ key }}{% endwith %}", dict) == "50")
        #expect(try r("{{ key }}{% with key=dict.key %}{{ key }}-{{ dict.key }}-{{ key }}{% endwith %}{{ key }}", dict) == "50-50-50")
        #expect(try r("{% with dict.key as key %}{{ key }}{% endwith %}", dict) == "50")
        #expect(try r("{% with a=1 b='x' %}{{ a }}{{ b }}{% endwith %}") == "1x")
        #expect(try r("{% with 1 as a and 2 as b %}{{ a }}{{ b }}{% endwith %}") == "12")
        #expect(try r("{% with v=None %}{% if v is None %}none{% endif %}{% endwith %}") == "none")
        TagHarness.expectSyntaxError("{% with %}{% endwith %}", "'with' expected at least one variable assignment")
        TagHarness.expectSyntaxError("{% with dict.key xx key %}{% endwith %}", "'with' expected at least one variable assignment")
        TagHarness.expectSyntaxError("{% with a=1 b %}{% endwith %}", "'with' received an invalid token: 'b'")
        TagHarness.expectSyntaxError("{% with dict.key as %}{{ key }}{% endwith %}", "'with' expected at least one variable assignment", dict)
        TagHarness.expectSyntaxError("{% with a=1 %}", "Unclosed tag on line 1: 'with'. Looking for one of: endwith.")
        #expect(try r("{% with a=alpha b=beta %}{{ a }}{{ b }}{% endwith %}", ["alpha": "A", "beta": "B"]) == "AB")
        #expect(try r("{% with a=x %}{% with a=y %}{{ a }}{% endwith %}{{ a }}{% endwith %}", ["x": 1, "y": 2]) == "21")
    }

    @Test func cycle() throws {
        #expect(try r("{% for i in test %}{% cycle 'a' 'b' %}{{ i }},{% endfor %}", ["test": [0, 1, 2, 3, 4]]) == "a0,b1,a2,b3,a4,")
        #expect(try r("{% cycle 'a' 'b' 'c' as foo %}{% cycle foo %}{% cycle foo %}{% cycle foo %}") == "abca")
        // Django 6.1 no longer reads comma-separated values (test_cycle07).
        TagHarness.expectSyntaxError("{% cycle a,b,c as abc %}{% cycle abc %}", "Could not parse the remainder: ',b,c' from 'a,b,c'")
        #expect(try r("{% for x in values %}{% cycle 'red' 'blue' as color silent %}{{ color }}{% endfor %}", ["values": [1, 2, 3]]) == "redbluered")
        #expect(try r("{% cycle one two as foo %} {% cycle foo %}", ["one": "A", "two": "<B>"]) == "A &lt;B&gt;")
        #expect(try r("{% for i in test %}{% cycle 'a' 'b' %}{% resetcycle %}{% endfor %}", ["test": [0, 1, 2]]) == "aaa")
        #expect(try r("{% for i in o %}{% for j in i %}{% cycle 'x' 'y' 'z' as c %}{% endfor %}{% resetcycle c %}|{% endfor %}", ["o": [[1, 2], [3]]]) == "xy|x|")
        // Each render starts the cycle over.
        let template = try TagHarness.engine.fromString("{% for i in test %}{% cycle 'a' 'b' 'c' %}{% endfor %}")
        #expect(try template.render(["test": [1, 2]]) == "ab")
        #expect(try template.render(["test": [1, 2]]) == "ab")
    }

    @Test func cycleEscapingAndNames() throws {
        #expect(try r("{% cycle one two as foo %}{% cycle foo %}", ["one": "1", "two": "2"]) == "12")
        #expect(try r("{% for i in test %}{% cycle aye bee %}{{ i }},{% endfor %}", ["test": [0, 1, 2], "aye": "a", "bee": "b"]) == "a0,b1,a2,")
        #expect(try r("{% cycle one|lower two as foo %}{% cycle foo %}", ["one": "A", "two": "2"]) == "a2")
        #expect(try r("{% cycle 'a' 'b' 'c' as abc silent %}{% cycle abc %}{% cycle abc %}{% cycle abc %}{% cycle abc %}") == "")
        #expect(try r("{% cycle 'a' 'b' as silent %}{% cycle silent %}") == "ab")
        let amp: [String: Any] = ["one": "A & B", "two": "C & D"]
        #expect(try r("{% cycle one two as foo %} &amp; {% cycle foo %}", amp) == "A &amp; B &amp; C &amp; D")
        #expect(try r("{% filter force_escape %}{% cycle one two as foo %} & {% cycle foo %}{% endfilter %}", amp) == "A &amp;amp; B &amp; C &amp;amp; D")
        #expect(try r("{% for x in values %}{% cycle 'a' 'b' 'c' as abc silent %}{{ x }}{% endfor %}", ["values": [1, 2, 3, 4]]) == "1234")
        #expect(try r("{% for x in values %}{% cycle 'a' 'b' 'c' as abc silent %}{{ abc }}{{ x }}{% endfor %}", ["values": [1, 2, 3, 4]]) == "a1b2c3a4")
        #expect(try r("{% cycle a as abc %}", ["a": "<"]) == "&lt;")
        #expect(try r("{% cycle a b as ab %}{% cycle ab %}", ["a": "<", "b": ">"]) == "&lt;&gt;")
        #expect(try r("{% autoescape off %}{% cycle a b as ab %}{% cycle ab %}{% endautoescape %}", ["a": "<", "b": ">"]) == "<>")
        #expect(try r("{% cycle a|safe b as ab %}{% cycle ab %}", ["a": "<", "b": ">"]) == "<&gt;")
    }

    @Test func cycleErrors() {
        TagHarness.expectSyntaxError("{% cycle %}", "'cycle' tag requires at least two arguments")
        TagHarness.expectSyntaxError("{% cycle foo %}", "No named cycles in template. 'foo' is not defined")
        TagHarness.expectSyntaxError("{% cycle 'a' 'b' as x %}{% cycle y %}", "Named cycle 'y' does not exist")
        TagHarness.expectSyntaxError("{% cycle 'a' 'b' as x bogus %}", "Only 'silent' flag is allowed after cycle's name, not 'bogus'.")
        TagHarness.expectSyntaxError("{% resetcycle %}", "No cycles in template.")
        TagHarness.expectSyntaxError("{% cycle 'a' 'b' %}{% resetcycle undefined %}", "Named cycle 'undefined' does not exist.")
        TagHarness.expectSyntaxError("{% cycle 'a' 'b' %}{% resetcycle a b %}", "'resetcycle' tag accepts at most one argument.")
    }

    @Test func firstof() throws {
        let t = "{% firstof a b c %}"
        #expect(try r(t, ["a": 0, "b": 0, "c": 0]) == "")
        #expect(try r(t, ["a": 1, "b": 0, "c": 0]) == "1")
        #expect(try r(t, ["a": 0, "b": 2, "c": 0]) == "2")
        #expect(try r(t, ["a": 0, "b": 0, "c": 3]) == "3")
        #expect(try r("{% firstof a b 'c and d' %}", ["a": 0]) == "c and d")
        #expect(try r("{% firstof a %}", ["a": "<"]) == "&lt;")
        #expect(try r("{% firstof a b c as myvar %}[{{ myvar }}]", ["a": 0, "b": 2]) == "[2]")
        #expect(try r("{% firstof a b c %}", ["a": 1, "b": 2, "c": 3]) == "1")
        #expect(try r("{% firstof a b %}", ["a": "<", "b": ">"]) == "&lt;")
        #expect(try r("{% firstof a b %}", ["a": "", "b": ">"]) == "&gt;")
        #expect(try r("{% autoescape off %}{% firstof a %}{% endautoescape %}", ["a": "<"]) == "<")
        #expect(try r("{% firstof a|safe b %}", ["a": "<"]) == "<")
        #expect(try r("{% firstof a b c as myvar %}[{{ myvar }}]", ["a": 0, "b": 0, "c": 0]) == "[]")
        #expect(try r("{% firstof a b c as myvar %}", ["a": 0, "b": 2]) == "")
        TagHarness.expectSyntaxError("{% firstof %}", "'firstof' statement requires at least one argument")
    }

    @Test func ifchanged() throws {
        let t = "{% for n in num %}{% ifchanged %}{{ n }}{% endifchanged %}{% endfor %}"
        #expect(try r(t, ["num": [1, 2, 3]]) == "123")
        #expect(try r(t, ["num": [1, 1, 3]]) == "13")
        let nested = "{% for n in num %}{% ifchanged %}{{ n }}{% endifchanged %}{% for x in numx %}{% ifchanged %}{{ x }}{% endifchanged %}{% endfor %}{% endfor %}"
        #expect(try r(nested, ["num": [1, 2, 3], "numx": [2, 2, 2]]) == "122232")
        #expect(try r(nested, ["num": [1, 1, 1], "numx": [1, 2, 3]]) == "1123123123")
        let param = "{% for n in num %}{% for x in numx %}{% ifchanged n %}..{% endifchanged %}{{ x }}{% endfor %}{% endfor %}"
        #expect(try r(param, ["num": [1, 2], "numx": [5, 6, 7]]) == "..567..567")
        let elseT = "{% for id in ids %}{{ id }}{% ifchanged id %}-first{% else %}-other{% endifchanged %},{% endfor %}"
        #expect(try r(elseT, ["ids": [1, 1, 2, 2, 2, 3]]) == "1-first,1-other,2-first,2-other,2-other,3-first,")
        let else4 = "{% for id in ids %}{% ifchanged %}***{{ id }}*{% else %}...{% endifchanged %}{{ forloop.counter }}{% endfor %}"
        #expect(try r(else4, ["ids": [1, 1, 2, 2, 2, 3, 4]]) == "***1*1...2***2*3...4...5***3*6***4*7")
        let three = "{% for n in num %}{% ifchanged %}{{ n }}{% endifchanged %}{% for x in numx %}{% ifchanged %}{{ x }}{% endifchanged %}{% for y in numy %}{% ifchanged %}{{ y }}{% endifchanged %}{% endfor %}{% endfor %}{% endfor %}"
        #expect(try r(three, ["num": [1, 1, 1], "numx": [2, 2, 2], "numy": [3, 3, 3]]) == "1233323332333")
        let datalist: [Any] = [[[1, "a"], [1, "a"], [0, "b"], [1, "c"]], [[0, "a"], [1, "c"], [1, "d"], [1, "d"], [0, "e"]]]
        #expect(try r("{% for data in datalist %}{% for c,d in data %}{% if c %}{% ifchanged %}{{ d }}{% endifchanged %}{% endif %}{% endfor %}{% endfor %}", ["datalist": datalist]) == "accd")
        #expect(try r("{% for n in num %}{{ n }}{% for x in numx %}{% ifchanged x n %}{{ x }}{% endifchanged %}{% endfor %}{% endfor %}", ["num": [1, 1, 2], "numx": [5, 6, 6]]) == "156156256")
        let days: [Any] = [["hours": [1, 2, 3], "day": 1], ["hours": [3], "day": 2]]
        #expect(try r("{% for d in days %}{% ifchanged %}{{ d.day }}{% endifchanged %}{% for h in d.hours %}{% ifchanged d h %}{{ h }}{% endifchanged %}{% endfor %}{% endfor %}", ["days": days]) == "112323")
        #expect(try r("{% for d in days %}{% ifchanged d.day %}{{ d.day }}{% endifchanged %}{% for h in d.hours %}{% ifchanged d.day h %}{{ h }}{% endifchanged %}{% endfor %}{% endfor %}", ["days": days]) == "112323")
        // Equal dictionaries are unchanged, as Python compares them by content.
        let same: [Any] = [["a": 1], ["a": 1], ["a": 2]]
        #expect(try r("{% for d in ds %}{% ifchanged d %}x{% else %}-{% endifchanged %}{% endfor %}", ["ds": same]) == "x-x")
        #expect(try r("{% for id in ids %}{{ id }}-{% ifchanged id %}{% cycle \"red\" \"blue\" %}{% else %}grey{% endifchanged %},{% endfor %}", ["ids": [1, 1, 2, 2, 2, 3]]) == "1-red,1-grey,2-blue,2-grey,2-grey,3-red,")
        #expect(try r("{% for n in num %}{% ifchanged n|noop:\"x y\" %}..{% endifchanged %}{{ n }}{% endfor %}", ["num": [1, 2, 3]]) == "..1..2..3")
        // The content renders once (#19890).
        #expect(try r("{% ifchanged %}{% cycle \"1st time\" \"2nd time\" %}{% endifchanged %}") == "1st time")
        // Outside a loop the state lives for the render.
        #expect(try r("{% ifchanged %}a{% endifchanged %}{% ifchanged %}a{% endifchanged %}") == "aa")
    }

    @Test func spaceless() throws {
        #expect(try r("{% spaceless %} <b>    <i> text </i>    </b> {% endspaceless %}") == "<b><i> text </i></b>")
        #expect(try r("{% spaceless %} <b> \n <i> text </i> \n </b> {% endspaceless %}") == "<b><i> text </i></b>")
        #expect(try r("{% spaceless %}<b><i>text</i></b>{% endspaceless %}") == "<b><i>text</i></b>")
        #expect(try r("{% spaceless %}<b>   <i>{{ text }}</i>  </b>{% endspaceless %}", ["text": "This & that"]) == "<b><i>This &amp; that</i></b>")
        #expect(try r("{% autoescape off %}{% spaceless %}<b>   <i>{{ text }}</i>  </b>{% endspaceless %}{% endautoescape %}", ["text": "This & that"]) == "<b><i>This & that</i></b>")
        #expect(try r("{% spaceless %}<a> x </a>{% endspaceless %}") == "<a> x </a>")
    }

    @Test func widthratio() throws {
        let t = "{% widthratio a b 100 %}"
        #expect(try r("{% widthratio a b 0 %}", ["a": 50, "b": 100]) == "0")
        #expect(try r(t, ["a": 0, "b": 0]) == "0")
        #expect(try r(t, ["a": 0, "b": 100]) == "0")
        #expect(try r(t, ["a": 50, "b": 100]) == "50")
        #expect(try r(t, ["a": 100, "b": 100]) == "100")
        #expect(try r(t, ["a": 50, "b": 80]) == "62")  // 62.5 rounds half to even
        #expect(try r(t, ["a": 50, "b": 70]) == "71")
        #expect(try r(t, ["a": 175, "b": 200]) == "88")  // 87.5 rounds to even 88
        #expect(try r("{% widthratio a b 100.0 %}", ["a": 50, "b": 100]) == "50")
        #expect(try r("{% widthratio a b c %}", ["a": 50, "b": 100, "c": 100]) == "50")
        #expect(try r(t, ["a": "a", "b": 100]) == "")
        #expect(try r(t, ["a": 50, "b": "b"]) == "")
        #expect(try r(t, ["a": Double.infinity, "b": 2]) == "")
        #expect(try r("{% widthratio a b 100 as variable %}-{{ variable }}-", ["a": 50, "b": 100]) == "-50-")
        #expect(try r("{% widthratio 0 0 0 as var %}-{{ var }}-") == "-0-")
        #expect(try r("{% widthratio 'a' 'b' 0 as var %}-{{ var }}-") == "--")
        TagHarness.expectSyntaxError("{% widthratio %}", "widthratio takes at least three arguments")
        TagHarness.expectSyntaxError("{% widthratio a b %}", "widthratio takes at least three arguments")
        TagHarness.expectSyntaxError("{% widthratio a b 100 as %}", "widthratio takes at least three arguments")
        TagHarness.expectSyntaxError("{% widthratio a b 100 not_as variable %}", "Invalid syntax in widthratio tag. Expecting 'as' keyword")
        TagHarness.expectSyntaxError("{% widthratio a b c %}", "widthratio final argument must be a number", ["a": 50, "b": 100, "c": "c"])
        TagHarness.expectSyntaxError("{% widthratio a b c %}", "widthratio final argument must be a number", ["a": 50, "b": 100])
    }

    @Test func filter() throws {
        #expect(try r("{% filter force_escape %}<b>{% endfilter %}") == "&lt;b&gt;")
        #expect(try r("{% filter lower %}ABC {{ x }}{% endfilter %}", ["x": "DEF"]) == "abc def")
        #expect(try r("{% filter force_escape|upper %}<b>{% endfilter %}") == "&LT;B&GT;")
        #expect(try r("{% filter lower %}{{ x }}{% endfilter %}", ["x": "<B>"]) == "&lt;b&gt;")
        TagHarness.expectSyntaxError("{% filter escape %}x{% endfilter %}", "\"filter escape\" is not permitted. Use the \"autoescape\" tag instead.")
        TagHarness.expectSyntaxError("{% filter lower|safe %}x{% endfilter %}", "\"filter safe\" is not permitted. Use the \"autoescape\" tag instead.")
        TagHarness.expectSyntaxError("{% filter nosuch %}x{% endfilter %}", "Invalid filter: 'nosuch'")
        TagHarness.expectSyntaxError("{% filter %}x{% endfilter %}", "'filter' tag requires at least one filter")
        TagHarness.expectSyntaxError("{% filter lower %}x", "Unclosed tag on line 1: 'filter'. Looking for one of: endfilter.")
    }

    @Test func regroup() throws {
        let data: [Any] = [
            ["foo": "c", "bar": 1], ["foo": "d", "bar": 1], ["foo": "a", "bar": 2], ["foo": "b", "bar": 2], ["foo": "x", "bar": 3],
        ]
        let t = "{% regroup data by bar as grouped %}{% for group in grouped %}{{ group.grouper }}:{% for item in group.list %}{{ item.foo }}{% endfor %},{% endfor %}"
        #expect(try r(t, ["data": data]) == "1:cd,2:ab,3:x,")
        #expect(try r(t) == "")
        let unpack = "{% regroup data by bar as grouped %}{% for grouper, group in grouped %}{{ grouper }}:{% for item in group %}{{ item.foo }}{% endfor %},{% endfor %}"
        #expect(try r(unpack, ["data": data]) == "1:cd,2:ab,3:x,")
        // Only consecutive items group together.
        let scattered: [Any] = [["k": "a"], ["k": "b"], ["k": "a"]]
        #expect(try r("{% regroup d by k as g %}{% for x in g %}{{ x.grouper }}{% endfor %}", ["d": scattered]) == "aba")
        // The key may go through filters (Django's regroup03/04).
        let cased: [Any] = [["foo": "x", "bar": "a"], ["foo": "y", "bar": "A"], ["foo": "z", "bar": "b"]]
        #expect(try r("{% regroup data by bar|upper as g %}{% for group in g %}{{ group.grouper }}:{% for i in group.list %}{{ i.foo }}{% endfor %},{% endfor %}", ["data": cased]) == "A:xy,B:z,")
        let lists: [Any] = [["foo": "x", "bar": ["ab", "c"]], ["foo": "y", "bar": ["ab", "c"]], ["foo": "z", "bar": ["a", "d"]]]
        #expect(try r("{% regroup data by bar as g %}{% for group in g %}{% for i in group.list %}{{ i.foo }}{% endfor %},{% endfor %}", ["data": lists]) == "xy,z,")
        TagHarness.expectSyntaxError("{% regroup data by bar as grouped toomanyargs %}", "'regroup' tag takes five arguments")
        TagHarness.expectSyntaxError("{% regroup data by bar as %}", "'regroup' tag takes five arguments")
        TagHarness.expectSyntaxError("{% regroup data thisaintright bar as grouped %}", "second argument to 'regroup' tag must be 'by'")
        TagHarness.expectSyntaxError("{% regroup data by bar thisaintright grouped %}", "next-to-last argument to 'regroup' tag must be 'as'")
    }
}

@Suite("Tags: state per render")
struct TagStateTests {
    /// One compiled template rendered from many tasks at once: cycle, ifchanged and partial
    /// state belongs to each render, never to the shared nodes.
    @Test func concurrentRendersKeepTheirOwnState() async throws {
        let template = try TagHarness.engine.fromString(
            "{% partialdef row %}{% cycle 'a' 'b' 'c' %}{% ifchanged n %}{{ n }}{% endifchanged %}{% endpartialdef %}"
                + "{% for n in ns %}{% partial row %}{% endfor %}")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<40 {
                group.addTask { try template.render(["ns": [1, 1, 2, 2, 3]]) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outputs.count == 40)
        #expect(Set(outputs) == ["a1bc2ab3"])
    }
}
