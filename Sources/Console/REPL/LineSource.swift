import Foundation

/// One read from the user: a line, Ctrl-C, or the end of input (Ctrl-D, or the end of a pipe).
public enum LineRead: Sendable, Equatable {
    case line(String)
    case interrupted
    case end
}

/// Where the REPL's lines come from: GNU readline on a terminal, plain standard input when it
/// is piped (no prompts, no echo, so a transcript replays).
public protocol LineSource {
    /// Whether a person is typing: prompts, history and completion only make sense then.
    var isInteractive: Bool { get }
    mutating func read(prompt: String) -> LineRead
    /// A whole entry (a command or a request's first line) worth keeping in the history.
    mutating func remember(_ line: String)
}

/// Lines of a pipe or a file: the REPL's syntax without prompts.
public struct PipedLines: LineSource {
    public var isInteractive: Bool { false }

    public init() {}

    public mutating func read(prompt: String) -> LineRead {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    public mutating func remember(_ line: String) {}
}
