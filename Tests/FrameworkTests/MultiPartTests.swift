import Testing
@testable import Framework

@Suite("MultiPartParser: multipart/form-data into POST and FILES")
struct MultiPartTests {
    /// The message of the MultiPartParserError that `request.POST()` throws, or a note of what it did instead.
    func parserError(_ request: HTTPRequest) -> String {
        do {
            let post = try request.POST()
            return "no error; POST: \(post)"
        } catch let error as MultiPartParserError {
            return error.message
        } catch {
            return "another error: \(error)"
        }
    }

    @Test func fieldsAndAFile() throws {
        let body = multipartLines([
            "--boundary",
            "Content-Disposition: form-data; name=\"name\"",
            "",
            "Ringo",
            "--boundary",
            "Content-Disposition: form-data; name=\"city\"",
            "",
            "Liverpool ünïcode",
            "--boundary",
            "Content-Disposition: form-data; name=\"file_field\"; filename=\"test.csv\"",
            "Content-Type: text/csv; charset=utf-8",
            "",
            "Framework,ID",
            "Django,1",
            "--boundary--",
            "",
        ])
        let request = multipartRequest(body)
        #expect(try request.POST() == QueryDict([("name", "Ringo"), ("city", "Liverpool ünïcode")]))
        let files = try request.FILES()
        #expect(files.keys.sorted() == ["file_field"])
        let file = try #require(files["file_field"]?.first)
        #expect(file.fieldName == "file_field")
        #expect(file.name == "test.csv")
        #expect(file.contentType == "text/csv")
        #expect(file.charset == "utf-8")
        #expect(file.content == utf8("Framework,ID\r\nDjango,1"))
        #expect(file.size == 22)
    }

