import Foundation

/// Django's `dateformat`: PHP-style format characters (`"N j, Y"`, `"H:i"`, backslash to
/// escape) for the `date` and `time` filters, with the English locale's names.
enum DateFormat {
    static let formatCharacters = Set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ")
    static let timeCharacters = Set("aAefgGhHiOPsTuZ")

    /// The English locale's named formats, which `date` and `time` accept as arguments.
    static let namedFormats = [
        "DATE_FORMAT": "N j, Y", "DATETIME_FORMAT": "N j, Y, P", "TIME_FORMAT": "P",
        "YEAR_MONTH_FORMAT": "F Y", "MONTH_DAY_FORMAT": "F j", "SHORT_DATE_FORMAT": "m/d/Y",
        "SHORT_DATETIME_FORMAT": "m/d/Y P",
    ]

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let monthsAP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The formatted value, or nil when the format asks for something the value lacks (time
    /// characters for a date, date characters for a time) or `timeOnly` forbids.
    static func format(_ parts: DateParts, _ format: String, timeOnly: Bool = false) -> String? {
        var out = ""
        var escaped = false
        for char in format {
            if escaped { out.append(char); escaped = false; continue }
            if char == "\\" { escaped = true; continue }
            guard formatCharacters.contains(char) else { out.append(char); continue }
            let isTime = timeCharacters.contains(char)
            if isTime ? !parts.hasTime : (!parts.hasDate || timeOnly) { return nil }
            out += piece(char, parts)
        }
        if escaped { out += "\\" }
        return out
    }

    static func two(_ n: Int) -> String { String(format: "%02d", n) }

    static func hour12(_ parts: DateParts) -> Int { parts.hour % 12 == 0 ? 12 : parts.hour % 12 }

    /// "+0200": the UTC offset; "" for times and (with `naiveEmpty`) naive values.
    static func offset(_ parts: DateParts) -> String {
        guard parts.isDateTime else { return "" }
        let seconds = parts.utcOffset
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return sign + two(magnitude / 3600) + two(magnitude % 3600 / 60)
    }

    static func zoneName(_ parts: DateParts) -> String {
        let zone = parts.effectiveZone
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(zone.identifier) { return "UTC" }
        let instant = Date(timeIntervalSince1970: parts.instant)
        if let abbreviation = ZoneAbbreviation.of(zone, at: instant) { return abbreviation }
        if let abbreviation = zone.abbreviation(for: instant), abbreviation.allSatisfy(\.isLetter) { return abbreviation }
        return offset(parts)
    }

    static func piece(_ char: Character, _ p: DateParts) -> String {
        switch char {
        case "a": return p.hour > 11 ? "p.m." : "a.m."
        case "A": return p.hour > 11 ? "PM" : "AM"
        case "e": return p.isAware ? zoneName(p) : ""
        case "f": return p.minute == 0 ? String(hour12(p)) : "\(hour12(p)):\(two(p.minute))"
        case "g": return String(hour12(p))
        case "G": return String(p.hour)
        case "h": return two(hour12(p))
        case "H": return two(p.hour)
        case "i": return two(p.minute)
        case "O": return offset(p)
        case "P":
            if p.minute == 0 && p.hour == 0 { return "midnight" }
            if p.minute == 0 && p.hour == 12 { return "noon" }
            return piece("f", p) + " " + piece("a", p)
        case "s": return two(p.second)
        case "T": return p.isDateTime ? zoneName(p) : ""
        case "u": return String(format: "%06d", p.microsecond)
        case "Z": return p.isDateTime ? String(p.utcOffset) : ""
        case "b": return String(months[p.month - 1].prefix(3)).lowercased()
        case "c":
            var text = String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
            guard p.hasTime else { return text }
            text += "T" + two(p.hour) + ":" + two(p.minute) + ":" + two(p.second)
            if p.microsecond != 0 { text += String(format: ".%06d", p.microsecond) }
            if p.isAware {
                let o = offset(p)
                text += String(o.prefix(3)) + ":" + String(o.suffix(2))
            }
            return text
        case "d": return two(p.day)
        case "D": return String(weekdays[p.weekday].prefix(3))
        case "E", "F": return months[p.month - 1]
        case "I":
            guard p.isDateTime else { return "" }
            return p.effectiveZone.isDaylightSavingTime(for: Date(timeIntervalSince1970: p.instant)) ? "1" : "0"
        case "j": return String(p.day)
        case "l": return weekdays[p.weekday]
        case "L": return p.isLeapYear ? "True" : "False"
        case "m": return two(p.month)
        case "M": return String(months[p.month - 1].prefix(3))
        case "n": return String(p.month)
        case "N": return monthsAP[p.month - 1]
        case "o": return String(p.isoWeek.year)
        case "r":
            var full = p
            if !full.hasTime { full.hasTime = true }
            return piece("D", full) + ", " + two(full.day) + " " + piece("M", full) + " " + String(format: "%04d", full.year)
                + " " + two(full.hour) + ":" + two(full.minute) + ":" + two(full.second) + " " + offset(full)
        case "S":
            if (11...13).contains(p.day) { return "th" }
            switch p.day % 10 {
            case 1: return "st"
            case 2: return "nd"
            case 3: return "rd"
            default: return "th"
            }
        case "t": return two(p.daysInMonth)
        case "U":
            var full = p
            if !full.hasTime { full.hasTime = true }
            return String(Int(full.instant.rounded(.down)))
        case "w": return String((p.weekday + 1) % 7)
        case "W": return String(p.isoWeek.week)
        case "y": return two(p.year % 100)
        case "Y": return String(format: "%04d", p.year)
        case "z": return String(p.dayOfYear)
        default: return String(char)
        }
    }
}
