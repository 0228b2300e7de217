import Gateway
import Testing
@testable import Framework

@Suite("HTTPRequest: method, paths, GET, COOKIES, body, POST, headers")
struct RequestTests {
    @Test func methodIsUppercased() {
        #expect(testRequest(method: "post").method == "POST")
        #expect(testRequest(method: "bogus").method == "BOGUS")
    }

    @Test func pathJoinsScriptNameAndPathInfo() {
        let request = testRequest(path: "/x", variables: [("SCRIPT_NAME", "/app")])
        #expect(request.scriptName == "/app")
        #expect(request.pathInfo == "/x")
        #expect(request.path == "/app/x")
    }

    @Test(arguments: ["/PREFIX/", "/PREFIX"])
    func scriptNameWithOrWithoutTrailingSlash(_ scriptName: String) {
        let request = testRequest(path: "/somepath/", variables: [("SCRIPT_NAME", scriptName)])
        #expect(request.path == "/PREFIX/somepath/")
        #expect(request.pathInfo == "/somepath/")
    }

    @Test func emptyOrMissingPathInfoIsSlash() {
        #expect(testRequest(path: "").pathInfo == "/")
        var environ = testEnviron()
        environ["PATH_INFO"] = nil
        let request = HTTPRequest(environ: environ, settings: testSettings())
        #expect(request.pathInfo == "/")
        #expect(request.path == "/")
    }

    @Test func pathInfoIsDecodedFromLatin1NativeStringsAsUTF8() {
        #expect(testRequest(path: nativeString("/café")).pathInfo == "/café")
        #expect(testRequest(path: nativeString("/سلام/")).path == "/سلام/")
        #expect(testRequest(path: nativeString("/café"), variables: [("SCRIPT_NAME", nativeString("/ünï"))]).path == "/ünï/café")
    }

    @Test func bytesThatAreNotUTF8StayPercentEncoded() {
        #expect(testRequest(path: Latin1.string([0x2F, 0xFF])).pathInfo == "/%FF")
        // "/café/" sent as latin-1: the é (0xE9) cannot be decoded.
        #expect(testRequest(path: Latin1.string(Array("/caf".utf8) + [0xE9, 0x2F])).path == "/caf%E9/")
        // A valid sequence after a broken one still decodes.
        #expect(testRequest(path: Latin1.string([0x2F, 0xE9] + Array("é".utf8))).pathInfo == "/%E9é")
    }

    @Test(arguments: ["/FORCED_PREFIX/", "/FORCED_PREFIX"])
    func forceScriptNameWinsOverScriptName(_ forced: String) {
        let settings = testSettings { $0.forceScriptName = forced }
        let request = testRequest(path: "/somepath/", variables: [("SCRIPT_NAME", "/PREFIX/")], settings: settings)
        #expect(request.scriptName == forced)
        #expect(request.path == "/FORCED_PREFIX/somepath/")
    }

    @Test func getIsParsedLazilyAndKeptOnceParsed() throws {
        let settings = testSettings { $0.dataUploadMaxNumberFields = 2 }
        let tooMany = testRequest(query: "a=1&a=2&a=3", settings: settings)
        #expect(throws: TooManyFieldsSent.self) { try tooMany.GET() }

        let request = testRequest(query: "q=caf%C3%A9&page=2&q=bar")
        let first = try request.GET()
        #expect(first.list("q") == ["café", "bar"])
        #expect(first["page"] == "2")
        #expect(try request.GET() == first)
    }

    @Test func getDecodesANativeQueryString() throws {
        #expect(try testRequest(query: nativeString("q=café")).GET()["q"] == "café")
    }

    @Test func cookiesComeFromTheCookieHeader() {
        let request = testRequest(variables: [("HTTP_COOKIE", "sessionid=abc; csrftoken=\"x\\054y\"")])
        #expect(request.COOKIES == ["sessionid": "abc", "csrftoken": "x,y"])
        #expect(testRequest().COOKIES == [:])
    }

    @Test func bodyIsContentLengthBytesReadOnce() throws {
        let request = testRequest(method: "POST", variables: [("CONTENT_LENGTH", "10")], body: utf8("name=valueEXTRA"))
        #expect(try request.body() == utf8("name=value"))
        // The input is consumed; the body is kept.
        #expect(try request.body() == utf8("name=value"))
    }

