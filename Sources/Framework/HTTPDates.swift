import Foundation

// django.utils.http's HTTP dates: `http_date` for writing them, and one exact parser,
// `parse_http_date_safe`, for reading them (conditional requests, caching headers).

/// `parse_http_date_safe`: seconds since the epoch from an RFC 1123, RFC 850 or asctime date,
/// nil when the text is none of them or names an impossible date. As in Python, where it is
/// falsy, a date at the epoch itself counts as absent. Two-digit years more than 50 years
/// ahead of `now`'s year are in the past century.
public func parseHTTPDateSafe(_ text: String, now: Date = Date()) -> Int? {
    var text = Substring(text)
    if text.hasSuffix("\n") { text = text.dropLast() }  // Python's `$` allows one final newline.
    guard let fields = HTTPDate.Fields(text, weekday: 3...3, separator: " ", yearDigits: 4)
        ?? HTTPDate.Fields(text, weekday: 6...9, separator: "-", yearDigits: 2)
        ?? HTTPDate.Fields(asctime: text)
    else { return nil }
    var year = fields.year
    if year < 100 {
        let currentYear = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year ?? 2000
        let century = currentYear - currentYear % 100
        year += year - currentYear % 100 > 50 ? century - 100 : century
    }
    guard let seconds = fields.epochSeconds(year: year), seconds != 0 else { return nil }
    return seconds
}

/// HTTP dates as cookies and caching headers write them: "Wed, 21 Oct 2015 07:28:00 GMT".
public enum HTTPDate {
    /// `http_date`: the RFC 1123 form of `date`, in GMT, fractions of a second dropped.
    public static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// `http_date(seconds)`: whole seconds since the epoch as "Sun, 06 Nov 1994 08:49:37 GMT".
    public static func string(epochSeconds seconds: Int) -> String {
        string(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Django's `http_date`, for cookie `expires`: the same format with dashes is not used any more.
    public static func cookieExpires(_ date: Date) -> String { string(date) }

    /// `parseHTTPDateSafe` as a `Date`: nil when the text is not an HTTP date.
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        parseHTTPDateSafe(text, now: now).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The fields of an HTTP date, matched as Django's `RFC1123_DATE`, `RFC850_DATE` and
    /// `ASCTIME_DATE` expressions match them (the weekday's name is not checked).
    struct Fields {
        var year, month, day, hour, minute, second: Int

        static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

        /// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 1123: a three-letter weekday, spaces, a
        /// four-digit year) or `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850: the full weekday,
        /// dashes, a two-digit year).
        init?(_ text: Substring, weekday: ClosedRange<Int>, separator: String, yearDigits: Int) {
            var scan = Scan(text)
            guard scan.word(weekday), scan.literal(", "), let day = scan.digits(2), scan.literal(separator),
                  let month = scan.month(), scan.literal(separator), let year = scan.digits(yearDigits), scan.literal(" "),
                  let time = scan.time(), scan.literal(" GMT"), scan.atEnd else { return nil }
            self.init(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
        }

        /// `Sun Nov  6 08:49:37 1994`.
        init?(asctime text: Substring) {
            var scan = Scan(text)
            guard scan.word(3...3), scan.literal(" "), let month = scan.month(), scan.literal(" "),
                  let day = scan.paddedDay(), scan.literal(" "), let time = scan.time(), scan.literal(" "),
                  let year = scan.digits(4), scan.atEnd else { return nil }
            self.init(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
        }

        init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }

        /// Seconds since the epoch, or nil when Python's `datetime` would refuse the fields.
        func epochSeconds(year: Int) -> Int? {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...9999).contains(year), (1...monthDays[month - 1]).contains(day),
                  hour < 24, minute < 60, second < 60 else { return nil }
            // Days from the civil date (Howard Hinnant's algorithm).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return days * 86_400 + hour * 3_600 + minute * 60 + second
        }

        /// A cursor over the date's characters, one regular-expression element at a time.
        struct Scan {
            var rest: Substring
            init(_ text: Substring) { rest = text }

            var atEnd: Bool { rest.isEmpty }

            mutating func literal(_ text: String) -> Bool {
                guard rest.hasPrefix(text) else { return false }
                rest = rest.dropFirst(text.count)
                return true
            }

            /// `\w{n,m}` followed by something that is not a word character.
            mutating func word(_ length: ClosedRange<Int>) -> Bool {
                let run = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard length.contains(run.count) else { return false }
                rest = rest.dropFirst(run.count)
                return true
            }

            /// `(?P<mon>\w{3})`, as a month number.
            mutating func month() -> Int? {
                let name = rest.prefix(3)
                guard name.count == 3, let index = Fields.months.firstIndex(of: name.lowercased()) else { return nil }
                rest = rest.dropFirst(3)
                return index + 1
            }

            /// `[0-9]{n}`.
            mutating func digits(_ count: Int) -> Int? {
                let run = rest.prefix(count)
                guard run.count == count, run.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else { return nil }
                rest = rest.dropFirst(count)
                return Int(run)
            }

            /// `[ 0-9][0-9]`: the asctime day, padded with a space.
            mutating func paddedDay() -> Int? {
                if rest.hasPrefix(" ") {
                    rest = rest.dropFirst()
                    return digits(1)
                }
                return digits(2)
            }

            /// `[0-9]{2}:[0-9]{2}:[0-9]{2}`.
            mutating func time() -> (Int, Int, Int)? {
                guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2)
                else { return nil }
                return (hour, minute, second)
            }
        }
    }
}
