import Gateway
import Wire

/// `shallot parse` and `shallot environ`: what the parser saw, or the environ the application
/// would receive, for every request of the inputs, without running anything.
public struct Inspection {
    public enum Subject: Sendable { case parse, environ }

    public var subject: Subject
    public var reader: RequestReader
    public var environOptions: EnvironOptions
    public var json: Bool
    public var style: Style
    public var output: TextOutput = .standardOutput
    public var errors: TextOutput = .standardError

    public init(subject: Subject, reader: RequestReader, environOptions: EnvironOptions, json: Bool, style: Style) {
        self.subject = subject
        self.reader = reader
        self.environOptions = environOptions
        self.json = json
        self.style = style
    }

    public func run(_ inputs: [(path: String, directory: String?, data: [UInt8])]) -> ExitStatus {
        let items = reader.readAll(inputs)
        let printer = ResponsePrinter(format: json ? .json : .pretty, style: style, output: output, errors: errors)
        var status = ExitStatus.success
        var first = true
        for item in items {
            switch item {
            case .failure(let failure):
                printer.print(failure)
                status = .parseError
            case .request(let message, let origin, _):
                switch (subject, json) {
                case (.parse, false): output.write((first ? "" : "\n") + parseText(message, origin))
                case (.parse, true): output.write(parseJSON(message, origin).serialized() + "\n")
                case (.environ, false):
                    let environ = EnvironBuilder.environ(for: message, options: environOptions)
                    output.write((first ? "" : "\n") + (items.count > 1 ? style.dim("### \(origin.location)") + "\n" : "") + environText(environ))
                case (.environ, true):
                    let environ = EnvironBuilder.environ(for: message, options: environOptions)
                    output.write(environJSON(environ, origin).serialized() + "\n")
                }
                first = false
            }
        }
        return status
    }

    func parseText(_ message: RequestMessage, _ origin: RequestOrigin) -> String {
        var out = style.dim("### \(origin.name.map { "\($0)  " } ?? "")(\(origin.location))") + "\n"
        out += "\(style.bold("method"))   \(message.method)\n"
        out += "\(style.bold("target"))   \(message.target)\n"
        out += "\(style.bold("version"))  \(message.version)\n"
        out += "\(style.bold("framing"))  \(message.framing)\n"
        out += "\(style.bold("headers"))  \(message.headers.count), in wire order\n"
        for (name, value) in message.headers.pairs { out += "  \(style.cyan(name)): \(value)\n" }
        if !message.trailers.isEmpty {
            out += "\(style.bold("trailers")) \(message.trailers.count)\n"
            for (name, value) in message.trailers.pairs { out += "  \(style.cyan(name)): \(value)\n" }
        }
        out += "\(style.bold("body"))     \(message.body.count) byte\(message.body.count == 1 ? "" : "s")\(message.framing == .chunked ? ", de-chunked" : "")\n"
        if !message.body.isEmpty {
            if let text = String(validating: message.body, as: UTF8.self) {
                out += text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
            } else {
                out += "  " + style.dim("[binary; use --json for base64]") + "\n"
            }
        }
        if !message.notes.isEmpty {
            out += "\(style.bold("assumed"))\n"
            for note in message.notes { out += "  - \(note)\n" }
        }
        return out
    }

    func parseJSON(_ message: RequestMessage, _ origin: RequestOrigin) -> JSON {
        var members: [(String, JSON)] = [
            ("file", .string(origin.file)), ("line", .int(origin.line)), ("name", origin.name.map(JSON.string) ?? .null),
            ("method", .string(message.method)), ("target", .string(message.target)),
            ("version", .string(message.version.description)), ("framing", .string(message.framing.description)),
            ("headers", JSON.pairs(message.headers.pairs)), ("trailers", JSON.pairs(message.trailers.pairs)),
        ]
        members += JSON.body(message.body)
        members.append(("notes", .array(message.notes.map(JSON.string))))
        return .object(members)
    }

    func environText(_ environ: Environ) -> String {
        environ.displayItems.map { "\(style.cyan($0.key)) = \($0.value)\n" }.joined()
    }

    func environJSON(_ environ: Environ, _ origin: RequestOrigin) -> JSON {
        .object([
            ("file", .string(origin.file)), ("line", .int(origin.line)),
            ("environ", .object(environ.displayItems.map { ($0.key, JSON.string($0.value)) })),
        ])
    }
}
