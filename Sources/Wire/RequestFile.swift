import Gateway

/// One request as written in a request file, ready for the lenient parser: comments removed,
/// variables substituted, a `< file` body read in. `lineMap` maps each line of `bytes` back to
/// the line of the file it came from, so errors point at what the user wrote.
public struct RequestSource: Sendable {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// From `### name` or `# @name name`.
    public var name: String?
    /// The file line of the request line.
    public var line: Int
    public var bytes: [UInt8]
    public var lineMap: [Int]

    public init(file: String, name: String?, line: Int, bytes: [UInt8], lineMap: [Int]) {
        self.file = file
        self.name = name
        self.line = line
        self.bytes = bytes
        self.lineMap = lineMap
    }

    /// The file line of a 1-based line of `bytes`.
    public func fileLine(_ line: Int) -> Int {
        guard !lineMap.isEmpty else { return self.line }
        return lineMap[min(max(line, 1), lineMap.count) - 1]
    }
}

/// A request file that could not be turned into requests at some line.
public struct RequestFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable {
        case variable = "variable"
        case bodyFile = "body-file"
    }
    public var file: String
    public var line: Int
    public var rule: Rule
    public var message: String
    public var description: String { "\(file):\(line): \(rule.rawValue): \(message)" }
}

/// The request-file format of REST Client and JetBrains `.http` files, and plain raw HTTP.
///
/// - `###` lines separate requests; text after `###` names the next one (so does `# @name x`).
/// - Lines starting with `#` or `//` before a request's body are comments.
/// - `@name = value` defines a variable for the whole file; `{{name}}` uses it, and so do
///   `{{$processEnv NAME}}`, `{{$timestamp}}` and `{{$guid}}`. Variables given on the command line
///   (`--var name=value`) win over the file's.
/// - A request line may continue on lines starting with `?` or `&`.
/// - A body of `< ./path` is read from that file, relative to the request file (`<@` substitutes
///   variables in it).
/// - Without `###`, a file holding several raw requests one after another (a proxy's capture)
///   is one block that the parser splits, as a server reads a pipelined connection.
public struct RequestFile: Sendable {
    public var file: String
    public var blocks: [Result<RequestSource, RequestFileError>]
    public var variables: [String: String]

    /// Splits and prepares `text`. `readFile` reads a `< path` body (given the path as written,
    /// resolved against `directory`); `environment` answers `$processEnv`.
    public init(
        _ data: [UInt8], file: String, directory: String?, variables overrides: [String: String] = [:],
        environment: [String: String] = [:], readFile: (String) throws -> [UInt8]
    ) {
        self.file = file
        let lines = Self.lines(data)
        var fileVariables: [String: String] = [:]
        var chunks: [[SourceLine]] = [[]]
        var names: [String?] = [nil]
        for line in lines {
            if line.text.hasPrefix("###") {
                let title = String(decoding: line.bytes, as: UTF8.self).dropFirst(3).trimmingCharacters(in: " \t\r")
                chunks.append([])
                names.append(title.isEmpty ? nil : String(title))
            } else {
                chunks[chunks.count - 1].append(line)
            }
        }
        // File variables come from the lines before each request line, anywhere in the file.
        for chunk in chunks {
            for line in chunk {
                let text = line.text.trimmingCharacters(in: " \t\r")
                if text.hasPrefix("@"), let eq = text.firstIndex(of: "=") {
                    let name = text[text.index(after: text.startIndex)..<eq].trimmingCharacters(in: " \t")
                    fileVariables[String(name)] = String(text[text.index(after: eq)...].trimmingCharacters(in: " \t"))
                } else if !text.isEmpty && !Self.isComment(text) {
                    break
                }
            }
        }
        // Command-line and environment values are Unicode; request text is handled as latin-1 bytes.
        let native = { (value: String) in Latin1.string(Array(value.utf8)) }
        self.variables = fileVariables.merging(overrides.mapValues(native)) { _, cli in cli }
        let resolver = VariableResolver(variables: variables, environment: environment.mapValues(native), file: file)
        blocks = zip(chunks, names).compactMap { chunk, name in
            do {
                return try Self.block(chunk, name: name, file: file, directory: directory, resolver: resolver, readFile: readFile)
                    .map { .success($0) }
            } catch let error as RequestFileError {
                return .failure(error)
            } catch {
                return .failure(RequestFileError(file: file, line: chunk.first?.number ?? 1, rule: .bodyFile, message: "\(error)"))
            }
        }
    }

    struct SourceLine {
        var number: Int
        /// The line without its terminator, decoded as latin-1 so every byte survives.
        var text: String
        var bytes: ArraySlice<UInt8>
        /// The line with its terminator, as it was in the file.
        var raw: ArraySlice<UInt8>
    }

