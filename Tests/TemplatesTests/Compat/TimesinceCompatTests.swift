import Foundation
import Templates
import Testing

/// Django's TimezoneTestCase (filter_tests/timezone_utils.py) under its test settings'
/// TIME_ZONE, America/Chicago: naive datetimes are wall-clock times there.
enum CompatZones {
    static let chicago = TimeZone(identifier: "America/Chicago")!

    /// `datetime.now() + timedelta(seconds: offset)`: a naive datetime on Chicago's clock.
    static func naive(_ offset: TimeInterval = 0, now: Date = Date()) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = chicago
        var parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now + offset)
        parts.calendar = nil
        parts.timeZone = nil
        return parts
    }

    /// `self.now_tz_i`: the same instant, aware, in a fixed +03:15 zone.
    static func aware(now: Date = Date()) -> DateComponents {
        let zone = TimeZone(secondsFromGMT: 195 * 60)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now)
        parts.calendar = nil
        parts.timeZone = zone
        return parts
    }

    /// Renders a one-template engine with TIME_ZONE = America/Chicago.
    static func render(_ name: String, source: String, _ values: [String: Any]) throws -> String {
        try TemplateTimeZone.withZone(chicago) { try Compat.render(name, source: source, values) }
    }
}

@Suite("Compat: Django's filter_tests test_timesince (naive datetimes in TIME_ZONE)")
struct TimesinceCompatTests {
    @Test("timesince01") func timesince01() throws {
        #expect(try CompatZones.render("timesince01", source: "{{ a|timesince }}", ["a": CompatZones.naive(-70)]) == "1\u{a0}minute")
    }

    @Test("timesince02") func timesince02() throws {
        #expect(try CompatZones.render("timesince02", source: "{{ a|timesince }}", ["a": CompatZones.naive(-86_460)]) == "1\u{a0}day")
    }

    @Test("timesince03") func timesince03() throws {
        let a = CompatZones.naive(-(3600 + 25 * 60 + 10))
        #expect(try CompatZones.render("timesince03", source: "{{ a|timesince }}", ["a": a]) == "1\u{a0}hour, 25\u{a0}minutes")
    }

    @Test("timesince11") func timesince11() throws {
        #expect(try CompatZones.render("timesince11", source: "{{ a|timesince }}", ["a": CompatZones.naive()]) == "0\u{a0}minutes")
    }

    @Test("timesince15") func timesince15() throws {
        let now = Date()
        let values: [String: Any] = ["a": CompatZones.naive(now: now), "b": CompatZones.aware(now: now)]
        #expect(try CompatZones.render("timesince15", source: "{{ a|timesince:b }}", values) == "")
    }

    @Test("timesince16") func timesince16() throws {
        let now = Date()
        let values: [String: Any] = ["a": CompatZones.aware(now: now), "b": CompatZones.naive(now: now)]
        #expect(try CompatZones.render("timesince16", source: "{{ a|timesince:b }}", values) == "")
    }
}

@Suite("Compat: Django's filter_tests test_timeuntil (naive datetimes in TIME_ZONE)")
struct TimeuntilCompatTests {
    @Test("timeuntil01") func timeuntil01() throws {
        #expect(try CompatZones.render("timeuntil01", source: "{{ a|timeuntil }}", ["a": CompatZones.naive(130)]) == "2\u{a0}minutes")
    }

    @Test("timeuntil02") func timeuntil02() throws {
        #expect(try CompatZones.render("timeuntil02", source: "{{ a|timeuntil }}", ["a": CompatZones.naive(86_410)]) == "1\u{a0}day")
    }

    @Test("timeuntil03") func timeuntil03() throws {
        let a = CompatZones.naive(8 * 3600 + 10 * 60 + 10)
        #expect(try CompatZones.render("timeuntil03", source: "{{ a|timeuntil }}", ["a": a]) == "8\u{a0}hours, 10\u{a0}minutes")
    }

    @Test("timeuntil08") func timeuntil08() throws {
        let later = CompatZones.naive(7 * 86_400 + 3600)
        #expect(try CompatZones.render("timeuntil08", source: "{{ later|timeuntil }}", ["later": later]) == "1\u{a0}week")
    }

    @Test("test_naive_aware_type_error") func naiveAware() throws {
        let now = Date()
        let values: [String: Any] = ["a": CompatZones.naive(now: now), "b": CompatZones.aware(now: now)]
        #expect(try CompatZones.render("timeuntil15", source: "{{ a|timeuntil:b }}", values) == "")
    }

    @Test("test_aware_naive_type_error") func awareNaive() throws {
        let now = Date()
        let values: [String: Any] = ["a": CompatZones.aware(now: now), "b": CompatZones.naive(now: now)]
        #expect(try CompatZones.render("timeuntil16", source: "{{ a|timeuntil:b }}", values) == "")
    }
}
