import Foundation
import Templates
import Testing

/// Django's filter_tests/test_time, with its test settings' TIME_ZONE (America/Chicago).
@Suite("Compat: Django's filter_tests test_time (zone names of naive and aware values)")
struct TimeCompatTests {
    @Test("time02") func time02() throws {
        // A naive datetime: no `e`; `T` is the default zone's abbreviation, as zoneinfo names it.
        let now = Date()
        let expected = ":" + (CompatZones.chicago.isDaylightSavingTime(for: now) ? "CDT" : "CST")
        #expect(try CompatZones.render("time02", source: "{{ dt|time:\"e:T\" }}", ["dt": CompatZones.naive(now: now)]) == expected)
    }

    @Test("time01") func time01() throws {
        // An aware datetime in a fixed +03:15 zone.
        let source = "{{ dt|time:\"e:O:T:Z\" }}"
        #expect(try CompatZones.render("time01", source: source, ["dt": CompatZones.aware()]) == "+0315:+0315:+0315:11700")
    }
}
