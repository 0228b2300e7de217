import Foundation
import Gateway
import Wire

/// How `shallot run` shows each response.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Like `curl -i`: status line, headers, blank line, body; labelled when there are several.
    case pretty
    /// The exact bytes a server would write for each response.
    case raw
    /// One JSON object per line per request: status, headers, body, timings.
    case json
    /// One line per request: status, method, target, time, size, origin.
    case summary
}

/// Renders exchanges and failures in the chosen format: responses to standard output, diagnostics
/// to standard error, each written whole as soon as it is known.
public struct ResponsePrinter: Sendable {
    public var format: OutputFormat
    public var style: Style
    public var output: TextOutput
    public var errors: TextOutput

    public init(format: OutputFormat, style: Style, output: TextOutput = .standardOutput, errors: TextOutput = .standardError) {
        self.format = format
        self.style = style
        self.output = output
        self.errors = errors
    }

    public func print(_ exchange: Exchange, labelled: Bool, first: Bool) {
        for violation in exchange.violations {
            errors.write("\(style.dim("lint:")) \(exchange.origin.location): \(violation.side.rawValue) \(violation.severity.rawValue): \(violation.message)\n")
        }
        if let failure = exchange.failure {
            errors.write("shallot: \(exchange.origin.location): \(style.red(failure.description))\n")
        }
        switch format {
        case .pretty:
            var text = pretty(exchange, labelled: labelled, first: first)
            if let events = exchange.trace { text += TraceRenderer(style: style).render(events) }
            output.write(text)
        case .raw: output.write(ResponseSerializer.serialize(exchange.response, method: exchange.message.method, version: exchange.message.version))
        case .json: output.write(json(exchange).serialized() + "\n")
        case .summary: output.write(summary(exchange) + "\n")
        }
    }

    public func print(_ failure: InputFailure) {
        errors.write("shallot: \(failure.origin.location): \(style.red(failure.rule)): \(failure.message)\n")
        if format == .json {
            var error: [(String, JSON)] = [("rule", .string(failure.rule)), ("message", .string(failure.message))]
            if let status = failure.status { error.append(("status", .int(status))) }
            if let column = failure.origin.column { error.append(("column", .int(column))) }
            output.write(JSON.object(origin(failure.origin) + [("error", .object(error))]).serialized() + "\n")
        }
    }

    func label(_ exchange: Exchange) -> String {
        let request = "\(exchange.message.method) \(exchange.message.target)"
        let title = exchange.origin.name.map { "\($0) — \(request)" } ?? request
        return style.dim("### \(title)  (\(exchange.origin.location))")
    }

    func pretty(_ exchange: Exchange, labelled: Bool, first: Bool) -> String {
        var out = ""
        if labelled { out += (first ? "" : "\n") + label(exchange) + "\n" }
        out += style.status("\(exchange.message.version) \(exchange.response.status)", code: exchange.statusCode) + "\n"
        for (name, value) in exchange.response.headers {
            out += style.cyan(name) + ": " + value + "\n"
        }
        out += "\n"
        let body = exchange.wireBody
        guard !body.isEmpty else { return out }
        if let text = String(validating: body, as: UTF8.self), !text.unicodeScalars.contains(where: { $0.value == 0 }) {
            out += text
            if !text.hasSuffix("\n") { out += "\n" }
        } else {
            out += style.dim("[\(body.count) bytes of binary body not shown: use --format raw for the bytes, or --format json for base64]") + "\n"
        }
        return out
    }

    func origin(_ origin: RequestOrigin) -> [(String, JSON)] {
        [("file", .string(origin.file)), ("line", .int(origin.line)), ("name", origin.name.map(JSON.string) ?? .null)]
    }

    public func json(_ exchange: Exchange) -> JSON {
        let message = exchange.message
        var members = origin(exchange.origin)
        members.append(("request", .object([
            ("method", .string(message.method)), ("target", .string(message.target)),
            ("version", .string(message.version.description)),
        ])))
        let status = exchange.response.status
        let reason = status.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        members.append(("status", .int(exchange.statusCode)))
        members.append(("reason", .string(reason)))
        members.append(("headers", JSON.pairs(exchange.response.headers)))
        members += JSON.body(exchange.wireBody)
        members.append(("timings", .object([
            ("parse_ms", .number(exchange.parseTime.milliseconds)),
            ("app_ms", .number(exchange.applicationTime.milliseconds)),
        ])))
        if let failure = exchange.failure { members.append(("failure", .string(failure.description))) }
        if let events = exchange.trace { members.append(("trace", TraceRenderer.json(events))) }
        if !exchange.violations.isEmpty {
            members.append(("lint", .array(exchange.violations.map { .string($0.description) })))
        }
        return .object(members)
    }

    func summary(_ exchange: Exchange) -> String {
        let status = exchange.response.status.padding(25)
        let request = "\(exchange.message.method) \(exchange.message.target)".padding(40)
        let time = String(format: "%8.2f ms", exchange.applicationTime.milliseconds)
        let size = "\(exchange.wireBody.count) B".leftPadding(9)
        return "\(style.status(status, code: exchange.statusCode))  \(request) \(time) \(size)  \(style.dim(exchange.origin.location))"
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