    @Test(arguments: ["", "nonsense", "-5"])
    func bodyWithoutAUsableContentLengthIsEmpty(_ length: String) throws {
        let request = testRequest(method: "POST", variables: [("CONTENT_LENGTH", length)], body: utf8("data"))
        #expect(try request.body() == [])
    }

    @Test func bodyOverTheMemoryLimitIsRequestDataTooBig() throws {
        let payload = utf8("a=1&a=2&a=3\r\n")
        let form = [("CONTENT_TYPE", "application/x-www-form-urlencoded")]
        let over = testRequest(method: "POST", variables: form, body: payload, settings: testSettings { $0.dataUploadMaxMemorySize = 12 })
        #expect(throws: RequestDataTooBig.self) { try over.body() }
        #expect(throws: RequestDataTooBig.self) { try over.POST() }

        let exact = testRequest(method: "POST", variables: form, body: payload, settings: testSettings { $0.dataUploadMaxMemorySize = 13 })
        #expect(try exact.body() == payload)
        let unlimited = testRequest(method: "POST", variables: form, body: payload, settings: testSettings { $0.dataUploadMaxMemorySize = nil })
        #expect(try unlimited.POST().list("a") == ["1", "2", "3\r\n"])
    }

    /// The limit is on the body of a GET as well: CONTENT_LENGTH is what counts.
    @Test func bodyLimitAppliesToAnyMethod() {
        let request = testRequest(variables: [("CONTENT_LENGTH", "3")], settings: testSettings { $0.dataUploadMaxMemorySize = 2 })
        #expect(throws: RequestDataTooBig.self) { try request.body() }
    }

