import Gateway
import NIOCore
import Wire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One request on a worker thread: builds the environ, calls the application, streams what it
/// answers to the socket and writes the access-log line; then hands the outcome back to its
/// connection on the event loop.
///
/// The job is the one object that carries a request from the connection's queue to a worker and
/// back, so that handing it over moves a reference instead of copying the parsed message.
final class RequestJob: PoolJob, @unchecked Sendable {  // `outcome`: written on the worker before `execute`, read on the loop after
    /// What the connection does next: a whole one-chunk response is handed back to be written by
    /// the event loop in the same hop that finishes the request.
    struct Outcome: Sendable {
        var keepAlive: Bool
        var finalWrite: ByteBuffer?
    }

    let server: ServerContext
    let channel: any Channel
    let message: RequestMessage
    let peer: Peer
    private let eventLoop: any EventLoop
    private let connection: NIOLoopBound<ConnectionHandler>
    private let context: NIOLoopBound<ChannelHandlerContext>
    private var outcome = Outcome(keepAlive: false)

    /// Made on the event loop, by the connection that received the request.
    init(server: ServerContext, message: RequestMessage, peer: Peer, connection: ConnectionHandler, context: ChannelHandlerContext) {
        self.server = server
        channel = context.channel
        self.message = message
        self.peer = peer
        eventLoop = context.eventLoop
        self.connection = NIOLoopBound(connection, eventLoop: context.eventLoop)
        self.context = NIOLoopBound(context, eventLoop: context.eventLoop)
    }

    /// On a worker thread: answers the request, then lets the connection go on, on its loop.
    func run(worker: Int) {
        outcome = respond(local: server.workerLocals[worker])
        eventLoop.execute { [self] in
            connection.value.finished(context.value, outcome)
        }
    }

    func respond(local: WorkerLocal) -> Outcome {
        // Timed only for the access log.
        let clock = ContinuousClock()
        let started = server.accessLog == nil ? nil : clock.now
        let startSeconds = server.accessLog == nil ? 0 : server.date.seconds()
        var options = server.environOptions
        let (address, scheme) = server.forwarded.resolve(peer: peer.address, peerTrusted: peer.trusted, headers: message.headers, scheme: options.urlScheme)
        options.remoteAddr = address
        options.remotePort = peer.port
        options.urlScheme = scheme
        let environ = EnvironBuilder.environ(for: message, options: options, errors: local.errors)

        let keepAliveWanted = message.keepAlive && !server.isDraining
        let stream = ResponseStream(job: self, local: local, method: message.method, version: message.version, keepAlive: keepAliveWanted)
        let starter = ResponseStarter(output: { try stream.send($0) })
        stream.starter = starter
        var body: (any ResponseBody)?
        do {
            let answered = try server.application(environ, starter.startResponse)
            body = answered
            if let file = answered as? FileWrapper, starter.status != nil, try stream.sendFile(file) {
                // Sent from the file by the kernel.
            } else {
                while let chunk = try answered.next() { try starter.send(chunk) }
                try starter.finish()
                try stream.finish()
            }
            body = nil
            answered.close()
        } catch let gone as ClientGone {
            body?.close()
            stream.keepAlive = false
            server.logError("DEBUG", "client \(peer.address) went away during \(message.method) \(message.target): \(gone.reason)")
        } catch {
            body?.close()
            server.logError("ERROR", "Error handling request \(message.method) \(message.target)\n\(String(reflecting: error))")
            if stream.headWritten {
                stream.keepAlive = false  // the response is cut short: only closing tells the client
            } else {
                stream.sendInternalServerError()
            }
        }
        stream.waitForLastWrite()
        if let log = server.accessLog, let started {
            var environValues: [String: String] = [:]
            for variable in environ.variables { environValues[variable.key] = variable.value }
            let elapsed = clock.now - started
            let micros = Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
            log.log(AccessRecord(
                remoteAddress: address, method: message.method, target: message.target, path: environ.scriptName + environ.pathInfo,
                query: environ.queryString, proto: message.version.description, status: stream.code,
                bodyBytes: stream.bodyBytes, requestHeaders: message.headers.pairs, responseHeaders: stream.sentHeaders,
                environ: environValues, startSeconds: startSeconds, durationMicros: micros))
        }
        return Outcome(keepAlive: stream.keepAlive, finalWrite: stream.deferred)
    }
}

