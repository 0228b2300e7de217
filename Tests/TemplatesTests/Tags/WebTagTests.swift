import Templates
import Testing

/// A stand-in for a request whose GET is a QueryDict.
struct FakeQueryDict: QueryStringSource {
    var queryItems: [(String, [String])]
}

struct FakeRequest {
    var GET: FakeQueryDict
}

struct ReverseFailed: Error {}

@Suite("Tags: querystring, partials, csrf_token, url")
struct WebTagTests {
    func r(_ source: String, _ values: [String: Any] = [:]) throws -> String { try TagHarness.render(source, values) }

    func request(_ items: [(String, [String])]) -> FakeRequest { FakeRequest(GET: FakeQueryDict(queryItems: items)) }

    @Test func querystring() throws {
        #expect(try r("{% querystring %}", ["request": request([])]) == "?")
        #expect(try r("{% querystring a=1 %}", ["request": request([])]) == "?a=1")
        #expect(try r("{% querystring a=1 %}", ["request": request([("x", ["y"])])]) == "?x=y&amp;a=1")
        #expect(try r("{% querystring a=2 %}", ["request": request([("a", ["1"]), ("b", ["2"])])]) == "?a=2&amp;b=2")
        #expect(try r("{% querystring a=None %}", ["request": request([("a", ["1"]), ("b", ["2"])])]) == "?b=2")
        #expect(try r("{% querystring %}", ["request": request([("x", ["1", "2"])])]) == "?x=1&amp;x=2")
        #expect(try r("{% querystring a=my_list %}", ["request": request([]), "my_list": [2, 3]]) == "?a=2&amp;a=3")
        #expect(try r("{% querystring q=v %}", ["v": "a b&c/é", "request": request([])]) == "?q=a+b%26c%2F%C3%A9")
        #expect(try r("{% querystring a=1 b=2 as q %}[{{ q }}]", ["request": request([])]) == "[?a=1&amp;b=2]")
        #expect(try r("{% autoescape off %}{% querystring a=1 b=2 %}{% endautoescape %}", ["request": request([])]) == "?a=1&b=2")
        // The request itself may be the source; positional mappings replace request.GET.
        #expect(try r("{% querystring page=3 %}", ["request": FakeQueryDict(queryItems: [("page", ["2"])])]) == "?page=3")
        let mapping = TemplateDictionary([("y", "x")])
        #expect(try r("{% querystring my_mapping %}", ["request": request([("x", ["y"])]), "my_mapping": mapping]) == "?y=x")
        #expect(try r("{% querystring my_mapping %}", ["request": request([("x", ["y"])]), "my_mapping": TemplateDictionary()]) == "?")
        #expect(try r("{% querystring d e=1 %}", ["d": ["a": "1", "b": "2"]]) == "?a=1&amp;b=2&amp;e=1")
        // Django's cases: request.GET named explicitly, mappings in order, dictionaries of lists.
        #expect(try r("{% querystring request.GET a=2 %}", ["request": request([("a", ["1"])])]) == "?a=2")
        #expect(try r("{% querystring my_query_dict a=2 %}", ["my_query_dict": FakeQueryDict(queryItems: [("a", ["1"]), ("b", ["2"])])]) == "?a=2&amp;b=2")
        let override: [String: Any] = ["my_dict": TemplateDictionary([("x", 0), ("y", 42)]), "my_query_dict": FakeQueryDict(queryItems: [("a", ["1"]), ("b", ["2"])])]
        #expect(try r("{% querystring my_dict my_query_dict x=3 y=None %}", override) == "?x=3&amp;a=1&amp;b=2")
        #expect(try r("{% querystring my_dict %}", ["my_dict": ["a": [1, 2]]]) == "?a=1&amp;a=2")
        #expect(try r("{% querystring a=my_dict %}", ["request": request([]), "my_dict": TemplateDictionary([("0", 0), ("1", 2)])]) == "?a=0&amp;a=1")
        #expect(try r("{% querystring test=None a=1 %}", ["request": request([("test", ["value"]), ("a", ["1"])])]) == "?a=1")
        #expect(try r("{% querystring nonexistent=None a=1 %}", ["request": request([("x", ["y"]), ("a", ["1"])])]) == "?x=y&amp;a=1")
        #expect(try r("{% querystring my_dict a=1 %}", ["my_dict": ["test": Optional<Int>.none as Any]]) == "?a=1")
        #expect(try r("{% querystring a=None %}", ["request": request([("a", ["b"])])]) == "?")
        #expect(try r("{% querystring test_new='something' %}", ["request": request([("a", ["b"])])]) == "?a=b&amp;test_new=something")
    }

    @Test func querystringErrors() {
        TagHarness.expectRenderError("{% querystring %}", "'Context' object has no attribute 'request'")
        TagHarness.expectRenderError("{% querystring %}", "'Int' object has no attribute 'GET'", ["request": 1])
        TagHarness.expectSyntaxError("{% querystring a=1 a=2 %}", "'querystring' received multiple values for keyword argument 'a'")
        TagHarness.expectSyntaxError("{% querystring a=1 b %}", "'querystring' received some positional argument(s) after some keyword argument(s)")
        TagHarness.expectSyntaxError("{% querystring somevar %}", "querystring requires mappings for positional arguments (got 0 instead).", ["somevar": 0])
        TagHarness.expectSyntaxError("{% querystring somevar %}", "querystring requires mappings for positional arguments (got None instead).", ["somevar": Optional<Int>.none as Any])
        // A missing variable is string_if_invalid, as in Django.
        TagHarness.expectSyntaxError("{% querystring missing %}", "querystring requires mappings for positional arguments (got '' instead).")
        TagHarness.expectSyntaxError("{% querystring somevar %}", "querystring requires mappings for positional arguments (got '' instead).", ["somevar": ""])
        TagHarness.expectSyntaxError("{% querystring somevar %}", "querystring requires mappings for positional arguments (got [] instead).", ["somevar": [Any]()])
    }

