import Gateway
@testable import Framework

/// An environ as a WSGI server builds it for `method path?query`, served as http://testserver/.
/// `variables` are added (or replace the defaults) in order; a non-empty `body` becomes
/// `wsgi.input` and, unless `variables` name one, sets CONTENT_LENGTH to its size.
func testEnviron(
    method: String = "GET",
    path: String = "/",
    query: String = "",
    variables: [(String, String)] = [],
    body: [UInt8] = []
) -> Environ {
    var environ = Environ(input: BytesInput(body), errors: CapturedErrorStream())
    environ["REQUEST_METHOD"] = method
    environ["SCRIPT_NAME"] = ""
    environ["PATH_INFO"] = path
    environ["QUERY_STRING"] = query
    environ["SERVER_NAME"] = "testserver"
    environ["SERVER_PORT"] = "80"
    environ["SERVER_PROTOCOL"] = "HTTP/1.1"
    environ["HTTP_HOST"] = "testserver"
    if !body.isEmpty && !variables.contains(where: { $0.0 == "CONTENT_LENGTH" }) {
        environ["CONTENT_LENGTH"] = String(body.count)
    }
    for (key, value) in variables { environ[key] = value }
    return environ
}

/// Settings for tests: ALLOWED_HOSTS holds the test server, the rest are Django's defaults.
func testSettings(_ configure: (inout Settings) -> Void = { _ in }) -> Settings {
    var settings = Settings()
    settings.allowedHosts = ["testserver"]
    configure(&settings)
    return settings
}

/// A request over `testEnviron(…)` with `testSettings(…)`.
func testRequest(
    method: String = "GET",
    path: String = "/",
    query: String = "",
    variables: [(String, String)] = [],
    body: [UInt8] = [],
    settings: Settings = testSettings()
) -> HTTPRequest {
    HTTPRequest(environ: testEnviron(method: method, path: path, query: query, variables: variables, body: body), settings: settings)
}

/// The WSGI native string a server puts in the environ for `text` sent as UTF-8 bytes.
func nativeString(_ text: String) -> String { Latin1.string(Array(text.utf8)) }

/// The bytes of `text` as UTF-8.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A multipart body: `lines` joined with CRLF (or `separator`), as Django's tests write them.
func multipartLines(_ lines: [String], separator: String = "\r\n") -> [UInt8] {
    utf8(lines.joined(separator: separator))
}

/// A POST of `body` as multipart/form-data with `boundary`.
func multipartRequest(
    _ body: [UInt8],
    boundary: String = "boundary",
    variables: [(String, String)] = [],
    settings: Settings = testSettings()
) -> HTTPRequest {
    testRequest(
        method: "POST",
        variables: [("CONTENT_TYPE", "multipart/form-data; boundary=\(boundary)")] + variables,
        body: body,
        settings: settings
    )
}
