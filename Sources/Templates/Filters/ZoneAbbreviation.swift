import Foundation
import Synchronization

/// A time zone's abbreviation as Python's zoneinfo gives it ("CST", "CEST"): read from the
/// zone's tz database file, whose closing POSIX TZ string ("CST6CDT,M3.2.0,M11.1.0") names its
/// standard and daylight-saving abbreviations. Foundation on Linux only offers "GMT-6".
enum ZoneAbbreviation {
    /// The directories the tz database may be in.
    static let directories = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/var/db/timezone/zoneinfo"]

    private static let cache = Mutex<[String: Names?]>([:])

    struct Names: Sendable {
        var standard: String
        var daylight: String?
    }

    /// The abbreviation of `zone` at `instant`, or nil when the database does not say.
    static func of(_ zone: TimeZone, at instant: Date) -> String? {
        let identifier = zone.identifier
        let names: Names?
        if let cached = cache.withLock({ $0[identifier] }) {
            names = cached
        } else {
            names = read(identifier)
            cache.withLock { $0[identifier] = names }
        }
        guard let names else { return nil }
        return zone.isDaylightSavingTime(for: instant) ? names.daylight ?? names.standard : names.standard
    }

    static func read(_ identifier: String) -> Names? {
        guard !identifier.contains(".."), !identifier.hasPrefix("/") else { return nil }
        for directory in directories {
            guard let data = FileManager.default.contents(atPath: directory + "/" + identifier) else { continue }
            let bytes = [UInt8](data)
            guard bytes.starts(with: Array("TZif".utf8)), bytes.last == 0x0A else { return nil }
            // The footer: "\n<TZ string>\n" at the end of a version 2+ file.
            guard let start = bytes.dropLast().lastIndex(of: 0x0A) else { return nil }
            return parse(String(decoding: bytes[(start + 1)..<(bytes.count - 1)], as: UTF8.self))
        }
        return nil
    }

    /// The names in a POSIX TZ string: letters, or `<…>` quoted (numeric names such as
    /// "<+0315>", which are not abbreviations and give nil).
    static func parse(_ tz: String) -> Names? {
        var rest = Substring(tz)
        func name() -> String? {
            if rest.first == "<" {
                guard let close = rest.firstIndex(of: ">") else { return nil }
                let quoted = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                return quoted.allSatisfy(\.isLetter) ? String(quoted) : nil
            }
            let letters = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(letters.count)
            return letters.count >= 3 ? String(letters) : nil
        }
        guard let standard = name() else { return nil }
        rest = rest.drop { "+-0123456789:".contains($0) }
        return Names(standard: standard, daylight: rest.isEmpty || rest.first == "," ? nil : name())
    }
}