    @Test func multipartBodyIsNotLimitedByTheMemorySize() throws {
        let payload = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"", "", "0123456789", "--boundary--"])
        let request = multipartRequest(payload, settings: testSettings { $0.dataUploadMaxMemorySize = 10 })
        #expect(try request.body() == payload)
    }

    @Test func postParsesAnUrlencodedBody() throws {
        let request = testRequest(
            method: "POST",
            variables: [("CONTENT_TYPE", "application/x-www-form-urlencoded")],
            body: utf8("name=value&key=Espa%C3%B1a&key=%E2%82%AC")
        )
        let post = try request.POST()
        #expect(post["name"] == "value")
        #expect(post.list("key") == ["España", "€"])
        #expect(try request.FILES().isEmpty)
    }

    @Test func postAfterTheBodyWasRead() throws {
        let request = testRequest(method: "POST", variables: [("CONTENT_TYPE", "application/x-www-form-urlencoded")], body: utf8("name=value"))
        #expect(try request.body() == utf8("name=value"))
        #expect(try request.POST() == QueryDict([("name", "value")]))
    }

    @Test func postCountsUrlencodedFieldsAgainstTheLimit() throws {
        let payload = utf8("a=1&a=2&a=3\r\n")
        let form = [("CONTENT_TYPE", "application/x-www-form-urlencoded")]
        let over = testRequest(method: "POST", variables: form, body: payload, settings: testSettings { $0.dataUploadMaxNumberFields = 2 })
        #expect(throws: TooManyFieldsSent.self) { try over.POST() }
        let exact = testRequest(method: "POST", variables: form, body: payload, settings: testSettings { $0.dataUploadMaxNumberFields = 3 })
        #expect(try exact.POST().count == 1)
    }

    @Test(arguments: ["GET", "PUT", "DELETE"])
    func postIsEmptyForOtherMethods(_ method: String) throws {
        let request = testRequest(method: method, variables: [("CONTENT_TYPE", "application/x-www-form-urlencoded")], body: utf8("key=value"))
        #expect(try request.POST().isEmpty)
        #expect(try request.FILES().isEmpty)
        #expect(try request.body() == utf8("key=value"))
    }

    @Test(arguments: ["application/json", "application/octet-stream", ""])
    func postIsEmptyForOtherContentTypes(_ contentType: String) throws {
        let payload = utf8("{\"pk\": 1, \"name\": \"a=b&c=d\"}")
        let request = testRequest(method: "POST", variables: [("CONTENT_TYPE", contentType)], body: payload)
        #expect(try request.POST().isEmpty)
        #expect(try request.FILES().isEmpty)
        #expect(try request.body() == payload)
    }

    @Test func contentTypeParametersAndEncoding() {
        let request = testRequest(variables: [("CONTENT_TYPE", "Text/HTML; Charset=\"utf8\"; q=1")])
        #expect(request.contentType == "text/html")
        #expect(request.contentParams == ["charset": "utf8", "q": "1"])
        #expect(request.encoding == "utf8")

        let plain = testRequest()
        #expect(plain.contentType == "")
        #expect(plain.contentParams == [:])
        #expect(plain.encoding == "utf-8")
        #expect(testRequest(settings: testSettings { $0.defaultCharset = "iso-8859-1" }).encoding == "iso-8859-1")
    }

    @Test func headersByCaseInsensitiveName() {
        let request = testRequest(variables: [
            ("CONTENT_TYPE", "text/html"), ("CONTENT_LENGTH", "100"),
            ("HTTP_ACCEPT", "*"), ("HTTP_USER_AGENT", "python-requests/1.2.0"),
        ])
        #expect(request.headers["user-agent"] == "python-requests/1.2.0")
        #expect(request.headers["User-Agent"] == "python-requests/1.2.0")
        #expect(request.headers["user_agent"] == "python-requests/1.2.0")
        #expect(request.headers["Content-Type"] == "text/html")
        #expect(request.headers["content-length"] == "100")
        #expect(request.headers["X-Missing"] == nil)
        #expect(request.headers["Path-Info"] == nil)
    }

    @Test func allHeadersAreTitleCasedInEnvironOrder() {
        var environ = Environ()
        for (key, value) in [
            ("PATH_INFO", "/somepath/"), ("REQUEST_METHOD", "get"), ("SERVER_NAME", "internal.com"),
            ("CONTENT_TYPE", "text/html"), ("CONTENT_LENGTH", "100"), ("HTTP_ACCEPT", "*"),
            ("HTTP_HOST", "example.com"), ("HTTP_USER_AGENT", "python-requests/1.2.0"),
            ("HTTP_X_FORWARDED_PROTO", "https"),
        ] { environ[key] = value }
        let all = HTTPRequest(environ: environ).headers.all
        #expect(all.map(\.name) == ["Content-Type", "Content-Length", "Accept", "Host", "User-Agent", "X-Forwarded-Proto"])
        #expect(all.map(\.value) == ["text/html", "100", "*", "example.com", "python-requests/1.2.0", "https"])
    }

    @Test func metaIsTheEnvironsVariables() {
        let request = testRequest(variables: [("HTTP_ACCEPT", "*/*")])
        #expect(request.META["HTTP_ACCEPT"] == "*/*")
        #expect(request.META["REQUEST_METHOD"] == "GET")
    }
}

@Suite("HTTPRequest: host, scheme and URLs")
struct RequestHostTests {
    func host(_ header: String, _ configure: (inout Settings) -> Void = { _ in }) throws -> String {
        var settings = Settings()
        configure(&settings)
        return try testRequest(variables: [("HTTP_HOST", header)], settings: settings).getHost()
    }

