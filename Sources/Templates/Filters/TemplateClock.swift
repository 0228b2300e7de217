import Foundation

/// The present as `timesince`, `timeuntil` and `{% now %}` see it: the system clock, unless a
/// task fixes it with `at(_:_:)` (to render a template as of a given moment, or to replay a
/// render recorded earlier).
public enum TemplateClock {
    @TaskLocal private static var fixed: Date?

    /// The current moment.
    public static var now: Date { fixed ?? Date() }

    /// Runs `body` with the clock stopped at `moment` for this task.
    public static func at<T>(_ moment: Date, _ body: () throws -> T) rethrows -> T {
        try $fixed.withValue(moment) { try body() }
    }
}
