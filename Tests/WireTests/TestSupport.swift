import Gateway
import Testing
import Wire

/// The bytes of a request written as a string (UTF-8, so "é" is two bytes).
func wire(_ text: String) -> [UInt8] { Array(text.utf8) }

extension RequestParser {
    static let strict = RequestParser(profile: .strict)
    static let lenient = RequestParser(profile: .lenient)

    /// A parser with some limits lowered.
    static func limited(_ profile: ParserProfile = .strict, _ configure: (inout ParserLimits) -> Void) -> RequestParser {
        var limits = ParserLimits()
        configure(&limits)
        return RequestParser(profile: profile, limits: limits)
    }
}

struct NotARequest: Error {}

/// Parses one request and requires a whole message (records an issue and throws otherwise).
func request(
    _ input: [UInt8], _ parser: RequestParser = .strict, from start: Int = 0, isComplete: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> (message: RequestMessage, end: Int) {
    guard case .request(let message, let end) = try parser.parse(input, from: start, isComplete: isComplete) else {
        Issue.record("expected a whole request, got needMore", sourceLocation: sourceLocation)
        throw NotARequest()
    }
    return (message, end)
}

/// The ParseError a parse throws, or nil (with an issue recorded) when it does not throw one.
func rejection(
    _ input: [UInt8], _ parser: RequestParser = .strict, from start: Int = 0, isComplete: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParseError? {
    do {
        let outcome = try parser.parse(input, from: start, isComplete: isComplete)
        Issue.record("expected a ParseError, got \(describe(outcome))", sourceLocation: sourceLocation)
    } catch let error as ParseError {
        return error
    } catch {
        Issue.record("expected a ParseError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

func isNeedMore(_ outcome: ParseOutcome) -> Bool {
    if case .needMore = outcome { return true }
    return false
}

func describe(_ outcome: ParseOutcome) -> String {
    switch outcome {
    case .needMore: "needMore"
    case .request(let message, let end): "request \(message.method) \(message.target) ending at \(end)"
    }
}

/// Fields as "Name: value" lines, in wire order with the original case.
func fieldLines(_ fields: HeaderFields) -> [String] {
    fields.pairs.map { "\($0.name): \($0.value)" }
}

/// One rejected input: the rule and status it must get, and where (when it is worth pinning).
struct Rejection: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var rule: ParseRule
    var status: Int
    var offset: Int?
    var line: Int?

    init(_ name: String, _ input: [UInt8], _ rule: ParseRule, _ status: Int = 400, offset: Int? = nil, line: Int? = nil) {
        self.name = name
        self.input = input
        self.rule = rule
        self.status = status
        self.offset = offset
        self.line = line
    }

    init(_ name: String, _ input: String, _ rule: ParseRule, _ status: Int = 400, offset: Int? = nil, line: Int? = nil) {
        self.init(name, wire(input), rule, status, offset: offset, line: line)
    }

    var testDescription: String { name }

    /// Parses the input with `parser` and checks rule, status, offset and line.
    func check(_ parser: RequestParser, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = rejection(input, parser, sourceLocation: sourceLocation) else { return }
        #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
        #expect(error.status == status, sourceLocation: sourceLocation)
        if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
        if let line { #expect(error.line == line, "\(error)", sourceLocation: sourceLocation) }
    }
}
