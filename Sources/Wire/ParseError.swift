/// A rule of the HTTP/1.1 message grammar (RFC 9112) or of Shallot's limits that a request broke.
///
/// Every rejection names one rule, the status a server answers with, and where it happened, so a
/// user reads `requests.http:3: header-field: whitespace between field name and colon (RFC 9112 §5.1)`.
public enum ParseRule: String, Sendable, CaseIterable {
    case requestLine = "request-line"
    case method = "method"
    case requestTarget = "request-target"
    case httpVersion = "HTTP-version"
    case versionNotSupported = "version-not-supported"
    case requestLineTooLong = "request-line-too-long"
    case lineEnding = "line-ending"
    case fieldLine = "field-line"
    case fieldName = "field-name"
    case fieldValue = "field-value"
    case whitespaceBeforeColon = "whitespace-before-colon"
    case obsFold = "obs-fold"
    case tooManyFields = "too-many-fields"
    case fieldTooLarge = "field-too-large"
    case host = "host"
    case contentLength = "content-length"
    case transferEncoding = "transfer-encoding"
    case unknownTransferCoding = "unknown-transfer-coding"
    case chunkSize = "chunk-size"
    case chunkExtension = "chunk-ext"
    case chunkData = "chunk-data"
    case trailerSection = "trailer-section"
    case bodyTooLarge = "body-too-large"
    case incomplete = "incomplete-message"
    case trailingData = "trailing-data"

    /// The status a server answers when a request breaks this rule (gunicorn's and RFC 9110's choices).
    public var status: Int {
        switch self {
        case .requestLineTooLong: 414
        case .tooManyFields, .fieldTooLarge: 431
        case .bodyTooLarge: 413
        case .versionNotSupported: 505
        case .unknownTransferCoding: 501
        default: 400
        }
    }

    /// Where the rule is written down.
    public var reference: String {
        switch self {
        case .requestLine, .method: "RFC 9112 §3"
        case .requestTarget: "RFC 9112 §3.2"
        case .httpVersion, .versionNotSupported: "RFC 9112 §2.3"
        case .lineEnding: "RFC 9112 §2.2"
        case .fieldLine, .fieldName, .fieldValue: "RFC 9112 §5"
        case .whitespaceBeforeColon: "RFC 9112 §5.1"
        case .obsFold: "RFC 9112 §5.2"
        case .host: "RFC 9112 §3.2"
        case .contentLength: "RFC 9112 §6.3"
        case .transferEncoding, .unknownTransferCoding: "RFC 9112 §6.1"
        case .chunkSize, .chunkExtension, .chunkData: "RFC 9112 §7.1"
        case .trailerSection: "RFC 9112 §7.1.2"
        case .requestLineTooLong, .tooManyFields, .fieldTooLarge, .bodyTooLarge: "limit"
        case .incomplete, .trailingData: "RFC 9112 §6"
        }
    }
}

/// A rejected request: the rule, a sentence saying what was wrong, and where in the input.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var rule: ParseRule
    public var message: String
    /// Byte offset from the start of the input handed to the parser.
    public var offset: Int
    /// 1-based line of the input the offset falls on (the parser's input, before any file mapping).
    public var line: Int
    /// 1-based column (byte) of the offset within its line.
    public var column: Int

    public init(_ rule: ParseRule, _ message: String, offset: Int, line: Int, column: Int = 1) {
        self.rule = rule
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The status a server answers with.
    public var status: Int { rule.status }

    public var description: String { "\(rule.rawValue): \(message) (\(rule.reference))" }
}
