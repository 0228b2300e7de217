import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// End-to-end support: runs the built `shallot` executable as a subprocess and collects what it
// writes and how it exits, as a user's shell would see it.

/// The package root, found from this file's path (Tests/ShallotCLITests/Support.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The sample request files shipped with the package.
let samples: URL = packageRoot.appendingPathComponent("samples/requests/wire")

func sample(_ name: String) -> String { samples.appendingPathComponent(name).path }

/// The variable that names the sample site's database file.
let sampleDatabaseVariable = "SHALLOT_SAMPLE_DB"

/// The sample site's database for the runs that name none: one for the whole test run, created
/// by a first `shallot migrate` before any test uses it (so no other run prints the creation
/// line, and no test touches the user's own sample database), and removed when the run exits.
/// It is shared: a test that votes, or checks what a first run does, gives its runs a fresh
/// database of their own (`FreshSampleDatabase`).
let sharedSampleDatabase: String = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-e2e-db-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("polls.sqlite3").path
    _ = try? shallot(["migrate"], environment: [sampleDatabaseVariable: path])
    atexit { try? FileManager.default.removeItem(at: sharedSampleDatabaseFolder) }
    return path
}()

private var sharedSampleDatabaseFolder: URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("shallot-e2e-db-\(getpid())")
}

/// A sample database of a test's own, not yet created: `environment` hands it to `shallot`.
struct FreshSampleDatabase {
    let directory: TemporaryDirectory
    var path: String { directory.url.appendingPathComponent("polls.sqlite3").path }
    var environment: [String: String?] { [sampleDatabaseVariable: path] }

    init() throws { directory = try TemporaryDirectory() }
    func remove() { directory.remove() }
}

/// The `shallot` binary: next to the test runner (both are products of the same build folder,
/// e.g. `.build-e2e/debug/`), else `.build/debug/shallot` under the package root.
let shallotBinary: URL = {
    let fileManager = FileManager.default
    if let runner = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        let candidate = URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("shallot")
        if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return packageRoot.appendingPathComponent(".build/debug/shallot")
}()

/// What one run of the binary produced.
struct ShallotRun: Sendable, CustomTestStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    var testDescription: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Bytes read from a file descriptor on a background queue, handed over once complete.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) { lock.withLock { bytes.append(data) } }
    var data: Data { lock.withLock { bytes } }
}

/// Runs `shallot args…` and waits for it.
///
/// - stdin: piped to the process when given; otherwise stdin is /dev/null (never the test runner's).
/// - cwd: the working directory (the package root unless given).
/// - environment: replaces variables of the test runner's environment (nil removes one).
/// - terminal: stdout is a pseudo-terminal instead of a pipe (for `--color auto`); its
///   output has the terminal's CRLF line ends turned back into LF.
/// - stdinTerminal: stdin is a pseudo-terminal (as when nothing is piped in a shell).
func shallot(
    _ arguments: [String], stdin: String? = nil, cwd: URL? = nil,
    environment: [String: String?] = [:], terminal: Bool = false, stdinTerminal: Bool = false
) throws -> ShallotRun {
    // A child that exits without reading its stdin (a usage error) must not take the runner down.
    _ = ignoreBrokenPipes
    let process = Process()
    process.executableURL = shallotBinary
    process.arguments = arguments
    process.currentDirectoryURL = cwd ?? packageRoot
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    if !environment.keys.contains(sampleDatabaseVariable) { env[sampleDatabaseVariable] = sharedSampleDatabase }
    for (name, value) in environment { env[name] = value }
    process.environment = env

    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    var outTerminal: PseudoTerminal?
    var inTerminal: PseudoTerminal?
    if terminal {
        let pty = try #require(PseudoTerminal.open(), "cannot open a pseudo-terminal")
        outTerminal = pty
        process.standardOutput = FileHandle(fileDescriptor: pty.replica, closeOnDealloc: false)
    } else {
        process.standardOutput = outPipe
    }
    process.standardError = errPipe
    if stdinTerminal {
        let pty = try #require(PseudoTerminal.open(), "cannot open a pseudo-terminal")
        inTerminal = pty
        process.standardInput = FileHandle(fileDescriptor: pty.replica, closeOnDealloc: false)
    } else if stdin != nil {
        process.standardInput = inPipe
    } else {
        process.standardInput = FileHandle.nullDevice
    }

    let out = Collected()
    let err = Collected()
    let group = DispatchGroup()
    let stdoutDescriptor = outTerminal?.primary ?? outPipe.fileHandleForReading.fileDescriptor
    let stderrDescriptor = errPipe.fileHandleForReading.fileDescriptor
    for (descriptor, sink) in [(stdoutDescriptor, out), (stderrDescriptor, err)] {
        group.enter()
        DispatchQueue.global().async {
            drain(descriptor, into: sink)
            group.leave()
        }
    }

    try process.run()
    // Process closes the parent's copies of the pipes' child ends; the terminals' are ours to close,
    // or their readers never see the end.
    outTerminal?.closeReplica()
    inTerminal?.closeReplica()
    if let stdin {
        let writer = inPipe.fileHandleForWriting
        let bytes = Array(stdin.utf8)
        group.enter()
        DispatchQueue.global().async {
            var offset = 0
            while offset < bytes.count {
                let count = bytes[offset...].withUnsafeBytes { write(writer.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                offset += count
            }
            writer.closeFile()
            group.leave()
        }
    }
    process.waitUntilExit()
    group.wait()
    outTerminal?.closePrimary()
    inTerminal?.closePrimary()

    var stdout = String(decoding: out.data, as: UTF8.self)
    if terminal { stdout = stdout.replacingOccurrences(of: "\r\n", with: "\n") }
    return ShallotRun(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: err.data, as: UTF8.self))
}

/// Writing to a child that has exited is EPIPE, not a fatal signal.
private let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

/// Reads a descriptor until end of file (or EIO, a pseudo-terminal's end once its replica closed).
private func drain(_ descriptor: Int32, into sink: Collected) {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { return }
        sink.append(Data(buffer[0..<count]))
    }
}

/// A pseudo-terminal pair. Glibc's Swift module hides the XSI pty functions, so they are found
/// with dlsym.
struct PseudoTerminal {
    let primary: Int32
    let replica: Int32

    private typealias OpenFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    static var isAvailable: Bool {
        guard let pty = open() else { return false }
        pty.closeReplica()
        pty.closePrimary()
        return true
    }

    static func open() -> PseudoTerminal? {
        guard let openPrimary = function("posix_openpt", as: OpenFunction.self),
              let grant = function("grantpt", as: (@convention(c) (Int32) -> Int32).self),
              let unlock = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
              let name = function("ptsname_r", as: NameFunction.self)
        else { return nil }
        let primary = openPrimary(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard primary >= 0 else { return nil }
        var path = [CChar](repeating: 0, count: 256)
        guard grant(primary) == 0, unlock(primary) == 0, name(primary, &path, path.count) == 0 else {
            close(primary)
            return nil
        }
        let replica = Glibc.open(String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard replica >= 0 else {
            close(primary)
            return nil
        }
        return PseudoTerminal(primary: primary, replica: replica)
    }

    func closeReplica() { close(replica) }
    func closePrimary() { close(primary) }
}

/// A fresh directory under the system's temporary folder, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` (as UTF-8) to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

extension String {
    /// How many times `needle` occurs (non-overlapping).
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
