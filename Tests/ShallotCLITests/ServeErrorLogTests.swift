import Foundation
import HTTPTestClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("shallot serve: a 500 in the error log", .serialized, .timeLimit(.minutes(2)))
struct ServeErrorLogTests {
    /// The log file's text once it contains `needle` (waiting up to `seconds`), else all of it.
    static func waitFor(_ needle: String, in log: URL, seconds: Double = 20) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains(needle) { break }
            usleep(20_000)
        }
        return text
    }

    @Test("a view that raises: the client gets the plain 500 page, the --error-logfile the report")
    func reportInErrorLog() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-errors-\(getpid()).log")
        try? FileManager.default.removeItem(at: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = shallotBinary
        process.arguments = ["serve", "--bind", "127.0.0.1:0", "--set", "DEBUG=False", "--set", "ALLOWED_HOSTS=127.0.0.1", "--error-logfile", log.path]
        process.currentDirectoryURL = packageRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let started = Self.waitFor("Listening at: http://127.0.0.1:", in: log)
        let tail = try #require(started.components(separatedBy: "Listening at: http://127.0.0.1:").dropFirst().first, "the server did not start: \(started)")
        let port = try #require(Int(tail.prefix { $0.isNumber }))

        let client = try RawClient(port: port)
        client.send(Array("GET /error/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        let response = try client.response(method: "GET")
        #expect(response.code == 500)
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(page.contains("<h1>Server Error (500)</h1>"))
        #expect(!page.contains("failed on purpose") && !page.contains("SampleError") && !page.contains("mysite.views.error"))

        let text = Self.waitFor("SampleError", in: log, seconds: 5)
        #expect(text.contains("""
            Internal Server Error: /error/
            Traceback (request lifecycle, innermost step last):
              → SecurityMiddleware
            """))
        #expect(text.contains("resolver error/ → mysite.views.error() [name='error']\n"))
        #expect(text.contains("view mysite.views.error raised\nSampleError: the sample view failed on purpose\n"))
    }
}
