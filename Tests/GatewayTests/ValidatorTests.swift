import Gateway
import Testing

@Suite("Validator: the server's side (environ)")
struct ValidatorEnvironTests {
    @Test(arguments: ["REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT"])
    func missingRequiredKey(_ key: String) {
        var environ = makeEnviron()
        environ[key] = nil
        expectViolation(.server, "Environment missing required key: \(key)", environ: environ)
    }

    @Test func missingServerProtocolIsNotAViolation() {
        // wsgiref.validate does not require SERVER_PROTOCOL either.
        var environ = makeEnviron()
        environ["SERVER_PROTOCOL"] = nil
        let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test(arguments: [("HTTP_CONTENT_TYPE", "CONTENT_TYPE"), ("HTTP_CONTENT_LENGTH", "CONTENT_LENGTH")])
    func httpPrefixedContentHeader(_ bad: String, _ good: String) {
        var environ = makeEnviron()
        environ[bad] = "3"
        expectViolation(.server, "Environment should not have the key: \(bad) (use \(good) instead)", environ: environ)
    }

    @Test func unknownURLScheme() {
        var environ = makeEnviron()
        environ.urlScheme = "ftp"
        expectViolation(.server, #"wsgi.url_scheme unknown: "ftp""#, environ: environ)
    }

    @Test func httpsURLSchemeIsAccepted() {
        var environ = makeEnviron()
        environ.urlScheme = "https"
        let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test func wrongWSGIVersion() {
        var environ = makeEnviron()
        environ.version = (2, 0)
        expectViolation(.server, "Environment wsgi.version should be (1, 0)", environ: environ)
    }

    @Test func scriptNameWithoutLeadingSlash() {
        var environ = makeEnviron()
        environ["SCRIPT_NAME"] = "app"
        expectViolation(.server, #"SCRIPT_NAME doesn't start with /: "app""#, environ: environ)
    }

    @Test func scriptNameIsSlash() {
        var environ = makeEnviron()
        environ["SCRIPT_NAME"] = "/"
        expectViolation(.server, "SCRIPT_NAME cannot be '/'", environ: environ)
    }

    @Test func pathInfoWithoutLeadingSlash() {
        var environ = makeEnviron()
        environ["PATH_INFO"] = "index.html"
        expectViolation(.server, #"PATH_INFO doesn't start with /: "index.html""#, environ: environ)
    }

    @Test func neitherScriptNameNorPathInfo() {
        var environ = makeEnviron()
        environ["SCRIPT_NAME"] = nil
        environ["PATH_INFO"] = nil
        expectViolation(.server, "One of SCRIPT_NAME or PATH_INFO are required", environ: environ)
    }

    @Test func emptyScriptNameAndEmptyPathInfo() {
        // wsgiref tests truthiness: both present but empty is as bad as both absent.
        var environ = makeEnviron()
        environ["PATH_INFO"] = ""
        expectViolation(.server, "One of SCRIPT_NAME or PATH_INFO are required", environ: environ)
    }

    @Test func scriptNameAloneIsEnough() {
        var environ = makeEnviron()
        environ["SCRIPT_NAME"] = "/app"
        environ["PATH_INFO"] = ""
        let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test(arguments: ["12a", "1.5", "abc"])
    func nonIntegerContentLength(_ length: String) {
        var environ = makeEnviron(method: "POST")
        environ["CONTENT_LENGTH"] = length
        expectViolation(.server, "Invalid CONTENT_LENGTH: \(length.debugDescription)", environ: environ)
    }

    @Test func integerOrEmptyContentLengthIsAccepted() {
        for length in ["0", "42", ""] {
            var environ = makeEnviron(method: "POST")
            environ["CONTENT_LENGTH"] = length
            let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
            #expect(thrown == nil, "CONTENT_LENGTH \(length.debugDescription)")
            #expect(log.all.isEmpty, "CONTENT_LENGTH \(length.debugDescription)")
        }
    }

    @Test func nonLatin1EnvironValue() {
        var environ = makeEnviron()
        environ["HTTP_X_PRICE"] = "5 €"
        expectViolation(.server, "Environment value of HTTP_X_PRICE is not a native (latin-1) string", environ: environ)
    }

    @Test func latin1EnvironValueIsAccepted() {
        var environ = makeEnviron()
        environ["HTTP_X_NAME"] = Latin1.string([0x63, 0x61, 0x66, 0xC3, 0xA9])  // UTF-8 "café" as a native string
        let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test func unknownMethodIsOnlyAWarning() throws {
        let (thrown, log) = runValidated(respond("200 OK"), environ: makeEnviron(method: "BREW"))
        #expect(thrown == nil)
        #expect(log.errors.isEmpty)
        let warning = try #require(log.warnings.first)
        #expect(log.warnings.count == 1)
        #expect(warning.side == .server)
        #expect(warning.message == #"Unknown REQUEST_METHOD: "BREW""#)
    }

    @Test func missingQueryStringIsOnlyAWarning() throws {
        var environ = makeEnviron()
        environ["QUERY_STRING"] = nil
        let (thrown, log) = runValidated(respond("200 OK"), environ: environ)
        #expect(thrown == nil)
        #expect(log.errors.isEmpty)
        let warning = try #require(log.warnings.first)
        #expect(log.warnings.count == 1)
        #expect(warning.side == .server)
        #expect(warning.message.contains("QUERY_STRING is not in the WSGI environment"))
    }

    @Test func environViolationStopsBeforeTheApplicationRuns() {
        let calls = Counter()
        var environ = makeEnviron()
        environ["SERVER_NAME"] = nil
        expectViolation(.server, "SERVER_NAME", app: { _, startResponse in
            calls.increment()
            try startResponse("200 OK", plainText)
            return ChunkedBody([])
        }, environ: environ)
        #expect(calls.count == 0)
    }
}

@Suite("Validator: the application's side (status and headers)")
struct ValidatorResponseTests {
    @Test(arguments: ["20 OK", "200OK", "abc", "099 Too Low", ""])
    func badStatus(_ status: String) {
        expectViolation(.application, "Status must start with a three-digit integer of at least 100 followed by a space: \(status.debugDescription)", app: respond(status))
    }

    @Test func statusWithControlCharacter() {
        expectViolation(.application, "Status contains characters that cannot be sent", app: respond("200 OK\r\n"))
    }

    @Test func statusWithoutReasonIsOnlyAWarning() throws {
        let (thrown, log) = runValidated(respond("200"))
        #expect(thrown == nil)
        #expect(log.errors.isEmpty)
        let warning = try #require(log.warnings.first)
        #expect(log.warnings.count == 1)
        #expect(warning.side == .application)
        #expect(warning.message.contains(#"The status string ("200") should be a three-digit integer followed by a single space"#))
    }

    @Test(arguments: ["Status", "status", "STATUS"])
    func statusHeader(_ name: String) {
        expectViolation(.application, "The Status header cannot be used", app: respond("200 OK", plainText + [(name, "200 OK")]))
    }

    @Test(arguments: ["X:Y", "X-Colon:", "X\nY"])
    func headerNameWithColonOrNewline(_ name: String) {
        expectViolation(.application, "Header names may not contain ':' or '\\n': \(name.debugDescription)", app: respond("200 OK", plainText + [(name, "1")]))
    }

    @Test(arguments: ["X Header", "1X", "-X", "", "X-Café", "X.Y"])
    func badHeaderName(_ name: String) {
        expectViolation(.application, "Bad header name: \(name.debugDescription)", app: respond("200 OK", plainText + [(name, "1")]))
    }

    @Test(arguments: ["X-Trailing-", "X_Trailing_"])
    func headerNameEndingInDashOrUnderscore(_ name: String) {
        expectViolation(.application, "Names may not end in '-' or '_': \(name.debugDescription)", app: respond("200 OK", plainText + [(name, "1")]))
    }

    @Test(arguments: ["a\nb", "a\rb", "\u{0}", "tab\there", "5 €"])
    func badHeaderValue(_ value: String) {
        expectViolation(.application, "Bad header value: \(value.debugDescription)", app: respond("200 OK", plainText + [("X-Value", value)]))
    }

    @Test func goodHeadersAreAccepted() {
        let headers: [ResponseHeader] = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("X_Custom-2", "value with spaces, commas; and é"),
            ("Set-Cookie", "a=b; Path=/"),
        ]
        let (thrown, log) = runValidated(respond("200 OK", headers))
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test func missingContentTypeOn200() {
        expectViolation(.application, #"No Content-Type header found in headers (("X-A", "1"))"#, app: respond("200 OK", [("X-A", "1")]))
    }

    @Test func contentTypeMatchedCaseInsensitively() {
        let (thrown, log) = runValidated(respond("200 OK", [("content-TYPE", "text/plain")]))
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test(arguments: [204, 304])
    func contentTypeOnBodylessStatus(_ code: Int) {
        expectViolation(
            .application,
            "Content-Type header found in a \(code) response, which must not return content.",
            app: respond("\(code) \(Status.reasonPhrase(code))", plainText, [])
        )
    }

    @Test(arguments: [204, 304])
    func noContentTypeOnBodylessStatusIsAccepted(_ code: Int) {
        let (thrown, log) = runValidated(respond("\(code) \(Status.reasonPhrase(code))", [], []))
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test func violationThrownFromStartResponseReachesTheApplication() {
        let seen = ChunkLog()
        let (thrown, _) = runValidated { _, startResponse in
            do {
                try startResponse("200 OK", [])
            } catch let violation as Violation {
                seen.append(bytes(violation.message))
                throw violation
            }
            return ChunkedBody([])
        }
        #expect(thrown is Violation)
        #expect(seen.strings.count == 1)
        #expect(seen.strings.first?.hasPrefix("No Content-Type header found") == true)
    }

    @Test func swallowedViolationIsStillReported() {
        // An application that catches the error does not hide it: the report already has it.
        let (thrown, log) = runValidated { _, startResponse in
            _ = try? startResponse("200OK", plainText)
            try startResponse("200 OK", plainText)
            return ChunkedBody([])
        }
        #expect(thrown == nil)
        #expect(log.errors.count == 1)
        #expect(log.errors.first?.side == .application)
        #expect(log.errors.first?.message.contains("Status must start with a three-digit integer") == true)
    }
}

@Suite("Validator: the body")
struct ValidatorBodyTests {
    @Test func startResponseCalledOnlyOnTheSecondChunk() {
        let produced = Counter()
        expectViolation(.application, "we started iterating over its body, but start_response has not yet been called", app: { _, startResponse in
            GeneratedBody {
                produced.increment()
                if produced.count == 2 { try startResponse("200 OK", plainText) }
                return produced.count <= 2 ? bytes("chunk") : nil
            }
        })
        #expect(produced.count == 1)
    }

    @Test func startResponseNeverCalled() {
        expectViolation(.application, "start_response has not yet been called", app: { _, _ in
            GeneratedBody { nil }
        })
    }

    @Test func startResponseCalledInsideTheFirstChunkIsAccepted() {
        // WSGI allows a generator to call start_response when it is first iterated.
        let produced = Counter()
        let (thrown, log) = runValidated { _, startResponse in
            GeneratedBody {
                produced.increment()
                if produced.count == 1 { try startResponse("200 OK", plainText) }
                return produced.count <= 2 ? bytes("chunk") : nil
            }
        }
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
        #expect(produced.count == 3)
    }

    @Test func bodyReadAfterClose() throws {
        let log = ViolationLog()
        let closes = Counter()
        let wrapped = Validator.wrap({ _, startResponse in
            try startResponse("200 OK", plainText)
            return ChunkedBody([bytes("a"), bytes("b")], onClose: { closes.increment() })
        }, report: log.report)
        let starter = ResponseStarter(output: { _ in })
        let body = try wrapped(makeEnviron(), starter.startResponse)
        #expect(try body.next() == bytes("a"))
        body.close()
        #expect(throws: Violation(.server, "Iterator read after closed")) {
            _ = try body.next()
        }
        #expect(log.all == [Violation(.server, "Iterator read after closed")])
        #expect(closes.count == 1)
    }

    @Test func bodyNeverClosed() throws {
        let log = ViolationLog()
        let closes = Counter()
        // The body lives only inside this function: when it returns, the body is released unclosed.
        func iterateWithoutClosing() throws {
            let wrapped = Validator.wrap({ _, startResponse in
                try startResponse("200 OK", plainText)
                return ChunkedBody([bytes("a")], onClose: { closes.increment() })
            }, report: log.report)
            let body = try wrapped(makeEnviron(), ResponseStarter(output: { _ in }).startResponse)
            while try body.next() != nil {}
        }
        try iterateWithoutClosing()
        #expect(log.all == [Violation(.server, "Iterator garbage collected without being closed")])
        #expect(log.all.first?.severity == .error)
        #expect(closes.count == 0)
    }

    @Test func closedBodyIsNotReportedWhenReleased() throws {
        let log = ViolationLog()
        func iterateAndClose() throws {
            let wrapped = Validator.wrap(respond("200 OK"), report: log.report)
            let body = try wrapped(makeEnviron(), ResponseStarter(output: { _ in }).startResponse)
            try body.drain { _ in }
        }
        try iterateAndClose()
        #expect(log.all.isEmpty)
    }

    @Test func closeTwiceIsAWarning() throws {
        let log = ViolationLog()
        let wrapped = Validator.wrap(respond("200 OK"), report: log.report)
        let body = try wrapped(makeEnviron(), ResponseStarter(output: { _ in }).startResponse)
        body.close()
        body.close()
        #expect(log.all == [Violation(.server, "close() was called twice on the application's body", severity: .warning)])
    }

    @Test func writeIsPassedThrough() throws {
        let log = ViolationLog()
        let output = ChunkLog()
        let wrapped = Validator.wrap({ _, startResponse in
            let write = try startResponse("200 OK", plainText)
            try write(bytes("written "))
            return ChunkedBody([bytes("iterated")])
        }, report: log.report)
        let starter = ResponseStarter(output: { output.append($0) })
        try wrapped(makeEnviron(), starter.startResponse).drain { try starter.send($0) }
        try starter.finish()
        #expect(output.strings == ["written ", "iterated"])
        #expect(log.all.isEmpty)
    }

    @Test func validatorPassesStartResponseThrough() throws {
        let wrapped = Validator.wrap(respond("201 Created", [("Content-Type", "application/json"), ("Location", "/x")], ["{}"]), report: { _ in })
        let response = try CompletedResponse.collect(from: wrapped, environ: makeEnviron(method: "POST"))
        #expect(response.status == "201 Created")
        #expect(response.header("location") == "/x")
        #expect(text(response.body) == "{}")
    }

    @Test(arguments: ["/", "/login", "/stream", "/status/204", "/status/304", "/status/404", "/status/500"])
    func demoApplicationIsClean(_ path: String) throws {
        let (thrown, log) = runValidated(DemoApplication.application, environ: makeEnviron(path: path, query: "a=1"))
        #expect(thrown == nil)
        #expect(log.errors.isEmpty)
        #expect(log.all.isEmpty)
    }

    @Test func demoApplicationWithPostBodyIsClean() throws {
        var environ = makeEnviron(method: "POST", body: bytes("name=value"))
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = "10"
        let (thrown, log) = runValidated(DemoApplication.application, environ: environ)
        #expect(thrown == nil)
        #expect(log.all.isEmpty)
    }

    @Test func violationDescription() {
        #expect(Violation(.server, "x").description == "server error: x")
        #expect(Violation(.application, "y", severity: .warning).description == "application warning: y")
    }
}