    static func lines(_ data: [UInt8]) -> [SourceLine] {
        var out: [SourceLine] = []
        var start = 0
        var number = 1
        while start < data.count {
            let lf = data[start...].firstIndex(of: .lf)
            let rawEnd = lf.map { $0 + 1 } ?? data.count
            var end = lf ?? data.count
            if end > start && data[end - 1] == .cr { end -= 1 }
            out.append(SourceLine(number: number, text: Latin1.string(data[start..<end]), bytes: data[start..<end], raw: data[start..<rawEnd]))
            start = rawEnd
            number += 1
        }
        return out
    }

    static func isComment(_ text: Substring) -> Bool { text.hasPrefix("#") || text.hasPrefix("//") }

    /// One `###` block: preamble (comments, variables, `# @name`), head, body.
    static func block(
        _ lines: [SourceLine], name: String?, file: String, directory: String?,
        resolver: VariableResolver, readFile: (String) throws -> [UInt8]
    ) throws -> RequestSource? {
        var name = name
        var index = 0
        while index < lines.count {
            let text = lines[index].text.trimmingCharacters(in: " \t")
            if text.hasPrefix("# @name ") || text.hasPrefix("// @name ") {
                let utf8 = String(decoding: lines[index].bytes, as: UTF8.self)
                name = String(utf8[utf8.firstRange(of: "@name ")!.upperBound...].trimmingCharacters(in: " \t"))
            } else if !text.isEmpty && !isComment(text) && !text.hasPrefix("@") {
                break
            }
            index += 1
        }
        guard index < lines.count else { return nil }

        var bytes: [UInt8] = []
        var lineMap: [Int] = []
        let requestLine = lines[index]
        var head = try resolver.substitute(requestLine.text, line: requestLine.number)
        index += 1
        // `?a=1` / `&b=2` lines continue the request line's query.
        while index < lines.count {
            let text = lines[index].text.trimmingCharacters(in: " \t")
            guard text.hasPrefix("?") || text.hasPrefix("&") else { break }
            let piece = try resolver.substitute(String(text), line: lines[index].number)
            let parts = head.split(separator: " ", omittingEmptySubsequences: true)
            if let last = parts.last, last.uppercased().hasPrefix("HTTP/"), parts.count > 1 {
                head = parts.dropLast().joined(separator: " ") + piece + " " + last
            } else {
                head += piece
            }
            index += 1
        }
        append(head, terminator: headTerminator(requestLine), line: requestLine.number, to: &bytes, &lineMap)

        var sawBlank = false
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.text.isEmpty || line.text == "\r" {
                append("", terminator: line.raw.suffix(line.raw.count - line.bytes.count), line: line.number, to: &bytes, &lineMap)
                sawBlank = true
                break
            }
            if isComment(Substring(line.text)) { continue }
            append(try resolver.substitute(line.text, line: line.number), terminator: headTerminator(line), line: line.number, to: &bytes, &lineMap)
        }
        if !sawBlank {
            append("", terminator: [.lf], line: lines[index - 1].number, to: &bytes, &lineMap)
        }

        let bodyLines = lines[index...]
        if let first = bodyLines.first(where: { !$0.text.trimmingCharacters(in: " \t").isEmpty }),
           first.text.hasPrefix("< ") || first.text.hasPrefix("<@ ") {
            let substituteContent = first.text.hasPrefix("<@")
            let written = try resolver.substitute(String(first.text.drop { $0 != " " }.trimmingCharacters(in: " \t")), line: first.number)
            let path = written.hasPrefix("/") || directory == nil ? written : directory! + "/" + written
            var content: [UInt8]
            do {
                content = try readFile(path)
            } catch {
                throw RequestFileError(file: file, line: first.number, rule: .bodyFile, message: "cannot read body file \(written.debugDescription): \(error)")
            }
            if substituteContent {
                let substituted = try resolver.substitute(Latin1.string(content), line: first.number)
                content = Latin1.bytes(substituted) ?? Array(substituted.utf8)
            }
            bytes += content
            lineMap += Array(repeating: first.number, count: content.filter { $0 == .lf }.count + 1)
        } else {
            for line in bodyLines {
                let text = try resolver.substitute(line.text, line: line.number)
                append(text, terminator: line.raw.suffix(line.raw.count - line.bytes.count), line: line.number, to: &bytes, &lineMap)
            }
        }
        return RequestSource(file: file, name: name, line: requestLine.number, bytes: bytes, lineMap: lineMap)
    }

    /// A head line's terminator as written; the file's last line may have none, and a head line
    /// needs one (else the head would never end).
    static func headTerminator(_ line: SourceLine) -> ArraySlice<UInt8> {
        line.raw.count > line.bytes.count ? line.raw.suffix(line.raw.count - line.bytes.count) : [.lf]
    }

    static func append<T: Collection>(_ text: String, terminator: T, line: Int, to bytes: inout [UInt8], _ lineMap: inout [Int]) where T.Element == UInt8 {
        bytes += Latin1.bytes(text) ?? Array(text.utf8)
        bytes += terminator
        lineMap.append(line)
    }
}
