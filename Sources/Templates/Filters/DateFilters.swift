import Foundation

/// Django's date filters: `date` and `time` (format characters, or a named format such as
/// "SHORT_DATE_FORMAT"; "N j, Y" and "P" by default) and `timesince` / `timeuntil`
/// ("2 days, 3 hours", with non-breaking spaces). Values are `Date` (UTC) or `DateComponents`
/// (see DateParts).
enum DateFilters {
    static let all: [Filter] = [
        Filter("date", argument: .optional) { value, argument, _ in
            guard let parts = DateParts.of(value) else { return "" }
            return DateFormat.format(parts, formatString(argument, default: "DATE_FORMAT")) ?? ""
        },
        Filter("time", argument: .optional) { value, argument, _ in
            guard let parts = DateParts.of(value), parts.hasTime else { return "" }
            return DateFormat.format(parts, formatString(argument, default: "TIME_FORMAT"), timeOnly: true) ?? ""
        },
        Filter("timesince", argument: .optional) { value, argument, _ in
            guard Value.isTruthy(value), let d = DateParts.of(value) else { return "" }
            if let argument, Value.isTruthy(argument) {
                guard let now = DateParts.of(argument) else { return "" }
                return timesince(d, now: now)
            }
            return timesince(d, now: nil)
        },
        Filter("timeuntil", argument: .optional) { value, argument, _ in
            guard Value.isTruthy(value), let d = DateParts.of(value) else { return "" }
            if let argument, Value.isTruthy(argument) {
                guard let now = DateParts.of(argument) else { return "" }
                return timesince(d, now: now, reversed: true)
            }
            return timesince(d, now: nil, reversed: true)
        },
    ]

    static func formatString(_ argument: Any?, default name: String) -> String {
        guard let argument, Value.unwrap(argument) != nil else { return DateFormat.namedFormats[name]! }
        let text = Py.str(argument)
        return DateFormat.namedFormats[text.isEmpty ? name : text] ?? text
    }

    static let units = ["year", "month", "week", "day", "hour", "minute"]
    static let chunks: [Double] = [604_800, 86_400, 3_600, 60]

    static func amount(_ count: Int, _ unit: String) -> String {
        "\(count)\u{a0}\(unit)" + (count == 1 ? "" : "s")
    }

    /// Django's `timesince`: the two largest adjacent units between `d` and `now` (default:
    /// the present), whole months and years counted on the calendar; "0 minutes" when `d` is
    /// not before `now`.
    static func timesince(_ d: DateParts, now: DateParts?, reversed: Bool = false) -> String {
        guard d.hasDate else { return "" }
        var d = d
        if !d.hasTime { d.hasTime = true; d.hour = 0; d.minute = 0; d.second = 0; d.microsecond = 0 }
        // Python cannot subtract a naive datetime from an aware one (TypeError: the filter
        // gives "").
        if let now, now.isAware != d.isAware { return "" }
        var now = now ?? DateParts(TemplateClock.now, timeZone: d.effectiveZone)
        if !now.hasDate { return "" }
        if !now.hasTime { now.hasTime = true; now.hour = 0; now.minute = 0; now.second = 0; now.microsecond = 0 }
        // Compare in d's zone.
        now = DateParts(Date(timeIntervalSince1970: now.instant), timeZone: d.effectiveZone)
        if !d.isAware { now.timeZone = nil }
        if reversed { swap(&d, &now) }
        let since = (now.instant - d.instant).rounded(.down)
        if since <= 0 { return amount(0, "minute") }
        var totalMonths = (now.year - d.year) * 12 + (now.month - d.month)
        let dTime = ((d.hour * 60 + d.minute) * 60 + d.second) * 1_000_000 + d.microsecond
        let nowTime = ((now.hour * 60 + now.minute) * 60 + now.second) * 1_000_000 + now.microsecond
        if d.day > now.day || (d.day == now.day && dTime > nowTime) { totalMonths -= 1 }
        let years = totalMonths >= 0 ? totalMonths / 12 : (totalMonths - 11) / 12
        let months = totalMonths - years * 12
        var pivot = d
        if years != 0 || months != 0 {
            pivot.year = d.year + years
            pivot.month = d.month + months
            if pivot.month > 12 { pivot.month -= 12; pivot.year += 1 }
            let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            pivot.day = min(monthDays[pivot.month - 1], d.day)
            pivot.microsecond = 0
        }
        var remaining = now.instant - pivot.instant
        var partials = [years, months]
        for chunk in chunks {
            let count = Int((remaining / chunk).rounded(.down))
            partials.append(count)
            remaining -= chunk * Double(count)
        }
        guard let first = partials.firstIndex(where: { $0 != 0 }) else { return amount(0, "minute") }
        var result: [String] = []
        var i = first
        while i < units.count && result.count < 2 && partials[i] != 0 {
            result.append(amount(partials[i], units[i]))
            i += 1
        }
        return result.joined(separator: ", ")
    }
}
