import Foundation

/// ANSI styling that switches itself off when output is not a terminal or NO_COLOR is set.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// `--color auto`: colour only on a TTY, and never when NO_COLOR is set to anything non-empty.
    public static func auto(fileDescriptor: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return Style(enabled: isatty(fileDescriptor) == 1 && !noColor)
    }

    func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { paint(text, "1") }
    public func dim(_ text: String) -> String { paint(text, "2") }
    public func red(_ text: String) -> String { paint(text, "31") }
    public func cyan(_ text: String) -> String { paint(text, "36") }

    /// Status lines coloured by class: 2xx green, 3xx cyan, 4xx yellow, 5xx red.
    public func status(_ text: String, code: Int) -> String {
        switch code {
        case 200..<300: paint(text, "1;32")
        case 300..<400: paint(text, "1;36")
        case 400..<500: paint(text, "1;33")
        default: paint(text, "1;31")
        }
    }
}

/// Where the console writes: whole pieces at once to a file descriptor, so that nothing already
/// printed is lost or interleaved if a later request fails.
public struct TextOutput: Sendable {
    public let fileDescriptor: Int32

    public static let standardOutput = TextOutput(fileDescriptor: 1)
    public static let standardError = TextOutput(fileDescriptor: 2)

    public func write(_ text: String) { write(Array(text.utf8)) }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
