import Gateway
import NIOCore
import Wire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection on its event loop: decodes the bytes received (``RequestDecoder``),
/// queues the requests (pipelining answers them in order, one at a time), hands each to the
/// worker pool, answers parse failures and overload itself, and runs the connection's clocks:
/// header read, keep-alive idle, worker timeout.
///
/// Everything here runs on the event loop; application code never does.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Pipelined requests queued beyond this stop the reading until the queue drains.
    static let maxQueued = 16

    private enum Item {
        case request(RequestJob)
        case failure(ParseError)
    }

    private let server: ServerContext
    /// Wire's decoder with the bytes received and not decoded yet (the rest of a request, or of
    /// a pipelined batch).
    private let decoder: NIOSingleStepByteToMessageProcessor<RequestDecoder>
    private var queue = CircularBuffer<Item>()
    private var busy = false
    private var closing = false
    private var continueOwed = false
    private var peerClosed = false
    private var draining = false
    /// One coarse repeating tick per connection checks every clock, instead of scheduling and
    /// cancelling timers for each request.
    private var tick: RepeatedTask?
    /// When a waiting connection gives up: idle (close quietly) or inside a head (408).
    private var waitDeadline: NIODeadline?
    private var waitPartial = false
    /// When the running request counts as a worker timeout, and what it is.
    private var runDeadline: NIODeadline?
    /// The running request's method and target, for the timeout message.
    private var runMethod = ""
    private var runTarget = ""
    private var peer = Peer(address: "-", port: nil, trusted: false)
    private var requestsServed = 0
    private var readHeld = false
    /// Outbound backpressure: the next pipelined request waits while the socket is not writable.
    private var waitingForWritable = false

    init(server: ServerContext) {
        self.server = server
        decoder = NIOSingleStepByteToMessageProcessor(RequestDecoder(limits: server.configuration.limits))
    }

    func channelActive(context: ChannelHandlerContext) {
        server.connections.add(context.channel)
        if let remote = context.channel.remoteAddress {
            let address = remote.ipAddress ?? "-"
            peer = Peer(address: address, port: remote.port.map(String.init), trusted: server.forwarded.trusts(address))
        }
        if server.isDraining {
            close(context)
            return
        }
        let configuration = server.configuration
        let shortest = min(configuration.headerTimeout, configuration.keepAliveTimeout, configuration.workerTimeout)
        let interval = TimeAmount.nanoseconds(Int64(max(0.01, min(0.1, shortest / 3)) * 1e9))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        tick = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            bound.value.checkClocks(boundContext.value)
        }
        arm(context, after: configuration.headerTimeout, partial: false)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.connections.remove(context.channel)
        // Queued jobs hold this handler: let them go with the connection.
        queue.removeAll()
        tick?.cancel()
        tick = nil
        closing = true
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        // The decoder throws nothing (a parse error is an event); the processor's own buffer
        // limit is not set.
        try? decoder.process(buffer: unwrapInboundIn(data)) { handle($0, context) }
    }

    private func handle(_ event: DecodedEvent, _ context: ChannelHandlerContext) {
        guard !closing else { return }
        switch event {
        case .started:
            if !busy && queue.isEmpty { arm(context, after: server.configuration.headerTimeout, partial: true) }
        case .expectsContinue:
            if !busy && queue.isEmpty { sendContinue(context) } else { continueOwed = true }
        case .request(let message):
            queue.append(.request(RequestJob(server: server, message: message, peer: peer, connection: self, context: context)))
            processNext(context)
        case .failure(let error):
            queue.append(.failure(error))
            processNext(context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is DrainEvent {
            draining = true
            if !busy && queue.isEmpty { close(context) }
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            try? decoder.finishProcessing(seenEOF: true) { handle($0, context) }
            peerClosed = true
            if !busy && queue.isEmpty { close(context) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && waitingForWritable {
            waitingForWritable = false
            processNext(context)
        }
        context.fireChannelWritabilityChanged()
    }

    /// Inbound backpressure: a client that pipelines faster than it is answered is not read.
    func read(context: ChannelHandlerContext) {
        if queue.count >= Self.maxQueued {
            readHeld = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(context)
    }

    private func sendContinue(_ context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 25)
        buffer.writeString("HTTP/1.1 100 Continue\r\n\r\n")
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Starts the next queued request when none is running; when the queue is empty, waits for
    /// the next one under the keep-alive clock (or closes, when draining or the peer is done).
    private func processNext(_ context: ChannelHandlerContext) {
        guard !busy, !closing else { return }
        guard let item = queue.popFirst() else {
            if draining || server.isDraining || peerClosed {
                close(context)
                return
            }
            if continueOwed {
                continueOwed = false
                sendContinue(context)
            }
            arm(context, after: requestsServed == 0 ? server.configuration.headerTimeout : server.configuration.keepAliveTimeout, partial: false)
            return
        }
        guard context.channel.isWritable else {
            // A client that does not read its answers gets no more of them computed.
            queue.prepend(item)
            waitingForWritable = true
            return
        }
        waitDeadline = nil
        busy = true
        if readHeld && queue.count < Self.maxQueued {
            readHeld = false
            context.read()
        }
        switch item {
        case .failure(let error):
            server.logError("DEBUG", "Invalid request from \(peer.address): \(error)")
            answerAndClose(context, code: error.status, detail: error.description)
        case .request(let job):
            guard server.pool.submit(job) else {
                let message = job.message
                server.logError("WARNING", "worker pool full (\(server.pool.threads) threads, queue \(server.configuration.queueSize)): 503 for \(message.method) \(message.target)")
                answerAndClose(context, code: 503, detail: "The server is busy; try again later.")
                return
            }
            runDeadline = .coarseNow() + .nanoseconds(Int64(server.configuration.workerTimeout * 1e9))
            runMethod = job.message.method
            runTarget = job.message.target
        }
    }

    /// The job's answer is ready (on the event loop): write it, then go on with the next request.
    func finished(_ context: ChannelHandlerContext, _ outcome: RequestJob.Outcome) {
        busy = false
        runDeadline = nil
        requestsServed += 1
        // The client may have gone while its request ran: nothing is left to answer.
        guard context.channel.isActive else { return }
        if let buffer = outcome.finalWrite {
            if outcome.keepAlive {
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            } else {
                closing = true
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
                return
            }
        }
        guard outcome.keepAlive else {
            close(context)
            return
        }
        processNext(context)
    }

    /// What the server answers itself (a malformed request, overload): a short page, then close.
    private func answerAndClose(_ context: ChannelHandlerContext, code: Int, detail: String) {
        closing = true
        let reason = Status.reasonPhrase(code)
        let body = Array("\(code) \(reason)\n\n\(detail)\n".utf8)
        let headers: [ResponseHeader] = [
            ("Server", server.configuration.serverSoftware), ("Date", server.date.now()),
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.count)), ("Connection", "close"),
        ]
        var buffer = context.channel.allocator.buffer(capacity: 256 + body.count)
        buffer.writeBytes(ResponseSerializer.head(status: "\(code) \(reason)", headers: headers))
        buffer.writeBytes(body)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        server.accessLog?.log(AccessRecord(
            remoteAddress: peer.address, method: "-", target: "-", path: "-", query: "", proto: "-", status: code,
            bodyBytes: body.count, requestHeaders: [], responseHeaders: headers, environ: [:],
            startSeconds: Int(server.date.seconds()), durationMicros: 0))
    }

    /// Starts the waiting clock: `partial` once a request head has begun (408 when it runs out),
    /// else the idle clock (a quiet close).
    private func arm(_ context: ChannelHandlerContext, after seconds: Double, partial: Bool) {
        waitDeadline = .coarseNow() + .nanoseconds(Int64(seconds * 1e9))
        waitPartial = partial
    }

    private func checkClocks(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        let now = NIODeadline.coarseNow()
        if let deadline = runDeadline, busy, now >= deadline {
            runDeadline = nil
            server.logError("CRITICAL", "WORKER TIMEOUT: \(runMethod) \(runTarget) from \(peer.address) still running after \(server.configuration.workerTimeout)s")
        }
        guard let deadline = waitDeadline, now >= deadline, !busy, queue.isEmpty else { return }
        waitDeadline = nil
        if waitPartial {
            server.logError("DEBUG", "header read timeout (\(server.configuration.headerTimeout)s) from \(peer.address)")
            busy = true
            answerAndClose(context, code: 408, detail: "The request head did not arrive in time.")
        } else {
            close(context)
        }
    }

    private func close(_ context: ChannelHandlerContext) {
        guard !closing || context.channel.isActive else { return }
        closing = true
        tick?.cancel()
        tick = nil
        context.close(promise: nil)
    }
}

extension NIODeadline {
    /// Now on the same monotonic clock as `now()`, read from the kernel's coarse copy (a few
    /// milliseconds of resolution, a fraction of the cost): enough for the connection clocks, whose
    /// tick is coarser still.
    static func coarseNow() -> NIODeadline {
        #if os(Linux)
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &spec)
        return .uptimeNanoseconds(UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
        #else
        return .now()
        #endif
    }
}

/// The client end of a connection.
struct Peer: Sendable {
    var address: String
    var port: String?
    /// Whether the peer is a trusted proxy (`--forwarded-allow-ips`).
    var trusted: Bool
}
