import Foundation

/// FileResponse: a file streamed in blocks, with Content-Length, a Content-Type guessed from the
/// file name and a Content-Disposition, as Django sets them. Servers that offer
/// `wsgi.file_wrapper` get the file itself.
public final class FileResponse: StreamingHTTPResponse {
    public let fileDescriptor: Int32
    public let blockSize = 4096

    /// Opens `path`; throws Http404 when it cannot be read (as serving a missing file should).
    public convenience init(path: String, asAttachment: Bool = false, filename: String? = nil, contentType: String? = nil) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Http404("\(path) could not be opened") }
        self.init(fileDescriptor: descriptor, asAttachment: asAttachment, filename: filename ?? (path as NSString).lastPathComponent,
                  contentType: contentType)
    }

    /// Takes ownership of an open file descriptor.
    public init(fileDescriptor: Int32, asAttachment: Bool = false, filename: String = "", contentType: String? = nil) {
        self.fileDescriptor = fileDescriptor
        var closed = false
        let blockSize = 4096
        super.init(contentType: contentType ?? Self.guessType(filename)) {
            guard !closed else { return nil }
            var block = [UInt8](repeating: 0, count: blockSize)
            let count = block.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, blockSize) }
            if count <= 0 {
                closed = true
                return nil
            }
            return Array(block[..<count])
        }
        var info = stat()
        if fstat(fileDescriptor, &info) == 0 { headers["Content-Length"] = String(info.st_size) }
        if asAttachment || !filename.isEmpty {
            headers["Content-Disposition"] = Self.contentDisposition(asAttachment: asAttachment, filename: filename)
        }
        closers.append { closeFile(fileDescriptor) }
    }

    /// Django's `content_disposition_header`: ASCII names quoted, others RFC 5987-encoded.
    static func contentDisposition(asAttachment: Bool, filename: String) -> String {
        let disposition = asAttachment ? "attachment" : "inline"
        if filename.unicodeScalars.allSatisfy(\.isASCII) {
            let escaped = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(disposition); filename=\"\(escaped)\""
        }
        return "\(disposition); filename*=utf-8''\(QueryDict.quotePlus(filename).replacingOccurrences(of: "+", with: "%20"))"
    }

    /// Python's `mimetypes.guess_type` for common files, with Django's mapping of compressions.
    static func guessType(_ filename: String) -> String {
        let name = filename.lowercased()
        for (suffix, type) in [(".tar.gz", "application/gzip"), (".gz", "application/gzip"), (".bz2", "application/x-bzip"), (".xz", "application/x-xz")]
        where name.hasSuffix(suffix) { return type }
        let types = [
            "txt": "text/plain", "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript",
            "json": "application/json", "xml": "application/xml", "csv": "text/csv", "pdf": "application/pdf",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
            "webp": "image/webp", "ico": "image/vnd.microsoft.icon", "zip": "application/zip", "mp4": "video/mp4",
            "woff": "font/woff", "woff2": "font/woff2", "md": "text/markdown", "wasm": "application/wasm",
        ]
        let ext = (name as NSString).pathExtension
        return types[ext] ?? "application/octet-stream"
    }
}

/// The C library's close(2), out of reach of `HTTPResponseBase.close()` inside the class.
func closeFile(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// dup(2): a second descriptor for the same open file, for a server's file wrapper to own.
func duplicateFile(_ descriptor: Int32) -> Int32 {
    dup(descriptor)
}