    @Test func fileContentIsKeptByteForByte() throws {
        let binary: [UInt8] = [0x00, 0x01, 0xFF, 0xFE, 0x0D, 0x0A, 0x2D, 0x2D, 0x0D, 0x0A, 0x0D, 0x0A, 0x80, 0x0A, 0x0D]
        let body = utf8("--XyZ\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"data.bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n") + binary
            + utf8("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nok\r\n--XyZ--\r\n")
        let request = multipartRequest(body, boundary: "XyZ")
        let file = try #require(try request.FILES()["blob"]?.first)
        #expect(file.content == binary)
        #expect(file.contentType == "application/octet-stream")
        #expect(file.charset == nil)
        #expect(try request.POST()["after"] == "ok")
    }

    @Test func contentThatMentionsTheBoundaryMidLineIsContent() throws {
        let body = multipartLines([
            "--b", "Content-Disposition: form-data; name=\"text\"", "", "see --b and\r\n --b here", "--b--",
        ])
        #expect(try multipartRequest(body, boundary: "b").POST()["text"] == "see --b and\r\n --b here")
    }

    @Test func severalFilesInOneFieldAndAMissingContentType() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"docs\"; filename=\"a.txt\"", "", "A",
            "--boundary", "Content-Disposition: form-data; name=\"docs\"; filename=\"b.txt\"", "Content-Type: TEXT/Plain", "", "",
            "--boundary--",
        ])
        let docs = try multipartRequest(body).FILES()["docs"] ?? []
        #expect(docs.map(\.name) == ["a.txt", "b.txt"])
        #expect(docs.map(\.content) == [utf8("A"), []])
        #expect(docs.map(\.contentType) == ["", "text/plain"])
    }

    @Test(arguments: [
        ("C:\\x\\y.txt", "y.txt"), ("/tmp/hax0rd.txt", "hax0rd.txt"), ("C:/Windows/hax0rd.txt", "hax0rd.txt"),
        ("\\tmp\\hax0rd.txt", "hax0rd.txt"), ("/tmp\\hax0rd.txt", "hax0rd.txt"), ("sub/dir\\hax0rd.txt", "hax0rd.txt"),
        ("../../hax0rd.txt", "hax0rd.txt"), ("..\\..\\hax0rd.txt", "hax0rd.txt"), ("..&#x2F;hax0rd.txt", "hax0rd.txt"),
        ("..&sol;hax0rd.txt", "hax0rd.txt"), ("..&#47;hax0rd.txt", "hax0rd.txt"), ("fish &amp; chips.txt", "fish & chips.txt"),
        ("non-\u{0}printable\u{0}\t_chars.txt\u{0}", "non-printable_chars.txt"), ("résumé.pdf", "résumé.pdf"),
    ])
    func fileNamesKeepOnlyTheirLastComponent(_ sent: String, _ expected: String) throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"\(sent)\"", "", "You got pwnd.", "--boundary--",
        ])
        #expect(try multipartRequest(body).FILES()["file"]?.first?.name == expected)
    }

    @Test func longFileNamesAreShortenedKeepingTheExtension() throws {
        let long = String(repeating: "f", count: 300)
        let cases = [
            ("\(long).txt", String(repeating: "f", count: 251) + ".txt"),
            ("foo.\(long)", "." + String(repeating: "f", count: 254)),
            (long, String(repeating: "f", count: 255)),
            (".\(long)", "." + String(repeating: "f", count: 254)),
        ]
        for (sent, expected) in cases {
            let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"f\"; filename=\"\(sent)\"", "", "x", "--boundary--"])
            #expect(try multipartRequest(body).FILES()["f"]?.first?.name == expected)
        }
    }

    @Test func rfc2231FileNamesWinOverPlainOnes() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''na%C3%AFve.txt", "", "1",
            "--boundary", "Content-Disposition: form-data; name=\"b\"; filename*=UTF-8''first.txt; filename=\"plain.txt\"", "", "2",
            "--boundary", "Content-Disposition: form-data; name=\"c\"; filename=\"plain.txt\"; filename*=\"UTF-8''%E2%82%AC.txt\"", "", "3",
            "--boundary", "Content-Disposition: form-data; name*=UTF-8''n%C3%A4me; filename*=iso-8859-1'en'caf%E9.txt", "", "4",
            "--boundary--",
        ])
        let files = try multipartRequest(body).FILES()
        #expect(files["a"]?.first?.name == "naïve.txt")
        #expect(files["b"]?.first?.name == "first.txt")
        #expect(files["c"]?.first?.name == "€.txt")
        #expect(files["näme"]?.first?.name == "café.txt")
    }

    @Test func quotedParametersMayHoldSemicolonsAndEscapes() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"a;b\"; filename=\"say \\\"hi\\\"; ok.txt\"", "", "x", "--boundary--",
        ])
        let file = try #require(try multipartRequest(body).FILES()["a;b"]?.first)
        #expect(file.name == "say \"hi\"; ok.txt")
    }

    @Test(arguments: ["", "C:\\Windows\\", "/", "ends-with-slash/", ".", "..", "/tmp/.."])
    func partsWithoutAUsableFileNameAreSkipped(_ fileName: String) throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"", "Content-Type: application/octet-stream", "", "",
            "--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value",
            "--boundary--",
        ])
        let request = multipartRequest(body)
        #expect(try request.FILES().isEmpty)
        #expect(try request.POST() == QueryDict([("name", "value")]))
    }

    @Test func headerNamesAreCaseInsensitiveAndSpacingIsLenient() throws {
        for header in ["Content-Disposition : form-data; name=\"name\"", "Content-Disposition:form-data; name=\"name\"",
                       "content-disposition :form-data;name=name", "CONTENT-DISPOSITION: form-data; name=\" name \""] {
            let body = multipartLines(["--boundary", header, "", "value", "--boundary--"])
            #expect(try multipartRequest(body).POST() == QueryDict([("name", "value")]), "\(header)")
        }
    }

    @Test func lfOnlyLineEndingsAreTolerated() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value",
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"", "", "line 1\nline 2",
            "--boundary--", "",
        ], separator: "\n")
        let request = multipartRequest(body)
        #expect(try request.POST()["name"] == "value")
        #expect(try request.FILES()["file"]?.first?.content == utf8("line 1\nline 2"))
    }

    @Test func preambleEpilogueAndPaddingAreIgnored() throws {
        let body = utf8("This is a preamble.\r\n--boundary  \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--boundary--\r\nThis is an epilogue.\r\n--boundary\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n")
        #expect(try multipartRequest(body).POST() == QueryDict([("a", "1")]))
    }

    @Test func closingBoundaryWithoutTrailingNewline() throws {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--"])
        #expect(try multipartRequest(body).POST() == QueryDict([("name", "value")]))
    }

    @Test func emptyFieldValues() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"empty\"", "", "",
            "--boundary", "Content-Disposition: form-data; name=\"terse\"", "",
            "--boundary--",
        ])
        #expect(try multipartRequest(body).POST() == QueryDict([("empty", ""), ("terse", "")]))
    }

    @Test func fieldsAreDecodedWithTheRequestEncoding() throws {
        let body = utf8("--boundary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nGr") + [0xFC] + utf8("n\r\n--boundary--")
        let latin1 = multipartRequest(body, variables: [("CONTENT_TYPE", "multipart/form-data; boundary=boundary; charset=iso-8859-1")])
        #expect(try latin1.POST()["name"] == "Grün")
        #expect(try multipartRequest(body).POST()["name"] == "Gr\u{FFFD}n")
    }

    @Test func base64TransferEncoding() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"name\"", "Content-Transfer-Encoding: base64", "", "dmFsdWU=",
            "--boundary", "Content-Disposition: form-data; name=\"raw\"", "Content-Transfer-Encoding: base64", "", "123",
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"t.txt\"", "Content-Transfer-Encoding: base64", "",
            "VGhpcyBkYXRh", "IHdpbGwgYmUgdHJhbnNtaXR0ZWQgYmFzZTY0LWVuY29kZWQu",
            "--boundary--",
        ])
        let request = multipartRequest(body)
        #expect(try request.POST() == QueryDict([("name", "value"), ("raw", "123")]))
        #expect(try request.FILES()["file"]?.first?.content == utf8("This data will be transmitted base64-encoded."))

        let invalid = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"t.txt\"", "Content-Transfer-Encoding: base64", "", "Zsg£",
            "--boundary--",
        ])
        #expect(parserError(multipartRequest(invalid)) == "Could not decode base64 data.")
    }

    @Test func postAfterTheBodyWasRead() throws {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--"])
        let request = multipartRequest(body)
        #expect(try request.body() == body)
        #expect(try request.POST() == QueryDict([("name", "value")]))
    }

    @Test func contentLengthLimitsWhatIsRead() throws {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--", "junk after"])
        let request = multipartRequest(body, variables: [("CONTENT_LENGTH", String(body.count - 12))])
        #expect(try request.POST() == QueryDict([("name", "value")]))
    }

    @Test func zeroContentLengthIsAnEmptyForm() throws {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--"])
        let request = multipartRequest(body, variables: [("CONTENT_LENGTH", "0")])
        #expect(try request.POST().isEmpty)
        #expect(try request.FILES().isEmpty)
    }

    // MARK: Limits

    @Test func numberOfFields() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"name1\"", "", "value1",
            "--boundary", "Content-Disposition: form-data; name=\"name2\"", "", "value2",
            "--boundary", "Content-Disposition: form-data; name=\"file\"; filename=\"f.txt\"", "", "files do not count",
            "--boundary--",
        ])
        #expect(throws: TooManyFieldsSent.self) { try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFields = 1 }).POST() }
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFields = 2 }).POST().count == 2)
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFields = nil }).POST().count == 2)
    }

    @Test func numberOfFiles() throws {
        let body = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"name1\"; filename=\"name1.txt\"", "", "value1",
            "--boundary", "Content-Disposition: form-data; name=\"name2\"; filename=\"\"", "", "",
            "--boundary", "Content-Disposition: form-data; name=\"field\"", "", "fields do not count",
            "--boundary--",
        ])
        // A file part counts even when its empty name gets it skipped, as in Django.
        #expect(throws: TooManyFilesSent.self) { try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFiles = 1 }).FILES() }
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFiles = 2 }).FILES().count == 1)
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxNumberFiles = nil }).FILES().count == 1)
    }

    /// Django counts each field's value, its name and 2 (for `&` and `=`): "name" + "value" is 11.
    @Test func memorySizeCountsFieldDataOnly() throws {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--"])
        #expect(throws: RequestDataTooBig.self) { try multipartRequest(body, settings: testSettings { $0.dataUploadMaxMemorySize = 10 }).POST() }
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxMemorySize = 11 }).POST()["name"] == "value")
        #expect(try multipartRequest(body, settings: testSettings { $0.dataUploadMaxMemorySize = nil }).POST()["name"] == "value")

        let two = multipartLines([
            "--boundary", "Content-Disposition: form-data; name=\"a\"", "", "12345",
            "--boundary", "Content-Disposition: form-data; name=\"b\"", "", "12345",
            "--boundary--",
        ])
        #expect(throws: RequestDataTooBig.self) { try multipartRequest(two, settings: testSettings { $0.dataUploadMaxMemorySize = 15 }).POST() }
        #expect(try multipartRequest(two, settings: testSettings { $0.dataUploadMaxMemorySize = 16 }).POST().count == 2)

        let file = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"file1\"; filename=\"test.file\"", "", "value", "--boundary--"])
        #expect(try multipartRequest(file, settings: testSettings { $0.dataUploadMaxMemorySize = 1 }).FILES()["file1"]?.count == 1)
    }

    // MARK: Errors

    @Test(arguments: [
        ("multipart/form-data", "Invalid boundary in multipart: None"),
        ("multipart/form-data;", "Invalid boundary in multipart: None"),
        ("multipart/form-data; boundary=", "Invalid boundary in multipart: "),
        ("multipart/form-data; boundary=\"ends with space \"", "Invalid boundary in multipart: ends with space "),
        ("multipart/form-data; boundary=\(String(repeating: "x", count: 202))", "Invalid boundary in multipart: \(String(repeating: "x", count: 202))"),
        ("multipart/form-data; boundary=a\u{1}b", "Invalid boundary in multipart: a\u{1}b"),
        ("multipart/form-data; boundary = \u{E0}", "Invalid non-ASCII Content-Type in multipart: multipart/form-data; boundary = à"),
    ])
    func invalidBoundaries(_ contentType: String, _ message: String) {
        let request = testRequest(method: "POST", variables: [("CONTENT_TYPE", contentType), ("CONTENT_LENGTH", "0")])
        #expect(parserError(request) == message)
    }

    @Test func longestValidBoundary() throws {
        let boundary = String(repeating: "'()+_,-./:=? ", count: 15) + "az"
        let body = multipartLines(["--\(boundary)", "Content-Disposition: form-data; name=\"a\"", "", "1", "--\(boundary)--"])
        let request = multipartRequest(body, variables: [("CONTENT_TYPE", "multipart/form-data; boundary=\"\(boundary)\"")])
        #expect(boundary.count == 197)
        #expect(try request.POST()["a"] == "1")
    }

    @Test(arguments: [(nil, "Invalid content length: None"), ("abc", "Invalid content length: 'abc'"),
                      ("", "Invalid content length: ''"), ("-1", "Invalid content length: '-1'")])
    func invalidContentLength(_ length: String?, _ message: String) {
        var environ = testEnviron(method: "POST", variables: [("CONTENT_TYPE", "multipart/form-data; boundary=boundary")], body: utf8("--boundary--"))
        environ["CONTENT_LENGTH"] = length
        #expect(parserError(HTTPRequest(environ: environ, settings: testSettings())) == message)
    }

    @Test func malformedBodies() {
        let disposition = "Content-Disposition: form-data; name=\"name\""
        let cases: [([String], String)] = [
            (["no boundary at all"], "Multipart body does not contain the boundary line '--boundary'."),
            (["--boundaryX", disposition, "", "value", "--boundaryX--"], "Multipart body does not contain the boundary line '--boundary'."),
            (["--boundary", disposition, "", "value"], "Multipart body ends without the closing boundary '--boundary--'."),
            (["--boundary", disposition, "", "value", "--boundary"], "Multipart body ends without the closing boundary '--boundary--'."),
            (["--boundary", disposition, "value", "--boundary--"], "Multipart part 1 has no blank line after its headers."),
            (["--boundary", disposition, "", "ok", "--boundary", disposition + "value", "--boundary--"],
             "Multipart part 2 has no blank line after its headers."),
            (["--boundary", "Content-Type: text/plain", "", "value", "--boundary--"], "Multipart part 1 has no Content-Disposition header."),
            (["--boundary", "", "value", "--boundary--"], "Multipart part 1 has no Content-Disposition header."),
            (["--boundary", "Content-Disposition: form-data; filename=\"a.txt\"", "", "value", "--boundary--"],
             "Multipart part 1 has no name in its Content-Disposition header."),
            (["--boundary", "Content-Disposition: form-data", "", "value", "--boundary--"],
             "Multipart part 1 has no name in its Content-Disposition header."),
            (["--boundary", disposition, "X-Long-Header: " + String(repeating: "-", count: 1025), "", "value", "--boundary--"],
             "Request max total header size exceeded."),
            (["--boundary", disposition] + Array(repeating: "a long part with no blank line", count: 50) + ["--boundary--"],
             "Request max total header size exceeded."),
        ]
        for (lines, message) in cases {
            #expect(parserError(multipartRequest(multipartLines(lines))) == message, "\(lines)")
        }
    }

    @Test func aTruncatedBodyIsAnErrorNotACrash() {
        let body = multipartLines(["--boundary", "Content-Disposition: form-data; name=\"name\"", "", "value", "--boundary--"])
        for length in 1..<body.count - 1 {
            let request = multipartRequest(Array(body.prefix(length)), variables: [("CONTENT_LENGTH", String(body.count))])
            #expect(throws: MultiPartParserError.self, "\(length) bytes") { try request.POST() }
        }
    }
}
