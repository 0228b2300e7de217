import Foundation
import Gateway
import Wire

/// Where a request came from: the file as the user named it, the line of its request line, its name.
public struct RequestOrigin: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var name: String?
    /// The column, for a place inside a line (where a parse error was found).
    public var column: Int?

    public init(file: String, line: Int, name: String? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.name = name
        self.column = column
    }

    /// `file:line` (or `file:line:column`), with standard input shown as `<stdin>`.
    public var location: String {
        "\(file == "-" ? "<stdin>" : file):\(line)" + (column.map { ":\($0)" } ?? "")
    }
}

/// A request that could not be read: the place, the rule it broke and what a server would answer.
public struct InputFailure: Error, Sendable, CustomStringConvertible {
    public var origin: RequestOrigin
    public var rule: String
    public var message: String
    /// The status a server would answer (400, 413, 414, 431, 501, 505), when the parser rejected it.
    public var status: Int?

    public var description: String { "\(origin.location): \(rule): \(message)" }
}

/// One item read from an input: a parsed request, or the reason one could not be parsed.
public enum ReadItem: Sendable {
    case request(RequestMessage, RequestOrigin, parseTime: Duration)
    case failure(InputFailure)
}

/// Turns the bytes of a request file (or stdin) into parsed requests: the one path shared by
/// `run`, `parse` and `environ`.
///
/// The lenient profile reads the request-file format (blocks, comments, variables) and goes on
/// to the next block after an error; the strict profile reads the bytes as a socket would, a raw
/// stream of pipelined requests, and stops at the first error as a server closes the connection.
public struct RequestReader: Sendable {
    public var parser: RequestParser
    public var variables: [String: String]
    public var environment: [String: String]

    public init(parser: RequestParser, variables: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.parser = parser
        self.variables = variables
        self.environment = environment
    }

    public func read(_ data: [UInt8], file: String, directory: String?, each: (ReadItem) -> Void) {
        if parser.profile == .strict {
            let source = RequestSource(file: file, name: nil, line: 1, bytes: data, lineMap: [])
            parseBlock(source, identityLines: true, each: each)
            return
        }
        let requestFile = RequestFile(data, file: file, directory: directory, variables: variables, environment: environment) { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputFiles.Unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied or unreadable" : "no such file")
            }
            return Array(data)
        }
        for block in requestFile.blocks {
            switch block {
            case .success(let source):
                parseBlock(source, identityLines: false, each: each)
            case .failure(let error):
                each(.failure(InputFailure(origin: RequestOrigin(file: error.file, line: error.line),
                                           rule: error.rule.rawValue, message: error.message, status: nil)))
            }
        }
    }

    /// Every item of every input, in order.
    public func readAll(_ inputs: [(path: String, directory: String?, data: [UInt8])]) -> [ReadItem] {
        var items: [ReadItem] = []
        for input in inputs {
            read(input.data, file: input.path, directory: input.directory) { items.append($0) }
        }
        return items
    }

    private func parseBlock(_ source: RequestSource, identityLines: Bool, each: (ReadItem) -> Void) {
        let fileLine = { (line: Int) in identityLines ? line : source.fileLine(line) }
        var offset = 0
        while true {
            let clock = ContinuousClock()
            let start = clock.now
            do {
                guard case .request(let message, let end) = try parser.parse(source.bytes, from: offset, isComplete: true) else { return }
                let origin = RequestOrigin(file: source.file, line: fileLine(message.line), name: offset == 0 ? source.name : nil)
                each(.request(message, origin, parseTime: clock.now - start))
                offset = end
            } catch let error as ParseError {
                let origin = RequestOrigin(file: source.file, line: fileLine(error.line), name: source.name, column: error.column)
                // In a raw stream (--strict) the offset is the file's own: say which byte.
                let place = identityLines ? "; byte \(error.offset)" : ""
                each(.failure(InputFailure(origin: origin, rule: error.rule.rawValue,
                                           message: "\(error.message) (\(error.rule.reference)\(place))", status: error.status)))
                return
            } catch {
                each(.failure(InputFailure(origin: RequestOrigin(file: source.file, line: source.line), rule: "input", message: "\(error)", status: nil)))
                return
            }
        }
    }
}

/// Reads the inputs named on the command line: paths, or `-` for standard input (read once).
public enum InputFiles {
    public struct Unreadable: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot read \(path.debugDescription): \(reason)" }
    }

    /// Every input's bytes, or the first that cannot be read, before anything runs.
    public static func load(_ paths: [String]) throws -> [(path: String, directory: String?, data: [UInt8])] {
        var stdinData: [UInt8]?
        return try paths.map { path in
            if path == "-" {
                if stdinData == nil { stdinData = Array(FileHandle.standardInput.readDataToEndOfFile()) }
                return (path, FileManager.default.currentDirectoryPath, stdinData!)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Unreadable(path: path, reason: "no such file")
            }
            if isDirectory.boolValue { throw Unreadable(path: path, reason: "it is a directory") }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Unreadable(path: path, reason: "permission denied or unreadable")
            }
            return (path, (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, Array(data))
        }
    }
}
