import Templates
import Testing

/// Every built-in filter of Django is registered, with Django's flags (from
/// django/template/defaultfilters.py), since they decide how output is escaped.
@Suite("Filters: registry and flags")
struct FilterRegistryTests {
    static let safe: Set<String> = [
        "addslashes", "capfirst", "center", "escape", "escapeseq", "filesizeformat", "floatformat", "force_escape",
        "iriencode", "join", "json_script", "last", "linebreaks", "linebreaksbr", "linenumbers", "ljust", "lower",
        "phone2numeric", "pprint", "random", "rjust", "safe", "safeseq", "slice", "slugify", "stringformat", "striptags",
        "title", "truncatechars", "truncatechars_html", "truncatewords", "truncatewords_html", "unordered_list", "urlize",
        "urlizetrunc", "wordwrap",
    ]
    static let notSafe: Set<String> = [
        "add", "cut", "date", "default", "default_if_none", "dictsort", "dictsortreversed", "divisibleby", "escapejs",
        "first", "get_digit", "length", "make_list", "pluralize", "time", "timesince", "timeuntil", "upper", "urlencode",
        "wordcount", "yesno",
    ]
    static let needsAutoescape: Set<String> = ["join", "linebreaks", "linebreaksbr", "linenumbers", "unordered_list", "urlize", "urlizetrunc"]

    @Test func everyDjangoFilterIsRegistered() {
        let registered = Set(Library.builtins.filters.keys)
        #expect(Self.safe.union(Self.notSafe).subtracting(registered).isEmpty)
        #expect(registered.subtracting(Self.safe.union(Self.notSafe)).isEmpty)
        #expect(registered.count == 57)
    }

    @Test func isSafeAndNeedsAutoescapeMatchDjango() {
        for (name, filter) in Library.builtins.filters {
            #expect(filter.isSafe == Self.safe.contains(name), "is_safe of \(name)")
            #expect(filter.needsAutoescape == Self.needsAutoescape.contains(name), "needs_autoescape of \(name)")
        }
    }

    @Test func argumentsAreCheckedWhenCompiling() {
        #expect(throws: TemplateSyntaxError.self) { try rendered("{{ x|cut }}") }
        #expect(throws: TemplateSyntaxError.self) { try rendered("{{ x|upper:\"a\" }}") }
        #expect(throws: Never.self) { try rendered("{{ x|date }}{{ x|date:\"Y\" }}{{ x|floatformat }}{{ x|yesno:\"a,b\" }}") }
    }
}