    func disallowed(_ header: String, _ configure: (inout Settings) -> Void = { _ in }) -> String? {
        do {
            _ = try host(header, configure)
            return nil
        } catch let error as DisallowedHost {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func exactHostsAndPortsAreStripped() throws {
        let allowed: (inout Settings) -> Void = { $0.allowedHosts = ["example.com", "12.34.56.78", "[2001:19f0:feee::dead:beef:cafe]", "INSENSITIVE.com"] }
        for header in ["example.com", "example.com:80", "example.com:8080", "12.34.56.78:443", "example.com.",
                       "example.com.:80", "[2001:19f0:feee::dead:beef:cafe]", "[2001:19f0:feee::dead:beef:cafe]:8080",
                       "insensitive.com", "EXAMPLE.com"] {
            #expect(try host(header, allowed) == header)
        }
        for header in ["other.com", "sub.example.com", "example.com..", "example.com:abc"] {
            #expect(disallowed(header, allowed) != nil, "\(header)")
        }
    }

    @Test func dotPatternsCoverTheDomainAndItsSubdomains() throws {
        let allowed: (inout Settings) -> Void = { $0.allowedHosts = [".example.com"] }
        #expect(try host("example.com", allowed) == "example.com")
        #expect(try host("www.example.com", allowed) == "www.example.com")
        #expect(try host("a.b.example.com:8000", allowed) == "a.b.example.com:8000")
        #expect(disallowed("badexample.com", allowed) != nil)
        #expect(disallowed("example.com.evil.tld", allowed) != nil)
    }

    @Test func starAllowsAnyValidHost() throws {
        let allowed: (inout Settings) -> Void = { $0.allowedHosts = ["*"] }
        #expect(try host("anything.example", allowed) == "anything.example")
        #expect(try host("12.34.56.78:443", allowed) == "12.34.56.78:443")
        for poisoned in ["example.com@evil.tld", "example.com:dr.frankenstein@evil.tld", "example.com:dr.frankenstein@evil.tld:80",
                         "example.com:80/badpath", "example.com: recovermypassword.com", "a:b:c", ""] {
            #expect(disallowed(poisoned, allowed) != nil, "\(poisoned)")
        }
    }

    @Test func debugWithoutAllowedHostsAllowsLocalhostOnly() throws {
        let debug: (inout Settings) -> Void = { $0.debug = true }
        for header in ["localhost", "subdomain.localhost", "127.0.0.1", "[::1]", "localhost:8000", "127.0.0.1:8000", "[::1]:8000"] {
            #expect(try host(header, debug) == header)
        }
        #expect(disallowed("example.com", debug) == "Invalid HTTP_HOST header: 'example.com'. You may need to add 'example.com' to ALLOWED_HOSTS.")
        // Not DEBUG: nothing is allowed by default.
        #expect(disallowed("localhost") != nil)
        // DEBUG with ALLOWED_HOSTS set: only those.
        #expect(disallowed("localhost") { $0.debug = true; $0.allowedHosts = ["example.com"] } != nil)
    }

    @Test func fastHostCheckAgreesWithSplitAndValidate() {
        // get_host() checks common hosts on their bytes; it must allow exactly what
        // split_domain_port + validate_host allow, and only ever pass the rest on.
        let patterns: [[String]] = [["example.com"], [".example.com"], ["*"], [".localhost", "127.0.0.1", "[::1]"],
                                    ["EXAMPLE.com", "a"], ["example.com."], []]
        let hosts = ["example.com", "example.com:8000", "www.example.com", "badexample.com", "example.com.", "example.com.:80",
                     "example.com:", "example.com:8a", ":80", "", "localhost:8000", "sub.localhost", "127.0.0.1:1", "a",
                     "Example.com", "[::1]:80", "exa_mple.com", "example.com..", ".", "a:", "x.example.com.:9"]
        for allowed in patterns {
            let compiled = allowed.map(AllowedHost.init)
            for host in hosts {
                let domain = HTTPRequest.domain(ofHost: host)
                let expected = !domain.isEmpty && HTTPRequest.validateHost(domain, compiled)
                let fast = Array(host.utf8).withUnsafeBufferPointer { HTTPRequest.plainHostAllowed($0, compiled) }
                #expect(!fast || expected, "\(host) with \(allowed)")
                let lowercaseOnly = !host.utf8.contains { (0x41...0x5A).contains($0) } && !host.hasPrefix("[")
                if lowercaseOnly { #expect(fast == expected, "\(host) with \(allowed)") }
            }
        }
    }

    @Test func invalidHostMessagesAreDjangos() {
        #expect(disallowed("x") == "Invalid HTTP_HOST header: 'x'. You may need to add 'x' to ALLOWED_HOSTS.")
        #expect(disallowed("example.com:80") == "Invalid HTTP_HOST header: 'example.com:80'. You may need to add 'example.com' to ALLOWED_HOSTS.")
        #expect(disallowed("[2001:19f0:feee::dead:beef:cafe]:8080")
            == "Invalid HTTP_HOST header: '[2001:19f0:feee::dead:beef:cafe]:8080'. You may need to add '[2001:19f0:feee::dead:beef:cafe]' to ALLOWED_HOSTS.")
        #expect(disallowed("invalid_hostname.com")
            == "Invalid HTTP_HOST header: 'invalid_hostname.com'. The domain name provided is not valid according to RFC 1034/1035.")
        #expect(disallowed("example.com:80/badpath")
            == "Invalid HTTP_HOST header: 'example.com:80/badpath'. The domain name provided is not valid according to RFC 1034/1035.")
    }