/// The socket went away (or a write failed) while a response was being written.
struct ClientGone: Error {
    var reason: String
}

/// The wire side of one response, used from its worker thread only: holds the first chunk back so
/// a one-chunk body goes out with a Content-Length in one write; streams anything longer chunk by
/// chunk (chunked for HTTP/1.1 when the application gave no length), waiting whenever the socket
/// is not writable, so a slow client slows the producer instead of filling memory.
final class ResponseStream: @unchecked Sendable {
    /// The server and the channel are reached through the job, which holds them: the stream takes
    /// no reference of its own to objects the event loops use at the same time (a reference count
    /// moving between cores is a cache miss on both sides).
    let job: RequestJob
    var server: ServerContext { job.server }
    var channel: any Channel { job.channel }
    let local: WorkerLocal
    /// Buffers are allocated here, without asking the channel (which lives on the event loop).
    private let allocator = ByteBufferAllocator()
    let method: String
    let version: HTTPVersion
    var keepAlive: Bool
    var starter: ResponseStarter?

    private var held: [UInt8]?
    private(set) var headWritten = false
    private var chunked = false
    private var bodyless = false
    private(set) var code = 0
    private(set) var bodyBytes = 0
    /// The head sent, kept for the access log's response-header atoms.
    private var sentHead: ResponseHead?
    /// The head of the server's own 500 page, when that was sent instead.
    private var fixedHeaders: [ResponseHeader]?
    private var lastWrite: EventLoopFuture<Void>?
    /// The fields sent, in order.
    var sentHeaders: [ResponseHeader] { fixedHeaders ?? sentHead?.fields ?? [] }
    /// A whole response (head and its one chunk) left for the event loop to write.
    private(set) var deferred: ByteBuffer?

    init(job: RequestJob, local: WorkerLocal, method: String, version: HTTPVersion, keepAlive: Bool) {
        self.job = job
        self.local = local
        self.method = method
        self.version = version
        self.keepAlive = keepAlive
    }

    /// A body chunk (or `write()` bytes) from the application, after start_response.
    func send(_ chunk: [UInt8]) throws {
        guard !chunk.isEmpty else { return }
        if !headWritten {
            guard let first = held else {
                held = chunk
                return
            }
            held = nil
            var buffer = head(contentLength: nil, extra: first.count + chunk.count + 32)
            appendBody(first, to: &buffer)
            appendBody(chunk, to: &buffer)
            try write(buffer)
            return
        }
        var buffer = allocator.buffer(capacity: chunk.count + 16)
        appendBody(chunk, to: &buffer)
        try write(buffer)
    }

    /// The body ended: a response still held goes out whole, with its length; a chunked one gets its last chunk.
    func finish() throws {
        if !headWritten {
            let body = held ?? []
            held = nil
            var buffer = head(contentLength: body.count, extra: body.count)
            appendBody(body, to: &buffer)
            deferred = buffer
        } else if chunked {
            var buffer = allocator.buffer(capacity: 5)
            buffer.writeStaticString("0\r\n\r\n")
            try write(buffer)
        }
    }

    /// `wsgi.file_wrapper`: the head, then the file's remaining bytes straight from the kernel.
    /// Returns false (nothing written) when the descriptor is not a regular file.
    func sendFile(_ file: FileWrapper) throws -> Bool {
        var info = stat()
        guard fstat(file.fileDescriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        let offset = Int(lseek(file.fileDescriptor, 0, SEEK_CUR))
        let size = Int(info.st_size)
        guard offset >= 0, offset <= size else { return false }
        try write(head(contentLength: size - offset, extra: 0))
        guard !bodyless, size > offset else { return true }
        let copy = dup(file.fileDescriptor)
        guard copy >= 0 else { throw ClientGone(reason: "dup failed") }
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: copy)
        let region = FileRegion(fileHandle: handle, readerIndex: offset, endIndex: size)
        bodyBytes += size - offset
        let future = channel.writeAndFlush(IOData.fileRegion(region))
        defer { try? handle.close() }
        do { try future.wait() } catch { throw ClientGone(reason: "\(error)") }
        return true
    }

