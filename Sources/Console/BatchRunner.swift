import Gateway
import Wire

/// How `shallot` ends, documented in `--help`. When several apply, the first of 6, 7, 2, 3, 5, 4 wins.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every request was answered (and none matched `--fail-on`).
    case success = 0
    /// The command line was wrong, or an input could not be read; nothing ran.
    case usage = 1
    /// A request could not be parsed (`file:line: rule: message` on stderr).
    case parseError = 2
    /// The application raised, or broke the WSGI contract (including `--lint` errors).
    case applicationError = 3
    /// `--fail-on 4xx` and a response was 4xx.
    case clientError = 4
    /// `--fail-on 4xx|5xx` and a response was 5xx.
    case serverError = 5
    /// The site is misconfigured (ImproperlyConfigured, or errors from `shallot check`).
    case configuration = 6
    /// A database command failed: a migration, a malformed fixture, a locked or missing database.
    case database = 7

    static let precedence: [ExitStatus] = [.configuration, .database, .parseError, .applicationError, .serverError, .clientError, .usage]

    /// The status that wins when several things happened.
    public static func combined(_ statuses: Set<ExitStatus>) -> ExitStatus {
        precedence.first(where: statuses.contains) ?? .success
    }
}

/// `--fail-on`: which responses turn into a failing exit status.
public enum FailOn: String, Sendable, CaseIterable {
    /// Any 4xx or 5xx response.
    case clientErrors = "4xx"
    /// Any 5xx response.
    case serverErrors = "5xx"
}

/// `shallot run`: every request of every input, in order, through one session.
public struct BatchRunner {
    public var reader: RequestReader
    public var session: RequestSession
    public var printer: ResponsePrinter
    public var failOn: FailOn?

    public init(reader: RequestReader, session: RequestSession, printer: ResponsePrinter, failOn: FailOn? = nil) {
        self.reader = reader
        self.session = session
        self.printer = printer
        self.failOn = failOn
    }

    /// Runs every input; each response is printed as soon as it is complete.
    public func run(_ inputs: [(path: String, directory: String?, data: [UInt8])]) -> ExitStatus {
        // Parsing is cheap and tells whether there are several requests, which decides the labels.
        let items = reader.readAll(inputs)
        if items.isEmpty {
            printer.errors.write("shallot: no requests in \(inputs.map { $0.path == "-" ? "<stdin>" : $0.path }.joined(separator: ", "))\n")
        }
        let labelled = items.count > 1
        var statuses: Set<ExitStatus> = []
        var first = true
        for item in items {
            switch item {
            case .failure(let failure):
                printer.print(failure)
                statuses.insert(.parseError)
            case .request(let message, let origin, let parseTime):
                let exchange = session.perform(message, origin: origin, parseTime: parseTime)
                printer.print(exchange, labelled: labelled, first: first)
                first = false
                statuses.formUnion(Self.statuses(of: exchange, failOn: failOn))
            }
        }
        return ExitStatus.combined(statuses)
    }

    static func statuses(of exchange: Exchange, failOn: FailOn?) -> Set<ExitStatus> {
        var statuses: Set<ExitStatus> = []
        if exchange.failure != nil || exchange.violations.contains(where: { $0.severity == .error }) {
            statuses.insert(.applicationError)
        }
        switch (failOn, exchange.statusCode) {
        case (.some, 500...): statuses.insert(.serverError)
        case (.clientErrors, 400..<500): statuses.insert(.clientError)
        default: break
        }
        return statuses
    }
}
