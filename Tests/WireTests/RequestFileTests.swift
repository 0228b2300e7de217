import Foundation
import Testing
import Wire

/// The request-file format (`.http`): blocks, names, comments, variables, continuation lines,
/// body files, and the line map that points errors back at the file.
@Suite("RequestFile")
struct RequestFileTests {
    /// A body file that is not there.
    struct MissingFile: Error, CustomStringConvertible {
        var path: String
        var description: String { "no such file \(path)" }
    }

    /// Reads `data` as a request file; `files` answers `< path` bodies by their resolved path.
    static func read(
        bytes data: [UInt8], file: String = "t.http", directory: String? = "/req", variables: [String: String] = [:],
        environment: [String: String] = [:], files: [String: [UInt8]] = [:]
    ) -> RequestFile {
        RequestFile(data, file: file, directory: directory, variables: variables, environment: environment) { path in
            guard let content = files[path] else { throw MissingFile(path: path) }
            return content
        }
    }

    static func read(
        _ text: String, directory: String? = "/req", variables: [String: String] = [:],
        environment: [String: String] = [:], files: [String: [UInt8]] = [:]
    ) -> RequestFile {
        read(bytes: Array(text.utf8), directory: directory, variables: variables, environment: environment, files: files)
    }

    /// Every block, which must all have been read.
    static func sources(_ file: RequestFile) throws -> [RequestSource] {
        try file.blocks.map { try $0.get() }
    }

    /// The only block, which must have been read.
    static func source(_ file: RequestFile) throws -> RequestSource {
        let sources = try sources(file)
        try #require(sources.count == 1, "expected one block, got \(sources.count)")
        return sources[0]
    }

    /// The error of a block that could not be read.
    static func failure(_ block: Result<RequestSource, RequestFileError>) throws -> RequestFileError {
        switch block {
        case .success(let source):
            Issue.record("expected an error, got \(String(decoding: source.bytes, as: UTF8.self).debugDescription)")
            throw MissingFile(path: "")
        case .failure(let error):
            return error
        }
    }

    static func text(_ source: RequestSource) -> String { String(decoding: source.bytes, as: UTF8.self) }

    // MARK: Blocks and names

    @Test("### separates requests; the text after it names the next one")
    func splitting() throws {
        let file = Self.read("### first\nGET /a\n\n###\nGET /b\n\n###  second one\t\nGET /c")
        let sources = try Self.sources(file)
        #expect(file.file == "t.http")
        #expect(sources.map(\.name) == ["first", nil, "second one"])
        #expect(sources.map(\.line) == [2, 5, 8])
        #expect(sources.map(\.file) == ["t.http", "t.http", "t.http"])
        #expect(sources.map(Self.text) == ["GET /a\n\n", "GET /b\n\n", "GET /c\n\n"])
    }

    @Test("# @name and // @name name a request, over the ### title")
    func atName() throws {
        let file = Self.read("### Title\n# @name login\nPOST /login\n\n###\n// @name  profile\nGET /profile\n\n###\n# @name café\nGET /\n")
        #expect(try Self.sources(file).map(\.name) == ["login", "profile", "café"])
    }

    @Test("a block of only comments and variables is no request")
    func emptyBlocks() throws {
        let file = Self.read("# about this file\n@x = 1\n\n###\n# nothing here\n\n###\n###\nGET /only\n\n###\n")
        let sources = try Self.sources(file)
        #expect(sources.count == 1)
        #expect(sources.first?.line == 9)
    }

    @Test("an empty file has no blocks")
    func emptyFile() {
        #expect(Self.read("").blocks.isEmpty)
        #expect(Self.read("\n\n# just a comment\n").blocks.isEmpty)
    }

    // MARK: Comments

    @Test("# and // lines are dropped before and in the head, kept in the body")
    func comments() throws {
        let source = try Self.source(Self.read(
            "# leading\n// leading too\nGET /a\n# in head\nAccept: x\n// also in head\n\n# body comment\n// body too\n"))
        #expect(source.line == 3)
        #expect(Self.text(source) == "GET /a\nAccept: x\n\n# body comment\n// body too\n")
        #expect(source.lineMap == [3, 5, 7, 8, 9])
    }

    // MARK: Variables

