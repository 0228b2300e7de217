import Foundation
import Framework
import Gateway
import Testing

@Suite("FileResponse")
struct FileResponseTests {
    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    func fileSite(_ path: String, asAttachment: Bool = false) -> Site {
        site([Framework.path("f/", View("file") { _, _ in try FileResponse(path: path, asAttachment: asAttachment) })], middleware: [])
    }

    @Test func headersAsDjangoSetsThem() throws {
        let path = try temporaryFile("notes.txt", "hello file\n")
        let response = try call(fileSite(path), environ("/f/"))
        #expect(response.header("Content-Type") == "text/plain")
        #expect(response.header("Content-Length") == "11")
        #expect(response.header("Content-Disposition") == "inline; filename=\"notes.txt\"")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello file\n")
        let attachment = try call(fileSite(path, asAttachment: true), environ("/f/"))
        #expect(attachment.header("Content-Disposition") == "attachment; filename=\"notes.txt\"")
    }

    @Test func servedThroughTheServersFileWrapperWhenOffered() throws {
        let path = try temporaryFile("data.json", "{\"a\": 1}")
        var env = environ("/f/")
        env.fileWrapper = FileWrapper.factory
        let application = try Handler(site: fileSite(path)).application
        let starter = ResponseStarter(output: { _ in })
        let body = try application(env, starter.startResponse)
        #expect(body is FileWrapper)
        var bytes: [UInt8] = []
        try body.drain { bytes += $0 }
        #expect(String(decoding: bytes, as: UTF8.self) == "{\"a\": 1}")
        #expect(starter.headers.first { $0.name == "Content-Type" }?.value == "application/json")
    }

    @Test func aMissingFileIsA404() throws {
        let response = try call(fileSite("/nonexistent/file.txt"), environ("/f/"))
        #expect(response.status == "404 Not Found")
    }
}
