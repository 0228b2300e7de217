import Foundation

/// A date, time or datetime as Django's formatters see it. A `Date` is an aware datetime,
/// shown in UTC; `DateComponents` model Python's other kinds: with only a date it is a
/// `datetime.date`, with only an hour/minute/second a `datetime.time`, with both a naive
/// datetime, and with a `timeZone` an aware datetime in that zone. Naive datetimes take UTC
/// as their default time zone TemplateTimeZone.current (Django's TIME_ZONE, UTC unless set)
/// where one is needed (O, Z, U, r).
struct DateParts {
    var year = 1, month = 1, day = 1
    var hour = 0, minute = 0, second = 0, microsecond = 0
    var hasDate = true, hasTime = true
    /// The zone of an aware value; nil for naive values, dates and times.
    var timeZone: TimeZone?

    static let utc = TimeZone(identifier: "UTC")!

    init(_ date: Date, timeZone: TimeZone = DateParts.utc) {
        self.timeZone = timeZone
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var micro = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micro >= 1_000_000 { seconds += 1; micro -= 1_000_000 }
        let local = seconds + timeZone.secondsFromGMT(for: date)
        let days = Int((Double(local) / 86400).rounded(.down))
        (year, month, day) = Self.civil(days)
        let secondOfDay = local - days * 86400
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        microsecond = micro
    }

    init() {}

    /// The parts of a template value, or nil when it is not a date or time.
    static func of(_ value: Any?) -> DateParts? {
        switch Value.unwrap(value) {
        case let date as Date: return DateParts(date)
        case let components as DateComponents:
            var parts = DateParts()
            parts.hasDate = components.year != nil && components.month != nil && components.day != nil
            parts.hasTime = components.hour != nil
            guard parts.hasDate || parts.hasTime else { return nil }
            if parts.hasDate { (parts.year, parts.month, parts.day) = (components.year!, components.month!, components.day!) }
            parts.hour = components.hour ?? 0
            parts.minute = components.minute ?? 0
            parts.second = components.second ?? 0
            parts.microsecond = (components.nanosecond ?? 0) / 1000
            if parts.hasDate && parts.hasTime { parts.timeZone = components.timeZone }
            return parts
        default: return nil
        }
    }

    var isAware: Bool { timeZone != nil }
    var isDateTime: Bool { hasDate && hasTime }

    /// The zone used for offsets: the value's own, or the default zone (TIME_ZONE) for naive
    /// datetimes.
    var effectiveZone: TimeZone { timeZone ?? TemplateTimeZone.current }

    /// Days since 1970-01-01 of the date part (proleptic Gregorian).
    var daysSinceEpoch: Int { Self.days(year, month, day) }

    /// The UTC offset in seconds of an aware value (or a naive one in the default zone).
    var utcOffset: Int {
        let wall = Double(daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second)
        let zone = effectiveZone
        let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall))
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - Double(guess)))
    }

    /// The instant, in seconds since the epoch.
    var instant: Double {
        Double(daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second - utcOffset) + Double(microsecond) / 1_000_000
    }

    /// 0 = Monday … 6 = Sunday (Python's weekday()).
    var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    var isLeapYear: Bool { Self.isLeap(year) }
    var dayOfYear: Int { daysSinceEpoch - Self.days(year, 1, 1) + 1 }
    var daysInMonth: Int { Self.daysIn(month, year) }

    /// ISO 8601 (year, week).
    var isoWeek: (year: Int, week: Int) {
        let isoWeekday = weekday + 1
        let week = (dayOfYear - isoWeekday + 10) / 7
        if week < 1 { return (year - 1, Self.isoWeeks(in: year - 1)) }
        if week > Self.isoWeeks(in: year) { return (year + 1, 1) }
        return (year, week)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    static func isoWeeks(in year: Int) -> Int {
        let jan1 = ((days(year, 1, 1) % 7) + 7 + 3) % 7  // 0 = Monday
        return jan1 == 3 || (jan1 == 2 && isLeap(year)) ? 53 : 52
    }

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
