import Foundation
import Gateway
@testable import Framework

/// Requests for the view tests, built from CGI variables as Django's RequestFactory builds them.
enum ViewRequests {
    /// A request for `method` on `path`, with a query string and extra CGI variables
    /// (`("HTTP_IF_NONE_MATCH", "\"abc\"")`, …).
    static func make(_ method: String = "GET", _ path: String = "/", query: String = "",
                     _ variables: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(environ: testEnviron(method: method, path: path, query: query, variables: variables), settings: Settings())
    }

    /// The body of an in-memory response, as text.
    static func text(_ response: HTTPResponseBase) -> String {
        (response as? HTTPResponse)?.text ?? ""
    }
}
