import Foundation
import Testing

/// A program running in a detached tmux session: keys are sent as a person types them and the
/// screen is read back, so the REPL is tested through a real terminal (readline's editing,
/// history and completion included). Each session has its own tmux server socket.
struct TmuxSession {
    /// Whether tmux is here. CI installs it (.ci/run), so there a missing tmux fails the tests.
    static let isAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || ProcessInfo.processInfo.environment["CI"] != nil

    let socket = "shallot-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (argv) with `environment` added, in a 100×40 terminal.
    init(_ command: [String], environment: [String: String] = [:]) throws {
        let assignments = environment.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let line = "env \(assignments) " + command.map(Self.quote).joined(separator: " ") + "; sleep 30"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "100", "-y", "40", line], output: false)
    }

    /// Keys by tmux's names: "Enter", "Tab", "Up", "C-c", "C-d".
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// Text typed literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

    /// What the terminal shows now, trailing blank lines dropped.
    func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p", "-t", "t"])
        return text.replacingOccurrences(of: "\\n+$", with: "\n", options: .regularExpression)
    }

    /// Waits until the screen shows `text` (at most `seconds`), and returns the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var shown = try screen()
        while shown.occurrences(of: text) < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            shown = try screen()
        }
        return shown
    }

    func kill() { _ = try? tmux(["kill-server"]) }

    /// Runs tmux and waits for it with posix_spawn and waitpid: Foundation's Process never
    /// sees `new-session` end, as the server it leaves behind keeps its descriptors.
    @discardableResult
    private func tmux(_ arguments: [String], output: Bool = true) throws -> String {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ? capture : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The programs started in the session get no signal blocked or ignored from the test runner.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGQUIT, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ) == 0 else {
            throw TmuxFailure(message: "cannot start tmux \(arguments.first ?? "")")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return output ? (try? String(contentsOfFile: capture, encoding: .utf8)) ?? "" : ""
    }

    struct TmuxFailure: Error { var message: String }

    private static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
