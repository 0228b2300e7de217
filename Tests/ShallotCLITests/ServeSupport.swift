import Foundation
import HTTPTestClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

// End-to-end support for `shallot serve`: a raw socket client with a timeout on every read,
// and a server process started on an ephemeral port and always stopped.

/// A `shallot serve` process on 127.0.0.1 with an ephemeral port; `stop()` sends SIGTERM and
/// waits (SIGKILL after a deadline), so no test leaves one behind.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = LockedText()
    private let output = LockedText()
    private(set) var port = 0

    init(_ arguments: [String], cwd: URL? = nil) throws {
        process.executableURL = shallotBinary
        process.arguments = ["serve", "--bind", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = cwd ?? packageRoot
        process.standardInput = FileHandle.nullDevice
        let errPipe = Pipe(), outPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = outPipe
        for (pipe, sink) in [(errPipe, errors), (outPipe, output)] {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { return }
                    sink.append(String(decoding: buffer[0..<count], as: UTF8.self))
                }
            }
        }
        try process.run()
        guard let line = waitForLine(containing: "Listening at: http://127.0.0.1:", seconds: 20) else {
            stop()
            throw ClientError(description: "the server did not start:\n\(stderr)")
        }
        let tail = line.components(separatedBy: "Listening at: http://127.0.0.1:")[1]
        port = Int(tail.prefix { $0.isNumber }) ?? 0
    }

    var stderr: String { errors.text }
    var stdout: String { output.text }

    /// The first stderr line containing `needle` (after `skipping` such lines), waiting up to `seconds`.
    func waitForLine(containing needle: String, skipping: Int = 0, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let lines = errors.text.split(separator: "\n").filter { $0.contains(needle) }
            if lines.count > skipping { return String(lines[skipping]) }
            if !process.isRunning { break }
            usleep(20_000)
        }
        let lines = errors.text.split(separator: "\n").filter { $0.contains(needle) }
        return lines.count > skipping ? String(lines[skipping]) : nil
    }

    func connect() throws -> RawClient { try RawClient(port: port) }

    /// SIGTERM, then waits up to `seconds` for the exit (SIGKILL after that); returns the exit status.
    @discardableResult
    func stop(seconds: Double = 10) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Text appended from a reader thread.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    func append(_ text: String) { lock.withLock { value += text } }
    var text: String { lock.withLock { value } }
}
