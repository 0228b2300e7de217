import Foundation
import Gateway
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("FileWrapper")
struct FileWrapperTests {
    /// Writes `contents` to a fresh temporary file and returns its path.
    func temporaryFile(_ contents: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-test-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        return path
    }

    func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0, "open(\(path)) failed: errno \(errno)")
        return fd
    }

    @Test func streamsTheFileInBlocks() throws {
        let path = try temporaryFile(bytes("0123456789"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wrapper = FileWrapper(fileDescriptor: try openForReading(path), blockSize: 4)
        #expect(wrapper.blockSize == 4)
        let chunks = ChunkLog()
        try wrapper.drain { chunks.append($0) }
        #expect(chunks.strings == ["0123", "4567", "89"])
        #expect(try wrapper.next() == nil)
    }

    @Test func exactMultipleOfTheBlockSize() throws {
        let contents = (0..<16).map { UInt8($0 * 13) }
        let path = try temporaryFile(contents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wrapper = FileWrapper.factory(try openForReading(path), 4)
        let chunks = ChunkLog()
        try wrapper.drain { chunks.append($0) }
        #expect(chunks.chunks == [Array(contents[0..<4]), Array(contents[4..<8]), Array(contents[8..<12]), Array(contents[12..<16])])
    }

    @Test func emptyFile() throws {
        let path = try temporaryFile([])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wrapper = FileWrapper(fileDescriptor: try openForReading(path))
        #expect(wrapper.blockSize == 8192)
        #expect(try wrapper.next() == nil)
        wrapper.close()
    }

    @Test func closeTwiceIsHarmless() throws {
        let path = try temporaryFile(bytes("data"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wrapper = FileWrapper(fileDescriptor: try openForReading(path), blockSize: 4)
        wrapper.close()
        #expect(try wrapper.next() == nil)
        // The descriptor number is free again and likely reused by this open; a second close of the
        // wrapper must not close it.
        let other = try openForReading(path)
        defer { _ = close(other) }
        wrapper.close()
        #expect(fcntl(other, F_GETFD) != -1)
    }

    @Test func blockSizeIsAtLeastOne() {
        #expect(FileWrapper(fileDescriptor: -1, blockSize: 0).blockSize == 1)
        #expect(FileWrapper(fileDescriptor: -1, blockSize: -5).blockSize == 1)
    }

    @Test func readFailureThrows() {
        let wrapper = FileWrapper(fileDescriptor: -1, blockSize: 4)
        do {
            _ = try wrapper.next()
            Issue.record("reading fd -1 should throw")
        } catch FileWrapperError.readFailed(let code) {
            #expect(code == EBADF)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
