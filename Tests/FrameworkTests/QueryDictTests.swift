import Testing
@testable import Framework

@Suite("QueryDict: parse_qsl, urlencode and the multi-value dictionary")
struct QueryDictTests {
    @Test func repeatedKeysKeepEveryValueAndTheLastWins() throws {
        let query = try QueryDict(parsing: "a=1&a=2&b=")
        #expect(query.list("a") == ["1", "2"])
        #expect(query.list("b") == [""])
        #expect(query["a"] == "2")
        #expect(query["b"] == "")
        #expect(query["missing"] == nil)
        #expect(query.list("missing") == [])
        #expect(query.keys == ["a", "b"])
        #expect(query.count == 2)
        #expect(query.contains("b") && !query.contains("c"))
    }

    @Test func plusIsASpaceInKeysAndValues() throws {
        let query = try QueryDict(parsing: "first+name=John+Smith&q=a%2Bb")
        #expect(query["first name"] == "John Smith")
        #expect(query["q"] == "a+b")
    }

    @Test func percentEscapesAreUTF8() throws {
        let query = try QueryDict(parsing: "price=%E2%82%AC5&name=Espa%C3%B1a")
        #expect(query["price"] == "€5")
        #expect(query["name"] == "España")
    }

    @Test func invalidUTF8BecomesTheReplacementCharacter() throws {
        #expect(try QueryDict(parsing: "a=%FF")["a"] == "\u{FFFD}")
    }

    @Test(arguments: [("%zz", "%zz"), ("%", "%"), ("%4", "%4"), ("100%", "100%"), ("%-0", "%-0"), ("%+1", "% 1"), ("%%41", "%A")])
    func invalidEscapesAreKept(_ value: String, _ expected: String) throws {
        #expect(try QueryDict(parsing: "a=\(value)")["a"] == expected)
    }

    @Test func emptyFieldsAreSkipped() throws {
        let query = try QueryDict(parsing: "&a=1&&b=2&")
        #expect(query.keys == ["a", "b"])
        #expect(try QueryDict(parsing: "").isEmpty)
        #expect(try QueryDict(parsing: "&&").isEmpty)
    }

    @Test func aFieldWithoutEqualsHasAnEmptyValue() throws {
        let query = try QueryDict(parsing: "flag&=anonymous&x==y")
        #expect(query.list("flag") == [""])
        #expect(query[""] == "anonymous")
        #expect(query["x"] == "=y")
    }

    @Test func maxFieldsIsALimitNotAnError() throws {
        #expect(try QueryDict(parsing: "a=1&a=2&a=3", maxFields: 3).list("a") == ["1", "2", "3"])
        #expect(throws: TooManyFieldsSent.self) { try QueryDict(parsing: "a=1&a=2&a=3", maxFields: 2) }
        #expect(try QueryDict(parsing: "", maxFields: 0).isEmpty)
        #expect(try QueryDict(parsing: "a=1&b=2", maxFields: nil).count == 2)
    }

    /// Python's parse_qsl counts separators, so empty fields count against the limit too.
    @Test func maxFieldsCountsEmptyFieldsAsPythonDoes() throws {
        #expect(throws: TooManyFieldsSent.self) { try QueryDict(parsing: "a=1&&b=2", maxFields: 2) }
        #expect(throws: TooManyFieldsSent.self) { try QueryDict(parsing: "a=1&", maxFields: 1) }
        #expect(try QueryDict(parsing: "a=1&&b=2", maxFields: 3).count == 2)
    }

    @Test func urlencodeQuotesAsQuotePlus() {
        #expect(QueryDict([("q", "a b&c")]).urlencode() == "q=a+b%26c")
        #expect(QueryDict([("next", "/a&b/")]).urlencode() == "next=%2Fa%26b%2F")
        #expect(QueryDict([("k", "-_.~"), ("e", "€"), ("k", "=+")]).urlencode() == "k=-_.~&k=%3D%2B&e=%E2%82%AC")
        #expect(QueryDict().urlencode() == "")
    }

    /// With `safe`, Django's urlencode uses `quote`, not `quote_plus`: a space is %20.
    @Test func urlencodeWithSafeCharacters() {
        #expect(QueryDict([("next", "/a&b/")]).urlencode(safe: "/") == "next=/a%26b/")
        #expect(QueryDict([("q", "a b/c")]).urlencode(safe: "/") == "q=a%20b/c")
    }

