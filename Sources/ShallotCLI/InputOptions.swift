import ArgumentParser
import Console
import Foundation
import Gateway
import Wire

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    var style: Style {
        switch self {
        case .auto: .auto()
        case .always: Style(enabled: true)
        case .never: Style(enabled: false)
        }
    }
}

/// What every request-reading subcommand shares: the inputs, the parser profile and limits,
/// variables, and what the server side puts in the environ.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Request files (.http or raw HTTP); - reads standard input, as does no file when stdin is piped.", valueName: "file"))
    var files: [String] = []

    @Flag(help: "Parse as a socket would (RFC 9112 strict profile): CRLF only, Host required, no .http conveniences; the input is one raw stream of pipelined requests.")
    var strict = false

    @Option(name: .customLong("var"), help: ArgumentHelp("Set a request-file variable, overriding the file's @name = value.", valueName: "name=value"))
    var variables: [String] = []

    @Option(help: "Host for requests that name none (lenient profile).")
    var defaultHost = "localhost"

    @Option(help: "SCRIPT_NAME: the prefix the application is mounted under, e.g. /app.")
    var scriptName = ""

    @Option(help: "wsgi.url_scheme: http or https (as behind a TLS proxy).")
    var scheme = "http"

    @Option(help: "Longest request line in bytes (414 beyond).")
    var limitRequestLine = ParserLimits().requestLine

    @Option(help: "Most header fields (431 beyond).")
    var limitRequestFields = ParserLimits().headerCount

    @Option(help: "Longest header field line in bytes (431 beyond).")
    var limitRequestFieldSize = ParserLimits().fieldSize

    @Option(help: "Largest request body in bytes (413 beyond).")
    var limitRequestBody = ParserLimits().bodySize

    @Option(help: "Colour: auto (only on a terminal, and not when NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        for variable in variables where !variable.contains("=") || variable.hasPrefix("=") {
            throw ValidationError("--var takes name=value, got \(variable.debugDescription)")
        }
        if scheme != "http" && scheme != "https" {
            throw ValidationError("--scheme is http or https, got \(scheme.debugDescription)")
        }
        if !scriptName.isEmpty && (!scriptName.hasPrefix("/") || scriptName.hasSuffix("/")) {
            throw ValidationError("--script-name starts with '/' and does not end with one, e.g. /app")
        }
        for (name, value) in [("--limit-request-line", limitRequestLine), ("--limit-request-fields", limitRequestFields),
                              ("--limit-request-field-size", limitRequestFieldSize), ("--limit-request-body", limitRequestBody)] where value < 0 {
            throw ValidationError("\(name) cannot be negative")
        }
        if files.isEmpty && isatty(0) == 1 {
            throw ValidationError("no input: name request files, or - for standard input")
        }
    }

    var parser: RequestParser {
        var limits = ParserLimits()
        limits.requestLine = limitRequestLine
        limits.headerCount = limitRequestFields
        limits.fieldSize = limitRequestFieldSize
        limits.bodySize = limitRequestBody
        return RequestParser(profile: strict ? .strict : .lenient, limits: limits, defaultHost: defaultHost)
    }

    var reader: RequestReader {
        var values: [String: String] = [:]
        for variable in variables {
            let eq = variable.firstIndex(of: "=")!
            values[String(variable[..<eq])] = String(variable[variable.index(after: eq)...])
        }
        return RequestReader(parser: parser, variables: values)
    }

    var environ: EnvironOptions {
        var options = EnvironOptions()
        options.scriptName = scriptName
        options.urlScheme = scheme
        return options
    }

    /// `parse` and `environ`: show what the parser saw or the environ, running nothing.
    func inspect(_ subject: Inspection.Subject, json: Bool) throws -> ExitStatus {
        Inspection(subject: subject, reader: reader, environOptions: environ, json: json, style: color.style).run(try load())
    }

    /// The inputs' bytes, read before anything runs so a missing file costs no output.
    func load() throws -> [(path: String, directory: String?, data: [UInt8])] {
        do {
            return try InputFiles.load(files.isEmpty ? ["-"] : files)
        } catch let error as InputFiles.Unreadable {
            throw CommandFailure(message: error.description)
        }
    }
}
