import CReadline
import Foundation
import Synchronization

/// Lines typed at a terminal, through GNU readline: line editing, history kept in a file
/// across sessions, tab completion from a `Completer`, and Ctrl-C abandoning the line.
public struct ReadlineLines: LineSource {
    public var isInteractive: Bool { true }
    let historyFile: String?

    /// `historyFile`: where history is loaded from and appended to (nil keeps none).
    public init(completer: Completer, historyFile: String?) {
        self.historyFile = historyFile
        ReadlineCompletion.state.withLock { $0 = .init(completer: completer) }
        shallot_rl_setup("shallot", readlineComplete)
        shallot_rl_break_words_on_whitespace()
        using_history()
        if let historyFile { _ = read_history(historyFile) }
    }

    public mutating func read(prompt: String) -> LineRead {
        ReadlineCompletion.state.withLock { $0.inHead = prompt.contains("head") }
        var pointer: UnsafeMutablePointer<CChar>?
        guard shallot_rl_read(prompt, &pointer) != 0 else { return .interrupted }
        guard let pointer else { return .end }
        defer { free(pointer) }
        return .line(String(cString: pointer))
    }

    public mutating func remember(_ line: String) {
        add_history(line)
        if let historyFile {
            if append_history(1, historyFile) != 0 { _ = write_history(historyFile) }
            _ = history_truncate_file(historyFile, 2000)
        }
    }
}

/// What readline's completion callback (a C function pointer, which captures nothing) reads:
/// the completer and whether a request head is being typed. The one piece of process-wide
/// state the REPL has, behind a lock.
enum ReadlineCompletion {
    struct State: Sendable {
        var completer = Completer(routes: [])
        var inHead = false
        var matches: [String] = []
    }

    static let state = Mutex(State())
}

/// readline's `rl_attempted_completion_function`.
private func readlineComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    shallot_rl_set_attempted_completion_over(1)
    let word = text.map { String(cString: $0) } ?? ""
    let line = shallot_rl_line_buffer().map { String(cString: $0) } ?? ""
    let prefix = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
    let matches = ReadlineCompletion.state.withLock { state in
        state.matches = state.completer.candidates(for: word, prefix: prefix, inHead: state.inHead)
        return state.matches
    }
    // A folder or a header name is completed without a space after it.
    let noSpace = matches.count == 1 && (matches[0].hasSuffix("/") || matches[0].hasSuffix(":"))
    shallot_rl_set_completion_append_character(noSpace ? 0 : 32)
    return rl_completion_matches(text, readlineGenerate)
}

/// readline's generator: the next match for `state` 0, 1, 2…, malloc'd as readline frees it.
private func readlineGenerate(_ text: UnsafePointer<CChar>?, _ index: Int32) -> UnsafeMutablePointer<CChar>? {
    let matches = ReadlineCompletion.state.withLock { $0.matches }
    guard Int(index) < matches.count else { return nil }
    return strdup(matches[Int(index)])
}
