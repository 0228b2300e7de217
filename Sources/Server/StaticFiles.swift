import Gateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Development static files (what `runserver` does with django.contrib.staticfiles): requests
/// under STATIC_URL are answered from the static folders, with ETag, Last-Modified, conditional
/// requests (304) and single byte ranges (206, 416); the body is a `wsgi.file_wrapper`, so the
/// server sends the file from the kernel. Anything else goes to the application. In production,
/// let nginx serve them (`samples/nginx.conf`).
struct StaticFiles: Sendable {
    let configuration: StaticFilesConfiguration

    func wrap(_ application: @escaping Application) -> Application {
        let prefix = configuration.urlPrefix
        return { environ, startResponse in
            let path = environ.scriptName + environ.pathInfo
            let method = environ.requestMethod
            guard path.hasPrefix(prefix), method == "GET" || method == "HEAD", let served = try serve(String(path.dropFirst(prefix.count)), environ, startResponse) else {
                return try application(environ, startResponse)
            }
            return served
        }
    }

    private func serve(_ relative: String, _ environ: Environ, _ startResponse: StartResponse) throws -> (any ResponseBody)? {
        let parts = relative.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else { return nil }
        for directory in configuration.directories {
            let path = directory + "/" + parts.joined(separator: "/")
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                close(fd)
                continue
            }
            return try respond(fd: fd, info: info, name: String(parts.last!), environ, startResponse)
        }
        return nil
    }

    private func respond(fd: Int32, info: stat, name: String, _ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
        let size = Int(info.st_size)
        let modified = Int(info.st_mtim.tv_sec)
        let etag = "\"\(String(modified, radix: 16))-\(String(size, radix: 16))\""
        var headers: [ResponseHeader] = [
            ("Content-Type", Self.contentType(name)), ("Last-Modified", HTTPDate.format(modified)),
            ("ETag", etag), ("Accept-Ranges", "bytes"),
        ]
        let notModified = environ["HTTP_IF_NONE_MATCH"].map { $0.split(separator: ",").contains { $0.trimmingCharacters(in: " ") == etag || $0.trimmingCharacters(in: " ") == "*" } }
            ?? (environ["HTTP_IF_MODIFIED_SINCE"] == HTTPDate.format(modified))
        if notModified {
            close(fd)
            try startResponse("304 Not Modified", headers)
            return ChunkedBody([])
        }
        if let range = environ["HTTP_RANGE"], environ["HTTP_IF_RANGE"] == nil || environ["HTTP_IF_RANGE"] == etag {
            switch Self.byteRange(range, size: size) {
            case .some(.some(let bounds)):
                lseek(fd, off_t(bounds.lowerBound), SEEK_SET)
                headers.append(("Content-Range", "bytes \(bounds.lowerBound)-\(bounds.upperBound - 1)/\(size)"))
                headers.append(("Content-Length", String(bounds.count)))
                try startResponse("206 Partial Content", headers)
                return LimitedFile(fd: fd, remaining: bounds.count)
            case .some(.none):
                close(fd)
                try startResponse("416 Range Not Satisfiable", [("Content-Range", "bytes */\(size)"), ("Content-Length", "0")])
                return ChunkedBody([])
            case .none:
                break
            }
        }
        headers.append(("Content-Length", String(size)))
        try startResponse("200 OK", headers)
        return FileWrapper(fileDescriptor: fd, blockSize: 64 * 1024)
    }

    /// `bytes=a-b`, `bytes=a-`, `bytes=-n`: nil when the header is not one range we understand
    /// (ignored, the whole file is sent), .some(nil) when it cannot be satisfied.
    static func byteRange(_ header: String, size: Int) -> Range<Int>?? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty {
            guard let suffix = Int(spec[1]), suffix > 0 else { return nil }
            return .some(size == 0 ? nil : max(0, size - suffix)..<size)
        }
        guard let start = Int(spec[0]) else { return nil }
        let end = spec[1].isEmpty ? size - 1 : (Int(spec[1]).map { min($0, size - 1) } ?? -1)
        guard start < size, end >= start else { return .some(nil) }
        return .some(start..<end + 1)
    }

    static func contentType(_ name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() ?? "" {
        case "css": "text/css"
        case "js", "mjs": "text/javascript"
        case "html", "htm": "text/html"
        case "txt": "text/plain"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "ico": "image/vnd.microsoft.icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        default: "application/octet-stream"
        }
    }
}

/// Part of an open file (a byte range), read block by block; closes the file.
final class LimitedFile: ResponseBody {
    private let fd: Int32
    private var remaining: Int

    init(fd: Int32, remaining: Int) {
        self.fd = fd
        self.remaining = remaining
    }

    func next() throws -> [UInt8]? {
        guard remaining > 0 else { return nil }
        var block = [UInt8](repeating: 0, count: min(remaining, 64 * 1024))
        let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        remaining -= n
        return Array(block[0..<n])
    }

    func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
    }
}
