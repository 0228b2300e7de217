#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `wsgi.file_wrapper`: a body that streams an open file in blocks.
///
/// A server that finds its own wrapper returned as the body may send the file without copying it
/// through the application (sendfile); any other server simply iterates it.
public final class FileWrapper: ResponseBody {
    /// The shape of `environ.fileWrapper`: wraps an open file descriptor, which the wrapper then owns.
    public typealias Factory = @Sendable (_ fileDescriptor: Int32, _ blockSize: Int) -> FileWrapper

    public let fileDescriptor: Int32
    public let blockSize: Int
    /// Run once after the file is closed: where a framework hangs `request_finished`.
    public var onClose: (() -> Void)?
    private var closed = false

    public init(fileDescriptor: Int32, blockSize: Int = 8192) {
        self.fileDescriptor = fileDescriptor
        self.blockSize = max(1, blockSize)
    }

    public static let factory: Factory = { FileWrapper(fileDescriptor: $0, blockSize: $1) }

    public func next() throws -> [UInt8]? {
        guard !closed else { return nil }
        var block = [UInt8](repeating: 0, count: blockSize)
        let n = block.withUnsafeMutableBytes { readDescriptor(fileDescriptor, $0.baseAddress, blockSize) }
        if n < 0 { throw FileWrapperError.readFailed(errno: errno) }
        if n == 0 { return nil }
        block.removeSubrange(n...)
        return block
    }

    public func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(fileDescriptor)
        onClose?()
    }
}

public enum FileWrapperError: Error {
    case readFailed(errno: Int32)
}

private func readDescriptor(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
