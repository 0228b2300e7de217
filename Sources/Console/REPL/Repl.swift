import Foundation
import Gateway
import Wire

/// `shallot repl`: type or paste a request, see the response, keep cookies, variables and
/// default headers between requests. Lines become requests through `ReplInput`, requests go
/// through the same lenient Wire parser and `RequestSession` as `shallot run`, and responses
/// print as `shallot run` prints them.
public final class Repl {
    public var session: RequestSession
    public var reader: RequestReader
    public var printer: ResponsePrinter
    /// The site's URL patterns (for `:routes` and completion), handed over by the executable.
    public var routes: [String]
    /// Headers sent with every request that does not carry its own (`:set`).
    public private(set) var defaultHeaders: [(name: String, value: String)] = []
    /// Bodies longer than this many lines are cut in the pretty output, with a note.
    public var bodyLineLimit: Int?
    public private(set) var history: [String] = []
    private(set) var requests: [String] = []
    private(set) var last: Exchange?
    private var input = ReplInput()

    public init(session: RequestSession, reader: RequestReader, printer: ResponsePrinter, routes: [String] = []) {
        self.session = session
        self.reader = reader
        self.printer = printer
        self.routes = routes
    }

    /// Reads and runs until `:quit` or the end of input. Exit status: 0, or 2 when a piped
    /// transcript had a malformed request (an interactive session always ends with 0).
    public func run(_ source: inout some LineSource) -> ExitStatus {
        var status = ExitStatus.success
        if source.isInteractive {
            printer.output.write(printer.style.dim("shallot repl — type a request (GET /path), :help for commands, Ctrl-D to leave") + "\n")
        }
        while true {
            switch source.read(prompt: prompt) {
            case .end:
                if case .request(let text, let line) = input.finishAtEnd() { status = combine(status, send(text, line: line)) }
                if source.isInteractive { printer.output.write("\n") }
                return status
            case .interrupted:
                if input.stage != .idle { printer.errors.write(printer.style.dim("(request abandoned)") + "\n") }
                input.reset()
            case .line(let line):
                let wasIdle = input.stage == .idle
                history.append(line)
                let event = input.feed(line)
                if wasIdle, !line.trimmingWhitespace.isEmpty { source.remember(line) }
                switch event {
                case .pending: break
                case .variable(let name, let value): reader.variables[name] = value
                case .request(let text, let line): status = combine(status, send(text, line: line))
                case .command(let text):
                    do {
                        let command = try ReplCommand(parsing: text)
                        if command == .quit { return status }
                        perform(command)
                    } catch {
                        printer.errors.write("shallot: \(error.message)\n")
                    }
                }
            }
        }
    }

    /// The prompt: where the typing is.
    public var prompt: String {
        switch input.stage {
        case .idle: "shallot> "
        case .head: "   head> "
        case .body(let expected): expected.map { "  body(\($0))> " } ?? "   body.> "
        }
    }

    private func combine(_ status: ExitStatus, _ new: ExitStatus) -> ExitStatus { status == .success ? new : status }

    /// Sends one typed request: default headers added, then parsed and run as a request file.
    @discardableResult
    func send(_ text: String, line: Int) -> ExitStatus {
        let full = withDefaultHeaders(text)
        requests.append(full)
        return run(Array(full.utf8), file: "<repl>", directory: FileManager.default.currentDirectoryPath, lineOffset: line - 1)
    }

    /// Runs every request of `data` (typed, or a loaded file) in this session.
    private func run(_ data: [UInt8], file: String, directory: String?, lineOffset: Int = 0) -> ExitStatus {
        var status = ExitStatus.success
        reader.read(data, file: file, directory: directory) { item in
            switch item {
            case .failure(var failure):
                failure.origin.line += lineOffset
                printer.print(failure)
                status = .parseError
            case .request(let message, var origin, let parseTime):
                origin.line += lineOffset
                let exchange = session.perform(message, origin: origin, parseTime: parseTime)
                last = exchange
                show(exchange)
            }
        }
        return status
    }

    func show(_ exchange: Exchange, part: ReplCommand.LastPart = .all) {
        guard printer.format == .pretty else { return printer.print(exchange, labelled: false, first: true) }
        var text = printer.pretty(exchange, labelled: false, first: true)
        switch part {
        case .all: break
        case .headers: text = String(text.prefix(upTo: text.range(of: "\n\n")?.upperBound ?? text.endIndex))
        case .body: text = String(decoding: exchange.wireBody, as: UTF8.self)
        }
        if part == .all, let limit = bodyLineLimit {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > limit + 1 {
                text = lines.prefix(limit).joined(separator: "\n") + "\n"
                text += printer.style.dim("[\(lines.count - limit - 1) more lines: :last --body shows the whole body]") + "\n"
            }
        }
        if let failure = exchange.failure { printer.errors.write("shallot: \(printer.style.red(failure.description))\n") }
        printer.output.write(text)
        if part == .all, let events = exchange.trace { printer.output.write(TraceRenderer(style: printer.style).render(events)) }
    }

    func setDefaultHeader(_ name: String, _ value: String) {
        if let index = defaultHeaders.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            defaultHeaders[index] = (name, value)
        } else {
            defaultHeaders.append((name, value))
        }
    }

    func removeDefaultHeader(_ name: String) -> Bool {
        let before = defaultHeaders.count
        defaultHeaders.removeAll { $0.name.lowercased() == name.lowercased() }
        return defaultHeaders.count < before
    }

    /// Runs a request file in this session; its variables join the session's.
    func load(_ data: [UInt8], path: String, directory: String) {
        let file = RequestFile(data, file: path, directory: directory, variables: reader.variables, environment: reader.environment) { _ in [] }
        _ = run(data, file: path, directory: directory)
        for (name, value) in file.variables where reader.variables[name] == nil { reader.variables[name] = value }
        requests.append(contentsOf: file.blocks.compactMap { block in
            guard case .success(let source) = block else { return nil }
            return String(decoding: source.bytes, as: UTF8.self)
        })
    }

    var requestCount: Int { requests.count }

    /// This session's variables and requests as a `.http` file.
    var savedFile: String {
        var text = "# Saved by shallot repl on \(HTTPDate.format(Date())); replay with: shallot run FILE\n"
        for name in reader.variables.keys.sorted() { text += "@\(name) = \(reader.variables[name]!)\n" }
        for request in requests {
            text += "\n###\n" + request
            if !request.hasSuffix("\n") { text += "\n" }
        }
        return text
    }

    /// The request with each `:set` header the request does not name itself, after its
    /// request line (and any `?`/`&` continuation lines).
    func withDefaultHeaders(_ text: String) -> String {
        guard !defaultHeaders.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var headEnd = lines.firstIndex(of: "") ?? lines.count
        let written = Set(lines[1..<headEnd].compactMap { $0.split(separator: ":").first?.trimmingWhitespace.lowercased() })
        var insertAt = 1
        while insertAt < headEnd, let first = lines[insertAt].trimmingWhitespace.first, first == "?" || first == "&" { insertAt += 1 }
        for header in defaultHeaders.reversed() where !written.contains(header.name.lowercased()) {
            lines.insert("\(header.name): \(header.value)", at: insertAt)
            headEnd += 1
        }
        return lines.joined(separator: "\n")
    }
}
