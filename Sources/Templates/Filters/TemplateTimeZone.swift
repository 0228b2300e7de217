import Foundation
import Synchronization

/// Django's TIME_ZONE setting as the template language sees it: the zone naive datetimes are
/// in (what `T`, `O`, `Z`, `U` and `r` show for them, and the present `timesince`,
/// `timeuntil` and `{% now %}` compare with or print). Process-wide, as Django's settings are
/// (UTC unless a site sets it at start-up); `withZone` overrides it for one task, as
/// `override_settings(TIME_ZONE=…)` does in Django's tests.
public enum TemplateTimeZone {
    private static let setting = Mutex<TimeZone>(TimeZone(identifier: "UTC")!)
    @TaskLocal private static var override: TimeZone?

    /// The default time zone now in force.
    public static var current: TimeZone { override ?? setting.withLock { $0 } }

    /// Sets the process-wide default time zone.
    public static func set(_ zone: TimeZone) { setting.withLock { $0 = zone } }

    /// Runs `body` with `zone` as the default time zone of this task.
    public static func withZone<T>(_ zone: TimeZone, _ body: () throws -> T) rethrows -> T {
        try $override.withValue(zone) { try body() }
    }
}