    @Test func partials() throws {
        #expect(try r("{% partialdef p %}HI{% endpartialdef %}[{% partial p %}]") == "[HI]")
        #expect(try r("{% partialdef p inline %}HI{% endpartialdef p %}|{% partial p %}") == "HI|HI")
        #expect(try r("{% partial p %}{% partialdef p %}X{% endpartialdef %}") == "X")
        #expect(try r("{% partialdef testing-partial inline %}HERE IS THE TEST CONTENT{% endpartialdef testing-partial %}\n{% partial testing-partial %}") == "HERE IS THE TEST CONTENT\nHERE IS THE TEST CONTENT")
        #expect(try r("BEFORE\n{% partialdef testing-partial inline %}HERE IS THE TEST CONTENT{% endpartialdef %}\nAFTER") == "BEFORE\nHERE IS THE TEST CONTENT\nAFTER")
        // Nested definitions.
        let nested = "{% partialdef outer %}<{% partialdef inner %}[{{ v }}]{% endpartialdef %}{% partial inner %}>{% endpartialdef %}{% partial outer %}{% partial inner %}"
        #expect(try r(nested, ["v": 1]) == "<[1]>[1]")
        #expect(try r("{% partialdef item %}<{{ x }}>{% endpartialdef %}{% for x in xs %}{% partial item %}{% endfor %}", ["xs": [1, 2]]) == "<1><2>")
        // Partials belong to their template.
        #expect(throws: TemplateSyntaxError.self) {
            _ = try TagHarness.engine.fromString("{% partialdef p %}a{% endpartialdef %}")
            _ = try TagHarness.render("{% partial p %}")
        }
    }

    @Test func partialErrors() {
        TagHarness.expectSyntaxError("{% partial nope %}", "Partial 'nope' is not defined in the current template.")
        TagHarness.expectSyntaxError("{% partialdef %}TEST{% endpartialdef %}", "'partialdef' tag requires a name")
        TagHarness.expectSyntaxError("{% partialdef %}", "'partialdef' tag requires a name")
        TagHarness.expectSyntaxError("{% partialdef test-partial inline=true %}Content{% endpartialdef %}", "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.")
        TagHarness.expectSyntaxError("{% partialdef p x %}{% endpartialdef %}", "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.")
        TagHarness.expectSyntaxError("{% partialdef name inline extra %}TEST{% endpartialdef %}", "'partialdef' tag takes at most 2 arguments")
        TagHarness.expectSyntaxError("{% partial %}", "'partial' tag requires a single argument")
        TagHarness.expectSyntaxError("{% partialdef p %}\n{% endpartialdef q %}", "Invalid block tag on line 2: 'endpartialdef', expected 'endpartialdef' or 'endpartialdef p'. Did you forget to register or load this tag?")
        TagHarness.expectSyntaxError("{% partialdef p %}x", "Unclosed tag on line 1: 'partialdef'. Looking for one of: endpartialdef, endpartialdef p.")
        do {
            _ = try Engine(templates: ["t.html": "{% partialdef p %}{% endpartialdef %}{% partialdef p %}{% endpartialdef %}"]).getTemplate("t.html")
            Issue.record("compiled")
        } catch let error as TemplateSyntaxError {
            #expect(error.message == "Partial 'p' is already defined in the 't.html' template.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func csrfToken() throws {
        #expect(try r("{% csrf_token %}", ["csrf_token": "abc"]) == "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"abc\">")
        #expect(try r("{% csrf_token %}", ["csrf_token": "a\"b"]) == "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"a&quot;b\">")
        #expect(try r("{% csrf_token %}") == "")
        #expect(try r("{% csrf_token %}", ["csrf_token": "NOTPROVIDED"]) == "")
    }

    @Test func url() throws {
        let reverser: URLReverser = { name, args, kwargs in
            guard name == "detail" else { throw ReverseFailed() }
            let pk = args.first.map { Value.string($0) } ?? kwargs["pk"].map { Value.string($0) } ?? "?"
            return "/polls/\(pk)/" + (kwargs["q"].map { "?q=\(Value.string($0))&x=1" } ?? "")
        }
        let values: [String: Any] = [URLTag.reverserKey: reverser, "n": 7]
        #expect(try r("{% url 'detail' 3 %}", values) == "/polls/3/")
        #expect(try r("{% url 'detail' n %}", values) == "/polls/7/")
        #expect(try r("{% url 'detail' pk=5 %}", values) == "/polls/5/")
        #expect(try r("{% url 'detail' pk=5 q='a' %}", values) == "/polls/5/?q=a&amp;x=1")
        #expect(try r("{% url 'detail' 4 as u %}[{{ u }}]", values) == "[/polls/4/]")
        #expect(try r("{% url 'missing' as u %}[{{ u }}]", values) == "[]")
        #expect(throws: ReverseFailed.self) { try r("{% url 'missing' %}", values) }
        TagHarness.expectRenderError("{% url 'detail' 1 %}", "NoReverseMatch: no URL resolver")
        TagHarness.expectSyntaxError("{% url %}", "'url' takes at least one argument, a URL pattern name.")
    }
}
