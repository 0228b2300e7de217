import Gateway
import Testing
import Wire

/// Parses `text` (strict unless told) and builds its environ.
private func environ(
    _ text: String, _ parser: RequestParser = .strict, options: EnvironOptions = EnvironOptions()
) throws -> Environ {
    let (message, _) = try request(wire(text), parser)
    return EnvironBuilder.environ(for: message, options: options, errors: CapturedErrorStream())
}

private func options(_ configure: (inout EnvironOptions) -> Void) -> EnvironOptions {
    var options = EnvironOptions()
    configure(&options)
    return options
}

@Suite("EnvironBuilder")
struct EnvironBuilderTests {
    @Test func basicVariables() throws {
        let env = try environ("GET /polls/?page=2&q=a%20b HTTP/1.1\r\nHost: example.com:8000\r\nUser-Agent: curl/8.5\r\n\r\n")
        #expect(env["REQUEST_METHOD"] == "GET")
        #expect(env["SCRIPT_NAME"] == "")
        #expect(env["PATH_INFO"] == "/polls/")
        #expect(env["QUERY_STRING"] == "page=2&q=a%20b")
        #expect(env["RAW_URI"] == "/polls/?page=2&q=a%20b")
        #expect(env["SERVER_PROTOCOL"] == "HTTP/1.1")
        #expect(env["HTTP_HOST"] == "example.com:8000")
        #expect(env["HTTP_USER_AGENT"] == "curl/8.5")
        #expect(env["SERVER_NAME"] == "example.com")
        #expect(env["SERVER_PORT"] == "8000")
        #expect(env["SERVER_SOFTWARE"] == "shallot")
        #expect(env["REMOTE_ADDR"] == "127.0.0.1")
        #expect(env["REMOTE_PORT"] == nil)
        #expect(env["CONTENT_TYPE"] == nil)
        #expect(env["CONTENT_LENGTH"] == nil)
        #expect(env.urlScheme == "http")
        #expect(env.version.major == 1 && env.version.minor == 0)
        #expect(env.extensions[EnvironBuilder.droppedHeadersKey] == nil)
        for key in Environ.requiredVariables { #expect(env[key] != nil, "\(key)") }
        #expect(env.requestMethod == "GET")
        #expect(env.pathInfo == "/polls/")
    }

    @Test func optionsAreCarriedOver() throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", options: options {
            $0.remoteAddr = "10.0.0.7"
            $0.remotePort = "51234"
            $0.serverSoftware = "shallot/test"
            $0.multithread = true
            $0.multiprocess = true
            $0.runOnce = true
            $0.fileWrapper = nil
        })
        #expect(env["REMOTE_ADDR"] == "10.0.0.7")
        #expect(env["REMOTE_PORT"] == "51234")
        #expect(env["SERVER_SOFTWARE"] == "shallot/test")
        #expect(env.multithread && env.multiprocess && env.runOnce)
        #expect(env.fileWrapper == nil)
    }

    @Test func http10Protocol() throws {
        let env = try environ("GET / HTTP/1.0\r\n\r\n")
        #expect(env["SERVER_PROTOCOL"] == "HTTP/1.0")
    }

    struct PathCase: Sendable, CustomTestStringConvertible {
        var target: String
        var pathInfo: String
        var query: String
        var testDescription: String { target }
    }

    @Test(arguments: [
        PathCase(target: "/caf%C3%A9", pathInfo: "/caf\u{C3}\u{A9}", query: ""),
        PathCase(target: "/caf%c3%a9/", pathInfo: "/caf\u{C3}\u{A9}/", query: ""),
        PathCase(target: "/a%2Fb", pathInfo: "/a/b", query: ""),
        PathCase(target: "/a%2fb", pathInfo: "/a/b", query: ""),
        PathCase(target: "/100%zz", pathInfo: "/100%zz", query: ""),
        PathCase(target: "/x%", pathInfo: "/x%", query: ""),
        PathCase(target: "/x%4", pathInfo: "/x%4", query: ""),
        PathCase(target: "/x%4?y", pathInfo: "/x%4", query: "y"),
        PathCase(target: "/%41%42c", pathInfo: "/ABc", query: ""),
        PathCase(target: "/a+b%20c", pathInfo: "/a+b c", query: ""),
        PathCase(target: "/%00", pathInfo: "/\u{0}", query: ""),
        PathCase(target: "/p?q=caf%C3%A9&x=a+b", pathInfo: "/p", query: "q=caf%C3%A9&x=a+b"),
        PathCase(target: "/p?", pathInfo: "/p", query: ""),
        PathCase(target: "/p?a=1?b=2", pathInfo: "/p", query: "a=1?b=2"),
        PathCase(target: "/p%3Fq?r", pathInfo: "/p?q", query: "r"),
        PathCase(target: "/p?q=1#frag", pathInfo: "/p", query: "q=1"),
        PathCase(target: "/p#x", pathInfo: "/p", query: ""),
        PathCase(target: "/p#x?y", pathInfo: "/p", query: ""),
    ])
    func pathInfoAndQueryString(_ c: PathCase) throws {
        let env = try environ("GET \(c.target) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(env["PATH_INFO"] == c.pathInfo)
        #expect(env["QUERY_STRING"] == c.query)
        #expect(env["RAW_URI"] == c.target)
    }

    @Test func pathInfoIsLatin1NativeString() throws {
        let env = try environ("GET /caf%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n")
        let path = try #require(env["PATH_INFO"])
        #expect(path.unicodeScalars.map(\.value) == [0x2F, 0x63, 0x61, 0x66, 0xC3, 0xA9])
        #expect(Latin1.bytes(path) == wire("/café"))
    }

    @Test func contentTypeAndLengthAreNotHTTPVariables() throws {
        let env = try environ("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain; charset=utf-8\r\ncontent-length: 5\r\n\r\nhello")
        #expect(env["CONTENT_TYPE"] == "text/plain; charset=utf-8")
        #expect(env["CONTENT_LENGTH"] == "5")
        #expect(env["HTTP_CONTENT_TYPE"] == nil)
        #expect(env["HTTP_CONTENT_LENGTH"] == nil)
        #expect(!env.variables.contains { $0.key.hasPrefix("HTTP_CONTENT") })
    }

    @Test func duplicatedContentLengthBecomesOneNumber() throws {
        let env = try environ("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello")
        #expect(env["CONTENT_LENGTH"] == "5")
        #expect(env.input.read() == wire("hello"))
    }

    @Test func headersBecomeHTTPVariables() throws {
        let env = try environ("""
            GET / HTTP/1.1\r
            Host: x\r
            X-Forwarded-For: 1.2.3.4\r
            x-custom-header: Yes\r
            Accept-Language: fr\r
            DNT: 1\r
            \r\n
            """)
        #expect(env["HTTP_X_FORWARDED_FOR"] == "1.2.3.4")
        #expect(env["HTTP_X_CUSTOM_HEADER"] == "Yes")
        #expect(env["HTTP_ACCEPT_LANGUAGE"] == "fr")
        #expect(env["HTTP_DNT"] == "1")
        #expect(env["HTTP_X-FORWARDED-FOR"] == nil)
        let httpKeys = env.variables.map(\.key).filter { $0.hasPrefix("HTTP_") }
        #expect(httpKeys == ["HTTP_HOST", "HTTP_X_FORWARDED_FOR", "HTTP_X_CUSTOM_HEADER", "HTTP_ACCEPT_LANGUAGE", "HTTP_DNT"])
    }

    @Test func headerValuesAreLatin1() throws {
        let (message, _) = try request(wire("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf") + [0xE9] + wire("\r\n\r\n"))
        let env = EnvironBuilder.environ(for: message, errors: CapturedErrorStream())
        #expect(env["HTTP_X_NAME"] == "caf\u{E9}")
    }

    @Test func duplicatesAreJoinedWithComma() throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nX-A: 1\r\naccept: application/json\r\n\r\n")
        #expect(env["HTTP_ACCEPT"] == "text/html,application/json")
        #expect(env.variables.filter { $0.key == "HTTP_ACCEPT" }.count == 1)
    }

    @Test func cookiesAreJoinedWithSemicolon() throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1\r\nCookie: b=2; c=3\r\n\r\n")
        #expect(env["HTTP_COOKIE"] == "a=1; b=2; c=3")
    }

    @Test func namesWithUnderscoreAreDropped() throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: x\r\nX_User: admin\r\nX-User: alice\r\nMy_Header: 1\r\n\r\n")
        #expect(env["HTTP_X_USER"] == "alice")
        #expect(env["HTTP_MY_HEADER"] == nil)
        #expect(env.extensions[EnvironBuilder.droppedHeadersKey] as? [String] == ["X_User", "My_Header"])
        let spoof = try environ("GET / HTTP/1.1\r\nHost: x\r\nX_User: admin\r\n\r\n")
        #expect(spoof["HTTP_X_USER"] == nil)
    }

    struct HostCase: Sendable, CustomTestStringConvertible {
        var host: String
        var scheme: String
        var name: String
        var port: String
        var testDescription: String { "\(scheme) \(host)" }
    }

    @Test(arguments: [
        HostCase(host: "example.com:8000", scheme: "http", name: "example.com", port: "8000"),
        HostCase(host: "example.com", scheme: "http", name: "example.com", port: "80"),
        HostCase(host: "example.com", scheme: "https", name: "example.com", port: "443"),
        HostCase(host: "example.com:8443", scheme: "https", name: "example.com", port: "8443"),
        HostCase(host: "example.com:", scheme: "http", name: "example.com", port: "80"),
        HostCase(host: "[::1]:8080", scheme: "http", name: "[::1]", port: "8080"),
        HostCase(host: "[::1]", scheme: "https", name: "[::1]", port: "443"),
        HostCase(host: "[2001:db8::1]:", scheme: "http", name: "[2001:db8::1]", port: "80"),
        HostCase(host: "127.0.0.1:5000", scheme: "http", name: "127.0.0.1", port: "5000"),
    ])
    func serverNameAndPortFromHost(_ c: HostCase) throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: \(c.host)\r\n\r\n", options: options { $0.urlScheme = c.scheme })
        #expect(env["SERVER_NAME"] == c.name)
        #expect(env["SERVER_PORT"] == c.port)
        #expect(env["HTTP_HOST"] == c.host)
        #expect(env.urlScheme == c.scheme)
        let (name, port) = EnvironBuilder.splitHost(c.host, scheme: c.scheme, fallback: ("f", "1"))
        #expect(name == c.name && port == c.port)
    }

    @Test func fallbackWithoutHost() throws {
        let env = try environ("GET / HTTP/1.0\r\n\r\n", options: options {
            $0.serverName = "fallback.local"
            $0.serverPort = "8080"
        })
        #expect(env["SERVER_NAME"] == "fallback.local")
        #expect(env["SERVER_PORT"] == "8080")
        #expect(env["HTTP_HOST"] == nil)
        let standard = try environ("GET / HTTP/1.0\r\n\r\n")
        #expect(standard["SERVER_NAME"] == "localhost")
        #expect(standard["SERVER_PORT"] == "80")
        let empty = try environ("GET / HTTP/1.1\r\nHost:\r\n\r\n")
        #expect(empty["SERVER_NAME"] == "localhost")
    }

    struct ScriptCase: Sendable, CustomTestStringConvertible {
        var scriptName: String
        var target: String
        var pathInfo: String
        var testDescription: String { "\(scriptName) \(target)" }
    }

    @Test(arguments: [
        ScriptCase(scriptName: "/app", target: "/app/polls/", pathInfo: "/polls/"),
        ScriptCase(scriptName: "/app", target: "/app", pathInfo: ""),
        ScriptCase(scriptName: "/app", target: "/app/", pathInfo: "/"),
        ScriptCase(scriptName: "/app", target: "/%61pp/x?y=1", pathInfo: "/x"),
        ScriptCase(scriptName: "/app", target: "/other/", pathInfo: "/other/"),
        ScriptCase(scriptName: "", target: "/app/polls/", pathInfo: "/app/polls/"),
    ])
    func scriptNameStripsItsPrefix(_ c: ScriptCase) throws {
        let env = try environ("GET \(c.target) HTTP/1.1\r\nHost: x\r\n\r\n", options: options { $0.scriptName = c.scriptName })
        #expect(env["SCRIPT_NAME"] == c.scriptName)
        #expect(env["PATH_INFO"] == c.pathInfo)
        #expect(env["RAW_URI"] == c.target)
    }

    @Test func absoluteFormTarget() throws {
        let env = try environ("GET http://example.com:8000/polls/?page=2 HTTP/1.1\r\nHost: other.org\r\n\r\n")
        #expect(env["PATH_INFO"] == "/polls/")
        #expect(env["QUERY_STRING"] == "page=2")
        #expect(env["HTTP_HOST"] == "example.com:8000")
        #expect(env["SERVER_NAME"] == "example.com")
        #expect(env["SERVER_PORT"] == "8000")
        #expect(env["RAW_URI"] == "http://example.com:8000/polls/?page=2")
        #expect(env.variables.filter { $0.key == "HTTP_HOST" }.count == 1)
    }

    @Test func absoluteFormWithoutPathOrHostHeader() throws {
        let env = try environ("GET HTTP://Example.com?x=1#f HTTP/1.0\r\n\r\n")
        #expect(env["PATH_INFO"] == "/")
        #expect(env["QUERY_STRING"] == "x=1")
        #expect(env["HTTP_HOST"] == "Example.com")
        #expect(env["SERVER_NAME"] == "Example.com")
        #expect(env["SERVER_PORT"] == "80")
    }

    @Test func absoluteFormWithPercentEncodedPath() throws {
        let env = try environ("GET https://h/caf%C3%A9?q HTTP/1.1\r\nHost: h\r\n\r\n", options: options { $0.urlScheme = "https" })
        #expect(env["PATH_INFO"] == "/caf\u{C3}\u{A9}")
        #expect(env["QUERY_STRING"] == "q")
        #expect(env["SERVER_PORT"] == "443")
    }

    @Test func lenientRepairsReachTheEnviron() throws {
        let env = try environ("example.com:8000/polls/?page=2\n\n", .lenient)
        #expect(env["REQUEST_METHOD"] == "GET")
        #expect(env["PATH_INFO"] == "/polls/")
        #expect(env["QUERY_STRING"] == "page=2")
        #expect(env["HTTP_HOST"] == "example.com:8000")
        #expect(env["SERVER_PORT"] == "8000")
        let post = try environ("POST /vote\nContent-Type: application/x-www-form-urlencoded\n\nchoice=1\n", .lenient)
        #expect(post["CONTENT_LENGTH"] == "8")
        #expect(post["CONTENT_TYPE"] == "application/x-www-form-urlencoded")
        #expect(post.input.read() == wire("choice=1"))
    }

    @Test func inputIsExactlyTheBody() throws {
        let input = wire("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello\nworldGET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        let (message, _) = try request(input)
        let env = EnvironBuilder.environ(for: message, errors: CapturedErrorStream())
        #expect(env.input.readline() == wire("hello\n"))
        #expect(env.input.read(100) == wire("world"))
        #expect(env.input.read().isEmpty)
        #expect(env.input.readline().isEmpty)
    }

    @Test func inputIsTheDechunkedBody() throws {
        let env = try environ("POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n")
        #expect(env.input.read() == wire("hello world"))
        // The de-chunked body is buffered whole, so its length is given for Django to read it.
        #expect(env["CONTENT_LENGTH"] == "11")
        #expect(env["HTTP_TRANSFER_ENCODING"] == "chunked")
        #expect(env["HTTP_X_T"] == nil)
    }

    @Test func inputIsEmptyWithoutBody() throws {
        let env = try environ("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(env.input.read().isEmpty)
    }

    @Test func asteriskAndConnectHaveEmptyPath() throws {
        let asterisk = try environ("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(asterisk["PATH_INFO"] == "")
        #expect(asterisk["RAW_URI"] == "*")
        let connect = try environ("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        #expect(connect["PATH_INFO"] == "")
        #expect(connect["SERVER_PORT"] == "443")
    }
}