    @Test func splitDomainPortAsDjangoDoes() {
        let cases: [(String, String, String)] = [
            ("<invalid>", "", ""), ("<invalid>:8080", "", ""), ("example.com 8080", "", ""), ("example.com:invalid", "", ""),
            ("[::1]", "[::1]", ""), ("[::1]:8080", "[::1]", "8080"),
            ("[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]", ""), ("[::ffff:127.0.0.1]:8080", "[::ffff:127.0.0.1]", "8080"),
            ("[1851:0000:3238:DEF1:0177:0000:0000:0125]:8080", "[1851:0000:3238:def1:0177:0000:0000:0125]", "8080"),
            ("127.0.0.1:8080", "127.0.0.1", "8080"), ("example.com", "example.com", ""), ("example.com:8080", "example.com", "8080"),
            ("example.com.", "example.com", ""), ("example.com.:8080", "example.com", "8080"),
            ("xn--n28h.test:8080", "xn--n28h.test", "8080"), ("a:b:c", "", ""), ("[::1", "", ""),
        ]
        for (host, domain, port) in cases {
            let split = HTTPRequest.splitDomainPort(host)
            #expect(split.0 == domain && split.1 == port, "\(host) → \(split)")
        }
    }

    @Test func hostFromServerNameAndPortWithoutAHostHeader() throws {
        var environ = testEnviron(variables: [("SERVER_NAME", "internal.com")])
        environ["HTTP_HOST"] = nil
        let settings = testSettings { $0.allowedHosts = ["internal.com"] }
        #expect(try HTTPRequest(environ: environ, settings: settings).getHost() == "internal.com")
        environ["SERVER_PORT"] = "8042"
        #expect(try HTTPRequest(environ: environ, settings: settings).getHost() == "internal.com:8042")
        environ.urlScheme = "https"
        environ["SERVER_PORT"] = "443"
        #expect(try HTTPRequest(environ: environ, settings: settings).getHost() == "internal.com")
    }

    @Test func forwardedHostOnlyWithUseXForwardedHost() throws {
        let variables = [("HTTP_X_FORWARDED_HOST", "forward.com"), ("HTTP_HOST", "example.com")]
        let ignored = testRequest(variables: variables, settings: testSettings { $0.allowedHosts = ["*"] })
        #expect(try ignored.getHost() == "example.com")
        let used = testRequest(variables: variables, settings: testSettings { $0.allowedHosts = ["*"]; $0.useXForwardedHost = true })
        #expect(try used.getHost() == "forward.com")
        let absent = testRequest(variables: [("HTTP_HOST", "example.com")], settings: testSettings { $0.allowedHosts = ["*"]; $0.useXForwardedHost = true })
        #expect(try absent.getHost() == "example.com")
    }

    @Test func forwardedPortOnlyWithUseXForwardedPort() {
        let variables = [("SERVER_PORT", "8080"), ("HTTP_X_FORWARDED_PORT", "80")]
        #expect(testRequest(variables: variables).getPort() == "8080")
        #expect(testRequest(variables: variables, settings: testSettings { $0.useXForwardedPort = true }).getPort() == "80")
    }

    @Test func schemeHonoursTheSecureProxyHeader() {
        let proxy = testSettings { $0.secureProxySSLHeader = ("HTTP_X_FORWARDED_PROTO", "https") }
        #expect(testRequest().scheme == "http")
        #expect(!testRequest().isSecure)
        #expect(testRequest(variables: [("HTTP_X_FORWARDED_PROTO", "https")]).scheme == "http")
        #expect(testRequest(variables: [("HTTP_X_FORWARDED_PROTO", "https")], settings: proxy).isSecure)
        #expect(testRequest(variables: [("HTTP_X_FORWARDED_PROTO", "https, http")], settings: proxy).scheme == "https")
        #expect(testRequest(variables: [("HTTP_X_FORWARDED_PROTO", "http, https")], settings: proxy).scheme == "http")
        #expect(testRequest(variables: [("HTTP_X_FORWARDED_PROTO", "HTTPS")], settings: proxy).scheme == "http")

        var environ = testEnviron()
        environ.urlScheme = "https"
        #expect(HTTPRequest(environ: environ, settings: proxy).scheme == "https")
        environ["HTTP_X_FORWARDED_PROTO"] = "http"
        #expect(HTTPRequest(environ: environ, settings: proxy).scheme == "http")
    }

