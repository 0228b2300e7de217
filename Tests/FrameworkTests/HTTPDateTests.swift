import Foundation
import Framework
import Testing

/// django.utils.http's `parse_http_date_safe` and `http_date`, as conditional requests, the
/// ConditionalGetMiddleware and the view decorators share them.
@Suite("HTTP dates")
struct HTTPDateTests {
    /// New Year's Day of `year`, midnight UTC: the "now" the two-digit-year rule counts from.
    static func newYear(_ year: Int) -> Date {
        DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC")!,
                       year: year, month: 1, day: 1).date!
    }

    @Test func rfc1123() {
        #expect(parseHTTPDateSafe("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
    }

    // Django's test_parsing_rfc850, with its current years.
    @Test func rfc850TwoDigitYears() {
        func year(_ text: String, _ currentYear: Int) -> Int? {
            parseHTTPDateSafe(text, now: Self.newYear(currentYear)).map {
                Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date(timeIntervalSince1970: TimeInterval($0))).year!
            }
        }
        #expect(year("Tuesday, 31-Dec-69 08:49:37 GMT", 2019) == 2069)
        #expect(year("Tuesday, 10-Nov-70 08:49:37 GMT", 2019) == 1970)
        #expect(year("Sunday, 06-Nov-94 08:49:37 GMT", 2019) == 1994)
        #expect(year("Wednesday, 31-Dec-70 08:49:37 GMT", 2020) == 2070)
        #expect(year("Friday, 31-Dec-71 08:49:37 GMT", 2020) == 1971)
        #expect(year("Sunday, 31-Dec-00 08:49:37 GMT", 2048) == 2000)
        #expect(year("Friday, 31-Dec-99 08:49:37 GMT", 2048) == 1999)
        #expect(parseHTTPDateSafe("Sunday, 06-Nov-94 08:49:37 GMT", now: Self.newYear(2019)) == 784_111_777)
    }

    @Test func asctime() {
        #expect(parseHTTPDateSafe("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(parseHTTPDateSafe("Sun Nov 06 08:49:37 1994") == 784_111_777)
        #expect(parseHTTPDateSafe("Sun Nov  ６ 08:49:37 1994") == nil)
    }

    @Test func yearBelowHundredInFourDigits() {
        let seconds = parseHTTPDateSafe("Sun Nov  6 08:49:37 0037")
        #expect(seconds.map { HTTPDate.string(epochSeconds: $0) } == "Fri, 06 Nov 2037 08:49:37 GMT")
    }

    @Test(arguments: [
        "", "garbage", "Mon, 32 Oct 2010 16:56:23 GMT", "Mon, 29 Feb 2010 16:56:23 GMT",
        "Mon, 18 Oct 2010 24:00:00 GMT", "Mon, 18 Foo 2010 16:56:23 GMT", "Mon, 18 Oct 2010 16:56:23 UTC",
        "Monday, 18 Oct 2010 16:56:23 GMT", "Mon, 18 Oct 2010 16:56:23 GMT extra", "Thu, 01 Jan 1970 00:00:00 GMT",
    ])
    func invalidOrFalsyDates(text: String) {
        #expect(parseHTTPDateSafe(text) == nil)
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func leapDayWeekdayNotCheckedFinalNewline() {
        #expect(parseHTTPDateSafe("Xyz, 29 Feb 2000 00:00:00 GMT") == 951_782_400)
        #expect(parseHTTPDateSafe("Sun, 06 Nov 1994 08:49:37 GMT\n") == 784_111_777)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test func formatting() {
        #expect(HTTPDate.string(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(Date(timeIntervalSince1970: 784_111_777.9)) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
