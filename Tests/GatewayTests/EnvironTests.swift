import Gateway
import Testing

@Suite("Environ and Latin1")
struct EnvironTests {
    @Test func subscriptGetSetRemove() {
        var environ = Environ()
        #expect(environ["PATH_INFO"] == nil)
        environ["PATH_INFO"] = "/a"
        environ["QUERY_STRING"] = "x=1"
        #expect(environ["PATH_INFO"] == "/a")
        environ["PATH_INFO"] = "/b"
        #expect(environ["PATH_INFO"] == "/b")
        // Replacing keeps the position; no duplicate is added.
        #expect(environ.variables.map(\.key) == ["PATH_INFO", "QUERY_STRING"])
        environ["PATH_INFO"] = nil
        #expect(environ["PATH_INFO"] == nil)
        #expect(environ.variables.map(\.key) == ["QUERY_STRING"])
        environ["NOT_THERE"] = nil
        #expect(environ.variables.map(\.key) == ["QUERY_STRING"])
    }

    @Test func emptyValueIsPresent() {
        var environ = Environ()
        environ["SCRIPT_NAME"] = ""
        #expect(environ["SCRIPT_NAME"] == "")
        #expect(environ.variables.count == 1)
    }

    @Test func appendAddsAtTheEnd() {
        var environ = Environ()
        environ["B"] = "1"
        environ.append("A", "2")
        #expect(environ.variables.map(\.key) == ["B", "A"])
        #expect(environ.variables.map(\.value) == ["1", "2"])
        #expect(environ["A"] == "2")
    }

    @Test func convenienceAccessors() {
        #expect(Environ().requestMethod == "")
        #expect(Environ().pathInfo == "")
        let environ = makeEnviron(method: "PUT", path: "/x", query: "q=1")
        #expect(environ.requestMethod == "PUT")
        #expect(environ.scriptName == "")
        #expect(environ.pathInfo == "/x")
        #expect(environ.queryString == "q=1")
    }

    @Test func defaults() {
        let environ = Environ()
        #expect(environ.version == (1, 0))
        #expect(environ.urlScheme == "http")
        #expect(environ.multithread == false)
        #expect(environ.multiprocess == false)
        #expect(environ.runOnce == false)
        #expect(environ.fileWrapper == nil)
        #expect(environ.extensions.isEmpty)
        #expect(environ.variables.isEmpty)
    }

    @Test func displayItemsSortsCGIKeysFirst() throws {
        var environ = Environ(input: BytesInput(bytes("abc")), errors: CapturedErrorStream())
        environ["SERVER_NAME"] = "testserver"
        environ["HTTP_HOST"] = "example.com"
        environ["REQUEST_METHOD"] = "GET"
        environ["CONTENT_TYPE"] = "text/plain"
        environ.multithread = true
        environ.fileWrapper = FileWrapper.factory
        environ.extensions["shallot.trace"] = "on"
        environ.extensions["shallot.debug"] = 1

        let items = environ.displayItems
        #expect(items.map(\.key) == [
            "CONTENT_TYPE", "HTTP_HOST", "REQUEST_METHOD", "SERVER_NAME",
            "wsgi.version", "wsgi.url_scheme", "wsgi.input", "wsgi.errors",
            "wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once", "wsgi.file_wrapper",
            "shallot.debug", "shallot.trace",
        ])
        let values = Dictionary(uniqueKeysWithValues: items.map { ($0.key, $0.value) })
        #expect(values["wsgi.version"] == "(1, 0)")
        #expect(values["wsgi.url_scheme"] == "http")
        #expect(values["wsgi.input"] == "<wsgi.input: 3 bytes>")
        #expect(values["wsgi.errors"] == "<captured>")
        #expect(values["wsgi.multithread"] == "True")
        #expect(values["wsgi.multiprocess"] == "False")
        #expect(values["wsgi.run_once"] == "False")
        #expect(values["wsgi.file_wrapper"] == "<FileWrapper>")
        #expect(values["shallot.trace"] == "on")
        #expect(values["shallot.debug"] == "1")
        #expect(values["HTTP_HOST"] == "example.com")
        // Display order does not reorder the environ itself.
        #expect(environ.variables.map(\.key) == ["SERVER_NAME", "HTTP_HOST", "REQUEST_METHOD", "CONTENT_TYPE"])
    }

    @Test func displayItemsWithoutFileWrapper() {
        let values = Dictionary(uniqueKeysWithValues: Environ().displayItems.map { ($0.key, $0.value) })
        #expect(values["wsgi.file_wrapper"] == "None")
        #expect(values["wsgi.errors"] == "<stderr>")
        #expect(values["wsgi.input"] == "<wsgi.input: 0 bytes>")
    }

    @Test func requiredVariables() {
        #expect(Environ.requiredVariables == ["REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL"])
    }

    @Test func latin1RoundTripsEveryByte() throws {
        let all = (0...255).map { UInt8($0) }
        let string = Latin1.string(all)
        #expect(string.unicodeScalars.map(\.value) == (0...255).map { UInt32($0) })
        #expect(Latin1.isLatin1(string))
        let back = try #require(Latin1.bytes(string))
        #expect(back == all)
    }

    @Test func latin1EachByteAlone() throws {
        for byte in UInt8.min...UInt8.max {
            let string = Latin1.string([byte])
            #expect(string.unicodeScalars.map(\.value) == [UInt32(byte)])
            #expect(Latin1.bytes(string) == [byte])
        }
    }

    @Test func latin1IsNotUTF8() {
        // The two UTF-8 bytes of "é" are two native characters, not one.
        #expect(Latin1.string([0xC3, 0xA9]) == "\u{C3}\u{A9}")
        #expect(Latin1.string([0xE9]) == "é")
        #expect(Latin1.bytes("é") == [0xE9])
        #expect(Latin1.string(bytes("ascii only")) == "ascii only")
        #expect(Latin1.string([UInt8]()) == "")
        #expect(Latin1.bytes("\r\n") == [0x0D, 0x0A])
    }

    @Test func latin1RejectsScalarsAboveFF() {
        #expect(Latin1.bytes("€") == nil)
        #expect(Latin1.bytes("price: 5€") == nil)
        #expect(Latin1.bytes("\u{100}") == nil)
        #expect(!Latin1.isLatin1("€"))
        #expect(Latin1.isLatin1("ÿ"))
    }
}