    @Test("@name = value anywhere before a request line defines a variable for the whole file")
    func fileVariables() throws {
        let file = Self.read("""
            @host = example.com
            # a comment between definitions
            @port=8080

            ### one
            @path = /first
            GET http://{{host}}:{{port}}{{path}}?then={{later}}

            ### two
            // @name second
            @later = defined-later
            POST /two
            X-Not-A-Definition: @x = 1

            @body = not a definition

            """)
        #expect(file.variables == ["host": "example.com", "port": "8080", "path": "/first", "later": "defined-later"])
        let sources = try Self.sources(file)
        #expect(sources.map(Self.text) == [
            "GET http://example.com:8080/first?then=defined-later\n\n",
            "POST /two\nX-Not-A-Definition: @x = 1\n\n@body = not a definition\n",
        ])
        #expect(sources.map(\.line) == [7, 12])
        #expect(sources[1].name == "second")
    }

    @Test("{{name}} in the target, a header and the body")
    func substitution() throws {
        let source = try Self.source(Self.read(
            "@token = s3cr3t\n@id = 42\nPOST /items/{{id}}?v={{ id }}\nAuthorization: Bearer {{token}}\n\n{\"id\": {{id}}, \"t\": \"{{token}}\"}\n"))
        #expect(Self.text(source) == "POST /items/42?v=42\nAuthorization: Bearer s3cr3t\n\n{\"id\": 42, \"t\": \"s3cr3t\"}\n")
    }

    @Test("variables may refer to variables, including ones given on the command line")
    func nestedVariables() throws {
        let text = "@host = example.com\n@base = http://{{host}}/api\n@users = {{base}}/users\nGET {{users}}\n"
        #expect(Self.text(try Self.source(Self.read(text))) == "GET http://example.com/api/users\n\n")
        let overridden = Self.read(text, variables: ["host": "cli.test"])
        #expect(Self.text(try Self.source(overridden)) == "GET http://cli.test/api/users\n\n")
        #expect(overridden.variables["host"] == "cli.test")
    }

    @Test("variables that refer to each other in a loop are an error at the line using them", arguments: [
        "@a = {{b}}\n@b = {{a}}\n",
        "@a = x{{a}}\n\n",
    ])
    func loop(definitions: String) throws {
        let file = Self.read(definitions + "###\nGET /{{a}}\n\n###\nGET /fine\n")
        try #require(file.blocks.count == 2)
        let error = try Self.failure(file.blocks[0])
        #expect(error.rule == .variable)
        #expect(error.file == "t.http")
        #expect(error.line == 4)
        #expect(error.message.contains("loop"))
        // The next block is unaffected.
        #expect(Self.text(try file.blocks[1].get()) == "GET /fine\n\n")
    }

    @Test("an undefined variable is an error at its line, with a hint")
    func undefined() throws {
        let file = Self.read("###\nGET /\nX-Id: {{missing}}\n")
        let error = try Self.failure(try #require(file.blocks.first))
        #expect(error.rule == .variable)
        #expect(error.line == 3)
        #expect(error.description == "t.http:3: variable: undefined variable {{missing}}; define it with '@missing = value' or --var missing=value")
    }

    @Test("an undefined variable in the body is an error at the body's line")
    func undefinedInBody() throws {
        let error = try Self.failure(try #require(Self.read("POST /\n\nline one\n{{nope}}\n").blocks.first))
        #expect(error.line == 4)
    }

    @Test("'{{' without '}}' is an error")
    func unclosed() throws {
        let error = try Self.failure(try #require(Self.read("GET /{{oops\n").blocks.first))
        #expect(error.rule == .variable)
        #expect(error.line == 1)
        #expect(error.message == "'{{' without a closing '}}'")
    }

    @Test("variables given to the reader win over the file's, and may be any Unicode")
    func overrides() throws {
        let file = Self.read("@token = file\nGET /{{new}}\nAuthorization: {{token}}\n", variables: ["token": "cli", "new": "café"])
        #expect(try Self.source(file).bytes == Array("GET /café\nAuthorization: cli\n\n".utf8))
        #expect(file.variables["token"] != "file")
    }

    @Test("{{$processEnv NAME}} reads the environment given")
    func processEnv() throws {
        let source = try Self.source(Self.read("GET /\nX-Key: {{$processEnv API_KEY}}\n", environment: ["API_KEY": "k-123"]))
        #expect(Self.text(source) == "GET /\nX-Key: k-123\n\n")
        let unset = try Self.failure(try #require(Self.read("GET /\nX-Key: {{$processEnv API_KEY}}\n").blocks.first))
        #expect(unset.rule == .variable)
        #expect(unset.line == 2)
        #expect(unset.message == "environment variable API_KEY is not set")
    }

    @Test("{{$guid}} and {{$timestamp}}; an unknown system variable is an error")
    func systemVariables() throws {
        let source = try Self.source(Self.read("GET /{{$guid}}\nX-Time: {{$timestamp}}\n"))
        let lines = Self.text(source).split(separator: "\n").map(String.init)
        let guid = try #require(lines.first?.dropFirst("GET /".count))
        #expect(guid.count == 36)
        #expect(guid.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(guid.allSatisfy { $0 == "-" || $0.isHexDigit })
        #expect(guid.split(separator: "-")[2].first == "4")
        let stampText = try #require(lines.dropFirst().first?.dropFirst("X-Time: ".count))
        let stamp = try #require(Int(stampText))
        #expect(abs(stamp - Int(Date().timeIntervalSince1970)) < 600)
        let unknown = try Self.failure(try #require(Self.read("GET /{{$random}}\n").blocks.first))
        #expect(unknown.message.hasPrefix("unknown system variable {{$random}}"))
    }

    // MARK: Continuation lines

    @Test("? and & lines continue the request line's query")
    func continuation() throws {
        let source = try Self.source(Self.read("GET /polls/\n    ?order=-pub_date\n    &limit=5\nAccept: x\n"))
        #expect(Self.text(source) == "GET /polls/?order=-pub_date&limit=5\nAccept: x\n\n")
        #expect(source.lineMap == [1, 4, 4])
        #expect(source.fileLine(2) == 4)
    }

    @Test("continuation lines go before a trailing HTTP version, and take variables")
    func continuationWithVersion() throws {
        let source = try Self.source(Self.read("GET /polls/ HTTP/1.1\n?order={{o}}\n\t&limit=5\nAccept: x\n", variables: ["o": "-pub"]))
        #expect(Self.text(source) == "GET /polls/?order=-pub&limit=5 HTTP/1.1\nAccept: x\n\n")
    }

    // MARK: Body files

    @Test("< path reads the body from a file, relative to the request file's directory")
    func bodyFile() throws {
        let content = Array("{\"question_text\": \"{{not substituted}}\"}\n".utf8)
        let source = try Self.source(Self.read(
            "POST /q\nContent-Type: application/json\n\n\n< ./question.json\n", files: ["/req/./question.json": content]))
        #expect(source.bytes == Array("POST /q\nContent-Type: application/json\n\n".utf8) + content)
        #expect(source.lineMap == [1, 2, 3, 5, 5])
    }

    @Test("< path: absolute paths as written, and as written without a directory")
    func bodyFilePaths() throws {
        let content = Array("x".utf8)
        let absolute = try Self.source(Self.read("POST /\n\n< /data/x.txt\n", files: ["/data/x.txt": content]))
        #expect(absolute.bytes.suffix(1) == [UInt8(ascii: "x")])
        let noDirectory = try Self.source(Self.read("POST /\n\n< ./x.txt\n", directory: nil, files: ["./x.txt": content]))
        #expect(noDirectory.bytes.suffix(1) == [UInt8(ascii: "x")])
        let withVariable = try Self.source(Self.read("@dir = ./data\nPOST /\n\n< {{dir}}/x.txt\n", files: ["/req/./data/x.txt": content]))
        #expect(withVariable.bytes.suffix(1) == [UInt8(ascii: "x")])
    }

    @Test("<@ path substitutes variables in the file's content, keeping its bytes otherwise")
    func bodyFileWithVariables() throws {
        let content = Array("{\"name\": \"café\", \"token\": \"{{token}}\"}\n".utf8)
        let source = try Self.source(Self.read("@token = s3cr3t\nPOST /\n\n<@ ./t.json\n", files: ["/req/./t.json": content]))
        #expect(source.bytes == Array("POST /\n\n{\"name\": \"café\", \"token\": \"s3cr3t\"}\n".utf8))
    }

    @Test("< path keeps the file's bytes exactly, UTF-8 or not")
    func bodyFileBytes() throws {
        let content: [UInt8] = [0xFF, 0x00, 0xC3, 0xA9, 0x0D, 0x0A, 0x7B, 0x7B]
        let source = try Self.source(Self.read("POST /\n\n< ./b.bin\n", files: ["/req/./b.bin": content]))
        #expect(Array(source.bytes.suffix(content.count)) == content)
    }

    @Test("a body file that cannot be read is a body-file error at its line")
    func missingBodyFile() throws {
        let file = Self.read("###\nPOST /\nContent-Type: text/plain\n\n< ./nope.json\n\n###\nGET /next\n")
        try #require(file.blocks.count == 2)
        let error = try Self.failure(file.blocks[0])
        #expect(error.rule == .bodyFile)
        #expect(error.line == 5)
        #expect(error.message.hasPrefix("cannot read body file \"./nope.json\": no such file /req/./nope.json"))
        #expect(Self.text(try file.blocks[1].get()) == "GET /next\n\n")
    }

    // MARK: Line map

    @Test("lineMap points each line of bytes at its file line, past removed comments")
    func lineMap() throws {
        let source = try Self.source(Self.read("### x\n# comment\nGET /a\n# removed\nAccept: a\nBad Header\n\nbody\n"))
        #expect(Self.text(source) == "GET /a\nAccept: a\nBad Header\n\nbody\n")
        #expect(source.lineMap == [3, 5, 6, 7, 8])
        #expect(source.fileLine(1) == 3)
        #expect(source.fileLine(3) == 6)
        // Out of range clamps to the ends.
        #expect(source.fileLine(0) == 3)
        #expect(source.fileLine(99) == 8)
    }

    @Test("a parser error's line maps back to the file")
    func parserErrorLine() throws {
        let source = try Self.source(Self.read("### x\n# comment\nGET /a\n# removed\nAccept: a\nBad Header\n"))
        let error = try #require(throws: ParseError.self) {
            try RequestParser(profile: .lenient).parse(source.bytes, isComplete: true)
        }
        #expect(error.line == 3)
        #expect(source.fileLine(error.line) == 6)
    }

    @Test("without a line map, every line is the request line")
    func emptyLineMap() {
        let source = RequestSource(file: "-", name: nil, line: 7, bytes: [], lineMap: [])
        #expect(source.fileLine(1) == 7)
        #expect(source.fileLine(12) == 7)
    }

    // MARK: Bytes

    @Test("CRLF input is kept byte for byte")
    func crlf() throws {
        let source = try Self.source(Self.read(
            "### a\r\nPOST /x HTTP/1.1\r\nHost: h\r\n# dropped\r\n\r\nline1\r\n# kept\r\nmixed\nline2\r\n"))
        #expect(source.name == "a")
        #expect(source.bytes == Array("POST /x HTTP/1.1\r\nHost: h\r\n\r\nline1\r\n# kept\r\nmixed\nline2\r\n".utf8))
        #expect(source.lineMap == [2, 3, 5, 6, 7, 8, 9])
    }

    @Test("bytes that are not UTF-8 survive in the head and the body")
    func latin1() throws {
        let data: [UInt8] = Array("GET /caf".utf8) + [0xE9] + Array("\nX-Name: ".utf8) + [0xFF] + Array("\n\n".utf8) + [0x80, 0x0A]
        let source = try Self.source(Self.read(bytes: data))
        #expect(source.bytes == data)
    }

    @Test("a last line without a line break still ends the head", arguments: ["GET /a", "GET /a\nAccept: x", "GET /a\n?q=1"])
    func noFinalLineBreak(text: String) throws {
        let source = try Self.source(Self.read(text))
        #expect(source.bytes.suffix(2) == [0x0A, 0x0A], "\(Self.text(source).debugDescription)")
        let outcome = try RequestParser(profile: .lenient).parse(source.bytes, isComplete: true)
        guard case .request(let message, _) = outcome else {
            Issue.record("not a request: \(outcome)")
            return
        }
        #expect(message.method == "GET")
    }

    @Test("without ###, raw pipelined requests stay one block, byte for byte")
    func rawPipelined() throws {
        let raw = "GET /a HTTP/1.1\r\nHost: localhost:8000\r\nAccept: */*\r\n\r\nGET /b?x=1 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"
            + "POST /c HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
        let source = try Self.source(Self.read(raw))
        #expect(source.name == nil)
        #expect(source.line == 1)
        #expect(source.bytes == Array(raw.utf8))
        #expect(source.lineMap == Array(1...13))
        let messages = try RequestParser(profile: .lenient).parseAll(source.bytes)
        #expect(messages.map(\.target) == ["/a", "/b?x=1", "/c"])
        #expect(messages.map { source.fileLine($0.line) } == [1, 5, 8])
    }
}
