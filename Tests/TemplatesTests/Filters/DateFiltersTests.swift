import Foundation
import Templates
import Testing

/// An aware datetime in UTC.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// Expected strings from Django's tests/template_tests/filter_tests (test_date, test_time,
/// test_timesince, test_timeuntil) and utils_tests/test_dateformat.
@Suite("Filters: dates")
struct DateFiltersTests {
    @Test func date() throws {
        let naive = DateComponents(year: 2008, month: 1, day: 1, hour: 0, minute: 0)
        #expect(try rendered("{{ d|date:\"m\" }}", ["d": naive]) == "01")
        #expect(try rendered("{{ d|date }}", ["d": naive]) == "Jan. 1, 2008")
        #expect(try rendered("{{ d|date:\"\" }} {{ d|time:\"\" }}", ["d": naive]) == "Jan. 1, 2008 midnight")
        #expect(try rendered("[{{ d|date:\"m\" }}]", ["d": "fail_string"]) == "[]")
        #expect(try rendered("{{ d|date:\"o\" }}", ["d": DateComponents(year: 2008, month: 12, day: 29)]) == "2009")
        #expect(try rendered("{{ d|date:\"o\" }}", ["d": DateComponents(year: 2010, month: 1, day: 3)]) == "2009")
        let fixed = DateComponents(timeZone: TimeZone(secondsFromGMT: 30 * 60), year: 2009, month: 3, day: 12, hour: 0)
        #expect(try rendered("{{ d|date:\"e\" }}", ["d": fixed]) == "+0030")
        #expect(try rendered("[{{ d|date:\"e\" }}]", ["d": DateComponents(year: 2009, month: 3, day: 12, hour: 0)]) == "[]")
        #expect(try rendered("{{ t|date:\"H:i\" }}", ["t": DateComponents(hour: 0, minute: 1)]) == "00:01")
        #expect(try rendered("{{ d|date:\"d F Y\" }}", ["d": utc(2005, 12, 29)]) == "29 December 2005")
        // (the format comes from a variable: a template string literal drops unknown escapes)
        #expect(try rendered("{{ d|date:f }}", ["d": utc(2005, 12, 29), "f": "jS \\o\\f F"]) == "29th of December")
        #expect(try rendered("[{{ d|date }}][{{ e|date }}]", ["d": Optional<Date>.none as Any, "e": ""]) == "[][]")
        // date is not is_safe: markup in the format is escaped.
        #expect(try rendered("{{ d|date:\"<p>Y</p>\" }}", ["d": utc(2008, 1, 1)]) == "&lt;p&gt;2008&lt;/p&gt;")
        #expect(try renderedUnescaped("{{ d|date:\"<p>Y</p>\" }}", ["d": utc(2008, 1, 1)]) == "<p>2008</p>")
        #expect(try rendered("{{ d|date:\"SHORT_DATE_FORMAT\" }} {{ d|date:\"DATETIME_FORMAT\" }}", ["d": utc(2008, 1, 2, 12)])
            == "01/02/2008 Jan. 2, 2008, noon")
        // A date has no time: time format characters fail.
        #expect(try rendered("[{{ d|date:\"H\" }}]", ["d": DateComponents(year: 2016, month: 1, day: 1)]) == "[]")
    }

    @Test func everyFormatCharacter() throws {
        let date = utc(2001, 2, 3, 4, 5, 6).addingTimeInterval(0.000007)
        let characters = "a A b c d D e E f F g G h H i I j l L m M n N o O P r s S t T u U w W y Y z Z"
        let expected = "a.m. AM feb 2001-02-03T04:05:06.000007+00:00 03 Sat UTC February 4:05 February 4 4 04 04 05 0 3 Saturday "
            + "False 02 Feb 2 Feb. 2001 +0000 4:05 a.m. Sat, 03 Feb 2001 04:05:06 +0000 06 rd 28 UTC 000007 981173106 6 5 01 2001 34 0"
        #expect(try renderedUnescaped("{{ d|date:f }}", ["d": date, "f": characters]) == expected)
        #expect(try rendered("{{ d|date:\"L t z W\" }}", ["d": utc(2024, 12, 31)]) == "True 31 366 1")
        #expect(try rendered("{{ d|date:\"\\\\Y Y\" }}", ["d": utc(2024, 12, 31)]) == "Y 2024")
        #expect(try rendered("{{ d|date:\"y P P P\" }}", ["d": utc(2009, 5, 16, 0)]) == "09 midnight midnight midnight")
        #expect(try rendered("{{ d|date:\"S S S S\" }}", ["d": utc(2009, 5, 11)]) == "th th th th")
        #expect(try rendered("{{ d|date:\"jS\" }} {{ e|date:\"jS\" }} {{ f|date:\"jS\" }}", ["d": utc(2009, 5, 22), "e": utc(2009, 5, 23), "f": utc(2009, 5, 31)])
            == "22nd 23rd 31st")
        let zoned = DateComponents(timeZone: TimeZone(secondsFromGMT: -(5 * 3600 + 30 * 60)), year: 2009, month: 5, day: 16, hour: 5, minute: 30, second: 30)
        #expect(try rendered("{{ d|date:\"O Z c U\" }}", ["d": zoned]) == "-0530 -19800 2009-05-16T05:30:30-05:30 1242471630")
    }

    @Test func time() throws {
        #expect(try rendered("{{ t|time }}", ["t": DateComponents(hour: 16, minute: 25)]) == "4:25 p.m.")
        #expect(try rendered("{{ t|time:\"P:e:O:T:Z\" }}", ["t": DateComponents(hour: 4, minute: 0)]) == "4 a.m.::::")
        let aware = DateComponents(timeZone: TimeZone(secondsFromGMT: 3 * 3600 + 15 * 60), year: 2016, month: 1, day: 1, hour: 10)
        #expect(try rendered("{{ t|time:\"e:O:T:Z\" }}", ["t": aware]) == "+0315:+0315:+0315:11700")
        #expect(try rendered("[{{ d|time:\"P:e:O:T:Z\" }}]", ["d": DateComponents(year: 2016, month: 1, day: 1)]) == "[]")
        #expect(try rendered("[{{ d|time:\"P:e:O:T:Z\" }}]", ["d": "non-datetime-value"]) == "[]")
        #expect(try rendered("{{ a|time:\"h\" }} {{ b|time:\"h\" }}", ["a": DateComponents(hour: 13), "b": DateComponents(hour: 0)]) == "01 12")
        #expect(try rendered("{{ d|time:\"H:i e\" }} {{ d|time }}", ["d": utc(2001, 2, 3, 12, 0)]) == "12:00 UTC noon")
        // Date format characters are not for times.
        #expect(try rendered("[{{ d|time:\"Y\" }}]", ["d": utc(2001, 2, 3)]) == "[]")
        #expect(try rendered("{{ d|time:\"<p>\" }}", ["d": utc(2001, 2, 3)]) == "&lt;p&gt;")
    }

    @Test func timesince() throws {
        let now = utc(2020, 1, 3, 1)
        func since(_ a: Date, _ b: Date) throws -> String { try rendered("{{ a|timesince:b }}", ["a": a, "b": b]) }
        #expect(try since(utc(2020, 1, 1), now) == "2\u{a0}days, 1\u{a0}hour")
        #expect(try since(now.addingTimeInterval(-70), now) == "1\u{a0}minute")
        #expect(try since(now.addingTimeInterval(-(7 * 86400 + 3 * 3600)), now) == "1\u{a0}week")
        #expect(try since(now.addingTimeInterval(-(3600 + 25 * 60 + 10)), now) == "1\u{a0}hour, 25\u{a0}minutes")
        // Only adjacent units: no weeks between the month and the day, so the day is left out.
        #expect(try since(utc(2019, 1, 31), utc(2019, 3, 1)) == "1\u{a0}month")
        #expect(try since(utc(2019, 1, 31), utc(2019, 3, 8)) == "1\u{a0}month, 1\u{a0}week")
        #expect(try since(utc(2017, 5, 1), utc(2020, 6, 2)) == "3\u{a0}years, 1\u{a0}month")
        #expect(try since(utc(2019, 1, 1), utc(2020, 1, 1)) == "1\u{a0}year")
        #expect(try since(now.addingTimeInterval(7 * 86400), now) == "0\u{a0}minutes")
        #expect(try since(now, now) == "0\u{a0}minutes")
        #expect(try rendered("{{ a|timesince }}", ["a": Date().addingTimeInterval(-70)]) == "1\u{a0}minute")
        #expect(try rendered("{{ a|timesince }}", ["a": Date().addingTimeInterval(-(86400 + 60))]) == "1\u{a0}day")
        #expect(try rendered("{{ a|timesince }}", ["a": Date().addingTimeInterval(7 * 86400)]) == "0\u{a0}minutes")
        #expect(try renderedUnescaped("{{ a|timesince:b }}", ["a": DateComponents(year: 2020, month: 1, day: 1), "b": DateComponents(year: 2020, month: 1, day: 15)])
            == "2\u{a0}weeks")
        #expect(try rendered("[{{ a|timesince }}][{{ b|timesince }}][{{ c|timesince:\"x\" }}]", ["a": "x", "b": Optional<Date>.none as Any, "c": now]) == "[][][]")
    }

    @Test func timeuntil() throws {
        let now = utc(2020, 1, 3, 1)
        func until(_ a: Date, _ b: Date) throws -> String { try rendered("{{ a|timeuntil:b }}", ["a": a, "b": b]) }
        #expect(try until(now.addingTimeInterval(2 * 86400 + 3600), now) == "2\u{a0}days, 1\u{a0}hour")
        #expect(try until(now.addingTimeInterval(-86400), now.addingTimeInterval(-2 * 86400)) == "1\u{a0}day")
        #expect(try until(now.addingTimeInterval(-2 * 86400), now.addingTimeInterval(-(2 * 86400 + 60))) == "1\u{a0}minute")
        #expect(try until(now.addingTimeInterval(-7 * 86400), now) == "0\u{a0}minutes")
        #expect(try until(now.addingTimeInterval(7 * 86400), now) == "1\u{a0}week")
        #expect(try rendered("{{ a|timeuntil }}", ["a": Date().addingTimeInterval(130)]) == "2\u{a0}minutes")
        #expect(try rendered("{{ a|timeuntil }}", ["a": Date().addingTimeInterval(8 * 3600 + 10 * 60 + 10)]) == "8\u{a0}hours, 10\u{a0}minutes")
        #expect(try rendered("{{ a|timeuntil }}", ["a": Date().addingTimeInterval(-7 * 86400)]) == "0\u{a0}minutes")
        #expect(try rendered("[{{ a|timeuntil }}][{{ b|timeuntil:c }}]", ["a": 12, "b": now, "c": [1]]) == "[][]")
    }

    @Test("TemplateClock: the present of timesince and now, fixed for a task") func fixedClock() throws {
        let moment = utc(2026, 11, 23, 12, 0)
        let a = DateComponents(year: 2026, month: 11, day: 23, hour: 5, minute: 58)
        let chicago = TimeZone(identifier: "America/Chicago")!
        let output = try TemplateClock.at(moment) {
            try TemplateTimeZone.withZone(chicago) { try rendered("{{ a|timesince }}|{% now \"Y-m-d H:i\" %}", ["a": a]) }
        }
        #expect(output == "2\u{a0}minutes|2026-11-23 06:00")
    }
}
