/// What the REPL has been typed so far, one line at a time: a `:command`, an `@name = value`
/// variable, or a request (request line, header lines, an empty line, then a body when the
/// method or a Content-Length implies one, ended by a line holding a single `.` or by
/// Content-Length bytes). Pure: the REPL loop feeds it lines and acts on what it yields.
public struct ReplInput: Sendable {
    /// Where the typing is, which the prompt shows.
    public enum Stage: Sendable, Equatable {
        case idle
        case head
        case body(expected: Int?)
    }

    /// What a line completed.
    public enum Event: Sendable, Equatable {
        /// Nothing to do yet: more lines are needed (or the line was blank or a comment).
        case pending
        case command(String)
        case variable(name: String, value: String)
        /// A whole request as `.http` text: request line, headers, blank line, body.
        case request(String, line: Int)
    }

    public private(set) var stage: Stage = .idle
    private var head: [String] = []
    private var body: [String] = []
    private var bodyBytes = 0
    private var startLine = 0
    private var lineNumber = 0

    public init() {}

    /// Methods whose request carries a body even without Content-Length.
    static let bodyMethods: Set<String> = ["POST", "PUT", "PATCH"]

    /// Feeds one line (without its line terminator; a trailing CR is dropped).
    public mutating func feed(_ rawLine: String) -> Event {
        lineNumber += 1
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        switch stage {
        case .idle:
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("//") { return .pending }
            if trimmed.hasPrefix(":") { return .command(trimmed) }
            if trimmed.hasPrefix("@"), let eq = trimmed.firstIndex(of: "=") {
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<eq].trimmingWhitespace
                let value = trimmed[trimmed.index(after: eq)...].trimmingWhitespace
                if !name.isEmpty { return .variable(name: name, value: value) }
            }
            head = [line]
            startLine = lineNumber
            stage = .head
            return .pending
        case .head:
            if !line.isEmpty {
                head.append(line)
                return .pending
            }
            let expected = contentLength
            if expected == 0 || (expected == nil && !Self.bodyMethods.contains(method)) { return finish() }
            stage = .body(expected: expected)
            return .pending
        case .body(let expected):
            if let expected {
                body.append(line)
                bodyBytes += line.utf8.count + (body.count > 1 ? 1 : 0)
                return bodyBytes >= expected ? finish() : .pending
            }
            if line == "." { return finish() }
            body.append(line)
            return .pending
        }
    }

    /// Abandons the request being typed (Ctrl-C).
    public mutating func reset() {
        stage = .idle
        head = []
        body = []
        bodyBytes = 0
    }

    /// The request so far when the input ends (end of a piped transcript): a head with no
    /// blank line after it still counts as typed.
    public mutating func finishAtEnd() -> Event {
        guard stage != .idle else { return .pending }
        return finish()
    }

    private var method: String {
        String(head.first?.trimmingWhitespace.prefix { $0 != " " && $0 != "\t" } ?? "").uppercased()
    }

    private var contentLength: Int? {
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingWhitespace.lowercased() == "content-length" {
                return Int(line[line.index(after: colon)...].trimmingWhitespace)
            }
        }
        return nil
    }

    private mutating func finish() -> Event {
        var text = head.joined(separator: "\n") + "\n"
        if !body.isEmpty { text += "\n" + body.joined(separator: "\n") }
        let event = Event.request(text, line: startLine)
        reset()
        return event
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