    /// gunicorn's page for an application that raised before its response started.
    func sendInternalServerError() {
        let body = Array("<html>\n  <head>\n    <title>Internal Server Error</title>\n  </head>\n  <body>\n    <h1><p>Internal Server Error</p></h1>\n    \n  </body>\n</html>\n".utf8)
        keepAlive = false
        held = nil
        code = 500
        var headers: [ResponseHeader] = [("Content-Type", "text/html"), ("Connection", "close"), ("Content-Length", String(body.count))]
        headers += [("Server", server.configuration.serverSoftware), ("Date", local.date())]
        fixedHeaders = headers
        headWritten = true
        var buffer = allocator.buffer(capacity: 256 + body.count)
        buffer.writeBytes(ResponseSerializer.head(status: "500 Internal Server Error", headers: headers, version: version))
        if method != "HEAD" { buffer.writeBytes(body) }
        bodyBytes = method == "HEAD" ? 0 : body.count
        try? write(buffer)
    }

    /// Waits for the bytes to be handed to the kernel before the connection closes.
    func waitForLastWrite() {
        if !keepAlive, let lastWrite { _ = try? lastWrite.wait() }
    }

    private func appendBody(_ bytes: [UInt8], to buffer: inout ByteBuffer) {
        guard !bodyless, !bytes.isEmpty else { return }
        bodyBytes += bytes.count
        if chunked {
            buffer.writeString(String(bytes.count, radix: 16))
            buffer.writeStaticString("\r\n")
            buffer.writeBytes(bytes)
            buffer.writeStaticString("\r\n")
        } else {
            buffer.writeBytes(bytes)
        }
    }

    /// The status line and headers, framing decided: the application's Content-Length if it gave
    /// one, else `contentLength` when the whole body is known, else chunked (HTTP/1.1) or
    /// close-delimited (HTTP/1.0). Date, Server and Connection are added. The buffer returned
    /// holds the head with room for `extra` bytes of body.
    private func head(contentLength: Int?, extra: Int) -> ByteBuffer {
        headWritten = true
        if server.isDraining { keepAlive = false }  // the last response before shutdown says so
        let status = starter?.status ?? "500 Internal Server Error"
        code = Status.code(of: status) ?? 500
        bodyless = Status.forbidsBody(code: code, method: method)
        var head = ResponseHead(version: version, status: status, applicationHeaders: starter?.headers ?? [])
        var framed = false, hasDate = false, hasServer = false
        for index in head.applicationHeaders.indices {
            switch HopHeader(head.applicationHeaders[index].name) {
            case .connection:
                if head.applicationHeaders[index].value.lowercased().contains("close") { keepAlive = false }
            case .keepAlive, .other: break
            case .framing: framed = true
            case .date: hasDate = true
            case .server: hasServer = true
            }
        }
        let noContent = (100..<200).contains(code) || code == 204 || code == 304
        if !framed && !noContent {
            if let contentLength {
                head.framing = .contentLength(contentLength)
            } else if !bodyless {
                if version == .http11 {
                    head.framing = .chunked
                    chunked = true
                } else {
                    keepAlive = false
                }
            }
        }
        if !hasServer { head.server = server.configuration.serverSoftware }
        if !hasDate { head.date = local.date() }
        if !keepAlive {
            head.connection = .close
        } else if version == .http10 {
            head.connection = .keepAlive
        }
        sentHead = head
        var buffer = allocator.buffer(capacity: head.size + extra)
        head.write(to: &buffer)
        return buffer
    }

    private func write(_ buffer: ByteBuffer) throws {
        let future = channel.writeAndFlush(buffer)
        lastWrite = future
        if !channel.isWritable {
            do { try future.wait() } catch { throw ClientGone(reason: "\(error)") }
        }
        if !channel.isActive { throw ClientGone(reason: "connection closed") }
    }
}
