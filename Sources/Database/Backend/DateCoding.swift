import Foundation

/// Dates as text in Django's SQLite formats (`YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS.ffffff`, UTC),
/// which sort as they compare. Written by hand: no formatter objects, nothing shared between threads.
enum DateCoding {
    static func dateTimeString(_ date: Date) -> String {
        let (day, secondsOfDay, micros) = split(date)
        let (year, month, dayOfMonth) = civil(fromDays: day)
        let hour = secondsOfDay / 3600, minute = secondsOfDay / 60 % 60, second = secondsOfDay % 60
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(dayOfMonth, 2) + " " + pad(hour, 2) + ":"
            + pad(minute, 2) + ":" + pad(second, 2) + "." + pad(micros, 6)
    }

    static func dateString(_ date: Date) -> String {
        let (year, month, day) = civil(fromDays: split(date).days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.ffffff]]` (a `T` separator also accepted), UTC.
    static func parse(_ text: String) -> Date? {
        // Read in place (no copy of the bytes into an array).
        var text = text
        return text.withUTF8(parse)
    }

    /// `parse` over the text's UTF-8 bytes.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        seconds(bytes).map(Date.init(timeIntervalSince1970:))
    }

    /// The seconds since 1970 that `parse` makes a `Date` of, from the text's UTF-8 bytes.
    static func seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        /// The decimal number in `count` digits from `start` (the caller checked the length).
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<start + count {
                let digit = Int(bytes[index]) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value &* 10 &+ digit
            }
            return value
        }
        guard count >= 10, let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
              let day = number(8, 2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = Double(days(fromCivil: year, month, day)) * 86400
        if count > 10 {
            guard count >= 16, bytes[10] == 32 || bytes[10] == 84, let hour = number(11, 2), bytes[13] == 58,
                  let minute = number(14, 2) else { return nil }
            seconds += Double(hour * 3600 + minute * 60)
            if count > 16 {
                guard count >= 19, bytes[16] == 58, let second = number(17, 2) else { return nil }
                seconds += Double(second)
                if count > 19 {
                    guard bytes[19] == 46 else { return nil }
                    let digits = count - 20
                    guard digits > 0, digits <= 9, let fraction = number(20, digits) else { return nil }
                    // 10^digits, exactly as pow(10, digits) gives it (a power of ten up to 10^9 is
                    // exact in a Double), without the libm call.
                    let micros = (Double(fraction) / powersOfTen[digits] * 1_000_000).rounded()
                    seconds += micros / 1_000_000
                }
            }
        }
        return seconds
    }

    /// 10^0 ... 10^9.
    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
                                                100_000_000, 1_000_000_000]

    private static func split(_ date: Date) -> (days: Int, seconds: Int, micros: Int) {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var days = totalMicros / 86_400_000_000
        var rest = totalMicros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        return (Int(days), Int(rest / 1_000_000), Int(rest % 1_000_000))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
