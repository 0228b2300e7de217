/// A `:command` typed at the REPL prompt, parsed. Unknown commands and wrong arguments are a
/// one-line error that names the command and says what it takes.
public enum ReplCommand: Sendable, Equatable {
    case help
    case environ
    case parse
    case trace(Bool?)
    case routes
    case set(name: String, value: String)
    case unset(String)
    case cookies(clear: Bool)
    case vars
    case load(String)
    case save(String)
    case last(LastPart)
    case history
    case quit

    /// What `:last` shows of the last response.
    public enum LastPart: Sendable, Equatable { case all, headers, body }

    /// Every command with its one-line help, in the order `:help` lists them.
    public static let summaries: [(usage: String, help: String)] = [
        (":help", "this list"),
        (":environ", "the environ of the last request"),
        (":parse", "what the parser saw in the last request"),
        (":trace on|off", "show the lifecycle trace after each response"),
        (":routes", "the site's URL patterns"),
        (":set Name: value", "a header sent with every request (unless the request has its own)"),
        (":unset Name", "stop sending a :set header"),
        (":cookies [clear]", "the cookie jar, or empty it"),
        (":vars", "the variables; set one with @name = value"),
        (":load FILE", "run a request file in this session (its cookies and variables stay)"),
        (":save FILE", "write this session's requests as a .http file `shallot run` replays"),
        (":last [--headers|--body]", "the last response again"),
        (":history", "the lines typed so far"),
        (":quit", "leave (Ctrl-D on an empty line does too)"),
    ]

    /// The command names, for completion.
    public static var names: [String] { summaries.map { String($0.usage.prefix { $0 != " " }) } + [":q", ":exit"] }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    public init(parsing line: String) throws(ParseError) {
        let text = line.trimmingWhitespace
        let name = String(text.prefix { $0 != " " && $0 != "\t" })
        let argument = text.dropFirst(name.count).trimmingWhitespace
        func none(_ command: ReplCommand) throws(ParseError) -> ReplCommand {
            guard argument.isEmpty else { throw ParseError(message: "\(name) takes no argument (got \(argument.debugDescription))") }
            return command
        }
        func path(_ make: (String) -> ReplCommand) throws(ParseError) -> ReplCommand {
            guard !argument.isEmpty else { throw ParseError(message: "\(name) needs a file name, e.g. \(name) requests.http") }
            return make(argument)
        }
        switch name {
        case ":help", ":h", ":?": self = try none(.help)
        case ":environ": self = try none(.environ)
        case ":parse": self = try none(.parse)
        case ":routes": self = try none(.routes)
        case ":vars": self = try none(.vars)
        case ":history": self = try none(.history)
        case ":quit", ":q", ":exit": self = try none(.quit)
        case ":trace":
            switch argument.lowercased() {
            case "": self = .trace(nil)
            case "on": self = .trace(true)
            case "off": self = .trace(false)
            default: throw ParseError(message: ":trace takes on or off (got \(argument.debugDescription))")
            }
        case ":set":
            guard let colon = argument.firstIndex(of: ":"), !argument[..<colon].trimmingWhitespace.isEmpty else {
                throw ParseError(message: ":set takes a header line, e.g. :set Accept: application/json")
            }
            let header = argument[..<colon].trimmingWhitespace
            guard header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-.^_`|~".contains($0)) }) else {
                throw ParseError(message: ":set: \(header.debugDescription) is not a header name (RFC 9110 §5.1: a token)")
            }
            self = .set(name: header, value: argument[argument.index(after: colon)...].trimmingWhitespace)
        case ":unset":
            guard !argument.isEmpty, !argument.contains(" ") else { throw ParseError(message: ":unset takes one header name, e.g. :unset Accept") }
            self = .unset(argument.hasSuffix(":") ? String(argument.dropLast()) : argument)
        case ":cookies":
            switch argument {
            case "": self = .cookies(clear: false)
            case "clear": self = .cookies(clear: true)
            default: throw ParseError(message: ":cookies takes nothing or clear (got \(argument.debugDescription))")
            }
        case ":load": self = try path(ReplCommand.load)
        case ":save": self = try path(ReplCommand.save)
        case ":last":
            switch argument {
            case "": self = .last(.all)
            case "--headers": self = .last(.headers)
            case "--body": self = .last(.body)
            default: throw ParseError(message: ":last takes --headers or --body (got \(argument.debugDescription))")
            }
        default:
            throw ParseError(message: "unknown command \(name); :help lists them")
        }
    }
}