    @Test func urlencodeRoundTrips() throws {
        let original = QueryDict([("a b", "x&y=z"), ("€", "100%"), ("a b", "+"), ("empty", "")])
        let parsed = try QueryDict(parsing: original.urlencode())
        #expect(parsed == original)
        #expect(parsed.list("a b") == ["x&y=z", "+"])
    }

    @Test func subscriptSetReplacesEveryValueInPlace() throws {
        var query = try QueryDict(parsing: "a=1&a=2&b=3")
        query["a"] = "x"
        #expect(query.list("a") == ["x"])
        #expect(query.urlencode() == "a=x&b=3")
        query["c"] = "new"
        #expect(query.keys == ["a", "b", "c"])
        query["a"] = nil
        #expect(query.keys == ["b", "c"])
    }

    @Test func appendAddsToTheList() {
        var query = QueryDict()
        query.append("a", "1")
        query.append("b", "2")
        query.append("a", "3")
        #expect(query.list("a") == ["1", "3"])
        #expect(query.keys == ["a", "b"])
        #expect(query.description == "<QueryDict: {'a': ['1', '3'], 'b': ['2']}>")
    }
}

@Suite("parseCookie: Django's parse_cookie")
struct ParseCookieTests {
    @Test func simplePairs() {
        #expect(parseCookie("a=b; c=d") == ["a": "b", "c": "d"])
        #expect(parseCookie("chips=ahoy; vienna=finger") == ["chips": "ahoy", "vienna": "finger"])
        #expect(parseCookie("a=b;c=d") == ["a": "b", "c": "d"])
    }

    @Test func theLastCookieOfANameWins() {
        #expect(parseCookie("a=b; h=i; a=c") == ["a": "c", "h": "i"])
    }

    @Test func equalsSignsAndOtherCharactersInValues() {
        #expect(parseCookie("keebler=E=mc2") == ["keebler": "E=mc2"])
        #expect(parseCookie("key:term=value:term") == ["key:term": "value:term"])
        #expect(parseCookie("a=b; c=[; d=r; f=h") == ["a": "b", "c": "[", "d": "r", "f": "h"])
        #expect(parseCookie("a b c=d e = f; gh=i") == ["a b c": "d e = f", "gh": "i"])
        #expect(parseCookie("saint=André Bessette") == ["saint": "André Bessette"])
    }

    @Test func whitespaceIsTrimmedAndEmptyChunksDropped() {
        #expect(parseCookie("  =  b  ;  ;  =  ;   c  =  ;  ") == ["": "b", "c": ""])
        #expect(parseCookie("  a  =  b  ") == ["a": "b"])
    }

    @Test func aChunkWithoutEqualsIsAnUnnamedValue() {
        #expect(parseCookie("abc=def; unnamed; django_language=en") == ["abc": "def", "": "unnamed", "django_language": "en"])
        #expect(parseCookie("a=b; \"; c=d") == ["a": "b", "": "\"", "c": "d"])
    }

    @Test func emptyHeader() {
        #expect(parseCookie("") == [:])
        #expect(parseCookie(" ; ") == [:])
    }

    @Test func quotedValuesAreUnquoted() {
        #expect(parseCookie("a=\"hello world\"") == ["a": "hello world"])
        #expect(parseCookie("a=\"say \\\"hi\\\"\"") == ["a": "say \"hi\""])
        #expect(parseCookie("a=\"x\\054y\\073z\"") == ["a": "x,y;z"])
        #expect(parseCookie("a=\"back\\\\slash\"") == ["a": "back\\slash"])
        #expect(parseCookie("a=\"\"") == ["a": ""])
    }

    /// Semicolons split chunks even inside quotes, so these values are never unquoted.
    @Test func semicolonsInsideQuotesStillSplit() {
        #expect(parseCookie("keebler=\"E=mc2; L=\\\"Loves\\\"; fudge=\\012;\"")
            == ["keebler": "\"E=mc2", "L": "\\\"Loves\\\"", "fudge": "\\012", "": "\""])
    }
}