    @Test func fullPathWithQuery() {
        #expect(testRequest(path: "/x", query: "a=1&b=2").getFullPath() == "/x?a=1&b=2")
        #expect(testRequest(path: "/x").getFullPath() == "/x")
        #expect(testRequest(path: "/x", variables: [("SCRIPT_NAME", "/app")]).getFullPath() == "/app/x")
        #expect(testRequest(path: "/x", query: "a=1").getFullPath(forceAppendSlash: true) == "/x/?a=1")
        #expect(testRequest(path: "/x/").getFullPath(forceAppendSlash: true) == "/x/")
        #expect(testRequest(path: nativeString("/café")).getFullPath() == "/caf%C3%A9")
    }

    /// Django's escape_uri_path: `;`, `=`, `?`, `#` and `%` in the path are escaped; the query is not.
    @Test func fullPathEscapesThePathAsDjangoDoes() {
        let request = testRequest(path: "/;some/?awful/=path/foo:bar/", query: ";some=query&+query=string")
        #expect(request.getFullPath() == "/%3Bsome/%3Fawful/%3Dpath/foo:bar/?;some=query&+query=string")
        #expect(testRequest(path: "/foo#bar", query: "baz#quux").getFullPath() == "/foo%23bar?baz#quux")
        #expect(testRequest(path: "/100%").getFullPath() == "/100%25")
        #expect(testRequest(path: "/a b/~x!$&'()*+,@").getFullPath() == "/a%20b/~x!$&'()*+,@")
    }

    @Test func buildAbsoluteURI() throws {
        let request = testRequest(path: "/foo/bar", query: "q=1")
        #expect(try request.buildAbsoluteURI() == "http://testserver/foo/bar?q=1")
        #expect(try request.buildAbsoluteURI("https://www.example.com/asdf") == "https://www.example.com/asdf")
        #expect(try request.buildAbsoluteURI("/path/with:colons") == "http://testserver/path/with:colons")
        #expect(try request.buildAbsoluteURI("baz") == "http://testserver/foo/baz")
        #expect(try request.buildAbsoluteURI("../up") == "http://testserver/up")
        #expect(try request.buildAbsoluteURI("?page=2") == "http://testserver/foo/bar?page=2")
        #expect(try request.buildAbsoluteURI("//cdn.example.com/x.js") == "http://cdn.example.com/x.js")
        // "://" later in the location does not make it absolute.
        #expect(try request.buildAbsoluteURI("/login/?next=http://testserver/") == "http://testserver/login/?next=http://testserver/")
    }

    @Test func buildAbsoluteURIUsesTheSchemeAndChecksTheHost() throws {
        var environ = testEnviron(path: "/x")
        environ.urlScheme = "https"
        #expect(try HTTPRequest(environ: environ, settings: testSettings()).buildAbsoluteURI() == "https://testserver/x")
        let unknown = testRequest(variables: [("HTTP_HOST", "evil.tld")])
        #expect(throws: DisallowedHost.self) { try unknown.buildAbsoluteURI("/x") }
        // An absolute location needs no host.
        #expect(try unknown.buildAbsoluteURI("https://example.com/") == "https://example.com/")
    }

    /// Django's test_request_path_begins_with_two_slashes.
    @Test func buildAbsoluteURIWhenThePathBeginsWithTwoSlashes() throws {
        let request = testRequest(path: "//absolute-uri")
        let cases: [(String?, String)] = [
            (nil, "http://testserver//absolute-uri"),
            ("http://example.com/?foo=bar", "http://example.com/?foo=bar"),
            ("//example.com/?foo=bar", "http://example.com/?foo=bar"),
            ("/foo/bar/", "http://testserver/foo/bar/"),
            ("/foo/./bar/", "http://testserver/foo/bar/"),
            ("/foo/../bar/", "http://testserver/bar/"),
            ("///foo/bar/", "http://testserver/foo/bar/"),
        ]
        for (location, expected) in cases {
            #expect(try request.buildAbsoluteURI(location) == expected, "\(location ?? "nil")")
        }
    }
}
