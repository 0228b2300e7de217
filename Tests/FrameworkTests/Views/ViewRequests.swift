import Foundation
import Gateway
@testable import Framework

/// Requests for the view tests, built from CGI variables as Django's RequestFactory builds them.
enum ViewRequests {
    /// A request for `method` on `path`, with a query string and extra CGI variables
    /// (`("HTTP_IF_NONE_MATCH", "\"abc\"")`, …).
    static func make(_ method: String = "GET", _ path: String = "/", query: String = "",
                     _ variables: [(String, String)] = []) -> HTTPRequest {
        var environ = Environ()
        environ["REQUEST_METHOD"] = method
        environ["SCRIPT_NAME"] = ""
        environ["PATH_INFO"] = path
        environ["QUERY_STRING"] = query
        environ["SERVER_NAME"] = "testserver"
        environ["SERVER_PORT"] = "80"
        environ["SERVER_PROTOCOL"] = "HTTP/1.1"
        for (key, value) in variables { environ[key] = value }
        return HTTPRequest(environ: environ, settings: Settings())
    }

    /// The body of an in-memory response, as text.
    static func text(_ response: HTTPResponseBase) -> String {
        (response as? HTTPResponse)?.text ?? ""
    }
}
