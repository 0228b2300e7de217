import Synchronization

/// Django's URLIZE_ASSUME_HTTPS setting: whether `urlize` links an address without a scheme
/// (`www.example.com`, `example.org`) as https:// rather than http://. Off unless set, as in
/// Django 6.1 (a transitional setting: https becomes the default later). Process-wide, as
/// Django's settings are; `with` overrides it for one task, as `override_settings` does.
public enum URLizeAssumeHTTPS {
    private static let setting = Mutex(false)
    @TaskLocal private static var override: Bool?

    /// Whether https is assumed now.
    public static var current: Bool { override ?? setting.withLock { $0 } }

    /// Sets the process-wide value.
    public static func set(_ assume: Bool) { setting.withLock { $0 = assume } }

    /// Runs `body` with `assume` in force for this task.
    public static func with<T>(_ assume: Bool, _ body: () throws -> T) rethrows -> T {
        try $override.withValue(assume) { try body() }
    }
}
