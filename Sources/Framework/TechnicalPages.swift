import Foundation
import Templates

/// The DEBUG pages: Django's technical 404 (the patterns tried) and technical 500 (the
/// exception, where it was raised, the request), as HTML for clients that accept it and as plain
/// text otherwise, as Django's technical_500_response decides.
enum TechnicalPages {
    static func notFound(_ request: HTTPRequest, _ error: Http404, site: Site) -> HTTPResponse {
        let url = (try? request.buildAbsoluteURI()) ?? request.path
        let raisedBy = request.resolverMatch?.view.name
        let path = error.path ?? String(request.pathInfo.dropFirst())
        if !request.accepts("text/html") {
            var text = "Page not found (404)\n\nRequest Method: \(request.method)\nRequest URL: \(url)\n"
            if let raisedBy { text += "Raised by: \(raisedBy)\n" }
            if error.tried.isEmpty {
                text += "\n\(error.message.isEmpty ? "Http404" : error.message)\n"
            } else {
                text += "\nUsing the URLconf defined in \(site.name).urls, Shallot tried these URL patterns, in this order:\n\n"
                for (index, pattern) in error.tried.enumerated() { text += "\(index + 1). \(pattern.joined(separator: " "))\n" }
                text += "\nThe current path, \(path), didn't match any of these.\n"
            }
            text += "\nYou're seeing this error because you have DEBUG = True in your settings. Change that to False, and Shallot will display a standard 404 page.\n"
            return HTTPResponse(text, status: 404, contentType: "text/plain; charset=utf-8")
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Page not found at \(escape(request.pathInfo))</title>
              <meta name="robots" content="NONE,NOARCHIVE">
            </head>
            <body>
              <div id="summary">
                <h1>Page not found <small>(404)</small></h1>
                <table class="meta">
                  <tr><th scope="row">Request Method:</th><td>\(escape(request.method))</td></tr>
                  <tr><th scope="row">Request URL:</th><td>\(escape(url))</td></tr>

            """
        if let raisedBy { html += "      <tr><th scope=\"row\">Raised by:</th><td>\(escape(raisedBy))</td></tr>\n" }
        html += "    </table>\n  </div>\n  <div id=\"info\">\n"
        if error.tried.isEmpty {
            html += "    <p>\(escape(error.message.isEmpty ? "Http404" : error.message))</p>\n"
        } else {
            html += "    <p>Using the URLconf defined in <code>\(escape(site.name)).urls</code>, Shallot tried these URL patterns, in this order:</p>\n    <ol>\n"
            for pattern in error.tried { html += "      <li>\(pattern.map(escape).joined(separator: " "))</li>\n" }
            html += "    </ol>\n    <p>The current path, <code>\(escape(path))</code>, didn’t match any of these.</p>\n"
        }
        html += """
              </div>
              <div id="explanation">
                <p>You’re seeing this error because you have <code>DEBUG = True</code> in your settings file. Change that to <code>False</code>, and Shallot will display a standard 404 page.</p>
              </div>
            </body>
            </html>

            """
        return HTTPResponse(html, status: 404, contentType: "text/html; charset=utf-8")
    }

    static func serverError(_ request: HTTPRequest, _ error: any Error, status: Int, site: Site) -> HTTPResponse {
        let url = (try? request.buildAbsoluteURI()) ?? request.path
        let type = String(describing: Swift.type(of: error))
        let raisedDuring = request.resolverMatch?.view.name
        var sections: [(String, [(String, String)])] = [
            ("GET", ((try? request.GET())?.lists ?? []).map { ($0.key, $0.values.joined(separator: ", ")) }),
            ("COOKIES", request.COOKIES.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
            ("META", request.environ.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
        ]
        if request.method == "POST", let post = try? request.POST() {
            sections.insert(("POST", post.lists.map { ($0.key, $0.values.joined(separator: ", ")) }), at: 1)
        }
        if !request.accepts("text/html") {
            var text = "Environment:\n\n\nRequest Method: \(request.method)\nRequest URL: \(url)\n\n"
            text += "Shallot Version: 0.1.0\nSite: \(site.name)\nInstalled Middleware:\n\(site.settings.middleware.map { "  \($0)" }.joined(separator: "\n"))\n\n"
            if let raisedDuring { text += "Raised during: \(raisedDuring)\n" }
            text += "Exception Type: \(type) at \(request.path)\nException Value: \(error)\n"
            for (title, rows) in sections {
                text += "\n\(title):\n" + (rows.isEmpty ? "  No \(title) data\n" : rows.map { "  \($0.0) = \($0.1)\n" }.joined())
            }
            text += "\nYou're seeing this error because you have DEBUG = True in your settings. Change that to False, and Shallot will display a standard page generated by the handler for this status code.\n"
            return HTTPResponse(text, status: status, contentType: "text/plain; charset=utf-8")
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>\(escape(type)) at \(escape(request.path))</title>
              <meta name="robots" content="NONE,NOARCHIVE">
            </head>
            <body>
              <div id="summary">
                <h1>\(escape(type)) at \(escape(request.path))</h1>
                <pre class="exception_value">\(escape("\(error)"))</pre>
                <table class="meta">
                  <tr><th scope="row">Request Method:</th><td>\(escape(request.method))</td></tr>
                  <tr><th scope="row">Request URL:</th><td>\(escape(url))</td></tr>
                  <tr><th scope="row">Exception Type:</th><td>\(escape(type))</td></tr>
                  <tr><th scope="row">Exception Value:</th><td><pre>\(escape("\(error)"))</pre></td></tr>

            """
        if let raisedDuring { html += "      <tr><th scope=\"row\">Raised during:</th><td>\(escape(raisedDuring))</td></tr>\n" }
        html += "    </table>\n  </div>\n  <div id=\"requestinfo\">\n    <h2>Request information</h2>\n"
        for (title, rows) in sections {
            html += "    <h3 id=\"\(title.lowercased())-info\">\(title)</h3>\n"
            if rows.isEmpty {
                html += "    <p>No \(title) data</p>\n"
            } else {
                html += "    <table class=\"req\">\n" + rows.map { "      <tr><td>\(escape($0.0))</td><td class=\"code\"><pre>\(escape($0.1))</pre></td></tr>\n" }.joined() + "    </table>\n"
            }
        }
        html += """
              </div>
              <div id="explanation">
                <p>You’re seeing this error because you have <code>DEBUG = True</code> in your settings file. Change that to <code>False</code>, and Shallot will display a standard page generated by the handler for this status code.</p>
              </div>
            </body>
            </html>

            """
        return HTTPResponse(html, status: status, contentType: "text/html; charset=utf-8")
    }

    /// Django's `escape`, as the template language applies it.
    static func escape(_ text: String) -> String { Rendering.escape(text) }
}

extension HTTPRequest {
    /// `accepts(media_type)`: whether the Accept header (default `*/*`) admits the type.
    public func accepts(_ mediaType: String) -> Bool {
        let header = environ["HTTP_ACCEPT"] ?? "*/*"
        let wanted = mediaType.lowercased().split(separator: "/")
        guard wanted.count == 2 else { return false }
        return header.split(separator: ",").contains { range in
            let parts = range.split(separator: ";")
            let params = parts.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            if params.contains(where: { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }) { return false }
            let type = (parts.first ?? "").trimmingCharacters(in: .whitespaces).lowercased().split(separator: "/")
            guard type.count == 2 else { return false }
            return (type[0] == "*" || type[0] == wanted[0]) && (type[1] == "*" || type[1] == wanted[1])
        }
    }
}
