import Foundation

/// `{% now "jS F Y H:i" [as name] %}`: the current date and time in Django's date format, in
/// the default time zone (TemplateTimeZone, Django's TIME_ZONE). A format may also be one of Django's named formats (DATE_FORMAT,
/// DATETIME_FORMAT, SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT, TIME_FORMAT, YEAR_MONTH_FORMAT,
/// MONTH_DAY_FORMAT) with their default English values.
enum NowTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var bits = token.splitContents()
        var asvar: String?
        if bits.count == 4 && bits[2] == "as" {
            asvar = bits[3]
            bits.removeLast(2)
        }
        guard bits.count == 2 else { throw TemplateSyntaxError("'now' statement takes one argument") }
        return NowNode(format: String(bits[1].dropFirst().dropLast()), asvar: asvar, line: token.line)
    }
}

final class NowNode: Node {
    let format: String
    let asvar: String?
    let line: Int

    init(format: String, asvar: String?, line: Int) {
        self.format = format
        self.asvar = asvar
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let text = DjangoDateFormat.format(TemplateClock.now, DjangoDateFormat.named[format] ?? format, timeZone: TemplateTimeZone.current)
        if let asvar {
            context[asvar] = text
            return ""
        }
        return text
    }
}

/// Django's `dateformat.format` for the format characters:
/// d j D l N m n M b F E y Y H G h g i s A a P, and also S w z t L U.
/// Other letters Django knows (e, f, I, o, O, r, T, u, W, Z, c) are not implemented and are
/// written as they are; a backslash writes the next character literally.
public enum DjangoDateFormat {
    static let named: [String: String] = [
        "DATE_FORMAT": "N j, Y", "DATETIME_FORMAT": "N j, Y, P", "SHORT_DATE_FORMAT": "m/d/Y",
        "SHORT_DATETIME_FORMAT": "m/d/Y P", "TIME_FORMAT": "P", "YEAR_MONTH_FORMAT": "F Y", "MONTH_DAY_FORMAT": "F j",
    ]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let apMonths = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    public static func format(_ date: Date, _ format: String, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let year = parts.year ?? 0, month = parts.month ?? 1, day = parts.day ?? 1
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0, second = parts.second ?? 0
        let weekday = (parts.weekday ?? 1) - 1  // 0 = Sunday
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let ampm = hour < 12 ? "a.m." : "p.m."
        let shortTime = minute == 0 ? "\(hour12)" : "\(hour12):\(two(minute))"

        var out = ""
        var escaped = false
        for char in format {
            if escaped {
                out.append(char)
                escaped = false
                continue
            }
            switch char {
            case "\\": escaped = true
            case "d": out += two(day)
            case "j": out += "\(day)"
            case "D": out += String(weekdays[weekday].prefix(3))
            case "l": out += weekdays[weekday]
            case "w": out += "\(weekday)"
            case "S":
                out += (11...13).contains(day % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][day % 10] ?? "th"
            case "z": out += "\(calendar.ordinality(of: .day, in: .year, for: date) ?? 0)"
            case "t": out += "\(calendar.range(of: .day, in: .month, for: date)?.count ?? 0)"
            case "N": out += apMonths[month - 1]
            case "m": out += two(month)
            case "n": out += "\(month)"
            case "M": out += String(months[month - 1].prefix(3))
            case "b": out += String(months[month - 1].prefix(3)).lowercased()
            case "F", "E": out += months[month - 1]
            case "y": out += two(year % 100)
            case "Y": out += year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
            case "L": out += leap ? "True" : "False"
            case "H": out += two(hour)
            case "G": out += "\(hour)"
            case "h": out += two(hour12)
            case "g": out += "\(hour12)"
            case "i": out += two(minute)
            case "s": out += two(second)
            case "A": out += hour < 12 ? "AM" : "PM"
            case "a": out += ampm
            case "P":
                if hour == 0 && minute == 0 {
                    out += "midnight"
                } else if hour == 12 && minute == 0 {
                    out += "noon"
                } else {
                    out += "\(shortTime) \(ampm)"
                }
            case "U": out += "\(Int(date.timeIntervalSince1970))"
            default: out.append(char)
            }
        }
        return out
    }
}
