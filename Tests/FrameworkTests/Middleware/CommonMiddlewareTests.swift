import Framework
import Testing

@Suite("CommonMiddleware")
struct CommonMiddlewareTests {
    typealias F = MiddlewareFixture

    static func notFound() -> HTTPResponseBase { HTTPResponse.notFound() }

    func middleware(
        _ configure: (inout Settings) -> Void = { _ in }, response make: @escaping () -> HTTPResponseBase = notFound
    ) -> (CommonMiddleware, Settings) {
        let settings = F.settings(configure)
        return (CommonMiddleware(settings: settings, getResponse: F.answering(make)), settings)
    }

    @Test func appendSlashHaveSlash() throws {
        let (common, settings) = middleware()
        let request = F.request("GET", "/slash/", settings: settings)
        #expect(try common.processRequest(request) == nil)
        #expect(try common(request).statusCode == 404)
    }

    @Test func appendSlashSlashlessResourceUnmolested() throws {
        let (common, settings) = middleware(response: { HTTPResponse("Here's the text of the web page.") })
        let response = try common(F.request("GET", "/noslash", settings: settings))
        #expect(response.statusCode == 200)
        #expect((response as? HTTPResponse)?.text == "Here's the text of the web page.")
    }

    @Test func appendSlashRedirect() throws {
        let (common, settings) = middleware()
        let request = F.request("GET", "/slash", settings: settings)
        #expect(try common.processRequest(request) == nil)
        let response = try common.processResponse(request, HTTPResponse.notFound())
        #expect(response.statusCode == 301)
        #expect(response is HTTPResponsePermanentRedirect)
        #expect(response["Location"] == "/slash/")
    }

    @Test func appendSlashRedirectKeepsQueryString() throws {
        let (common, settings) = middleware()
        let response = try common(F.request("GET", "/slash", query: "test=1", settings: settings))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "/slash/?test=1")
    }

    @Test func appendSlashRedirectQueryStringEndingInSlash() throws {
        let (common, settings) = middleware()
        let response = try common(F.request("GET", "/slash", query: "test=slash/", settings: settings))
        #expect(response["Location"] == "/slash/?test=slash/")
    }

    @Test func noRedirectWhenSlashedPathDoesNotResolve() throws {
        let (common, settings) = middleware()
        common.shouldAppendSlash = { _ in false }
        let response = try common(F.request("GET", "/unknown", settings: settings))
        #expect(response.statusCode == 404)
    }

    @Test func resolverCheckSeesPathInfo() throws {
        let (common, settings) = middleware()
        var asked: [String] = []
        common.shouldAppendSlash = { path in
            asked.append(path)
            return path == "/known"
        }
        #expect(try common(F.request("GET", "/known", settings: settings))["Location"] == "/known/")
        #expect(try common(F.request("GET", "/other", settings: settings)).statusCode == 404)
        #expect(asked == ["/known", "/other"])
    }

    @Test func appendSlashDisabled() throws {
        let (common, settings) = middleware { $0.appendSlash = false }
        #expect(try common(F.request("GET", "/slash", settings: settings)).statusCode == 404)
    }

    @Test func onlyNotFoundIsRedirected() throws {
        let (common, settings) = middleware(response: { HTTPResponse.forbidden() })
        #expect(try common(F.request("GET", "/slash", settings: settings)).statusCode == 403)
    }

    @Test func appendSlashQuoted() throws {
        let (common, settings) = middleware()
        let response = try common(F.request("GET", "/needsquoting#", settings: settings))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "/needsquoting%23/")
    }

    @Test func appendSlashLeadingSlashesEscaped() throws {
        let (common, settings) = middleware()
        let request = F.request("GET", "//evil.com/security", settings: settings)
        #expect(try common.processRequest(request) == nil)
        let response = try common.processResponse(request, HTTPResponse.notFound())
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "/%2Fevil.com/security/")
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func appendSlashWithDataInDebugRaises(method: String) throws {
        let (common, settings) = middleware { $0.debug = true }
        let error = #expect(throws: RuntimeError.self) {
            _ = try common(F.request(method, "/slash", settings: settings))
        }
        #expect(error?.message.contains("maintaining \(method) data. Change your form to point to testserver/slash/") == true)
        #expect(error?.message.hasPrefix("You called this URL via \(method), but the URL doesn't end in a slash") == true)
    }

    @Test func appendSlashPostWithoutDebugRedirects() throws {
        let (common, settings) = middleware()
        let response = try common(F.request("POST", "/slash", settings: settings))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "/slash/")
    }

    @Test func prependWWW() throws {
        let (common, settings) = middleware({
            $0.appendSlash = false
            $0.prependWWW = true
        }, response: { HTTPResponse() })
        let response = try #require(try common.processRequest(F.request("GET", "/path/", settings: settings)))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "http://www.testserver/path/")
    }

    @Test func prependWWWAppendSlashHaveSlash() throws {
        let (common, settings) = middleware({ $0.prependWWW = true }, response: { HTTPResponse() })
        let response = try #require(try common.processRequest(F.request("GET", "/slash/", settings: settings)))
        #expect(response["Location"] == "http://www.testserver/slash/")
    }

    @Test func prependWWWAppendSlashSlashless() throws {
        let (common, settings) = middleware({ $0.prependWWW = true }, response: { HTTPResponse() })
        let response = try #require(try common.processRequest(F.request("GET", "/slash", query: "a=b", settings: settings)))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "http://www.testserver/slash/?a=b")
    }

    @Test func prependWWWKeepsSchemeAndSkipsWWWHosts() throws {
        let (common, settings) = middleware({ $0.prependWWW = true }, response: { HTTPResponse() })
        let secure = try #require(try common.processRequest(F.request("GET", "/a/", secure: true, settings: settings)))
        #expect(secure["Location"] == "https://www.testserver/a/")
        let www = F.request("GET", "/a/", headers: ["HTTP_HOST": "www.testserver"], settings: settings)
        #expect(try common.processRequest(www) == nil)
    }

    @Test func disallowedUserAgent() throws {
        let (common, settings) = middleware({ $0.disallowedUserAgents = ["foo"] }, response: { HTTPResponse() })
        let request = F.request("GET", "/slash", headers: ["HTTP_USER_AGENT": "a foo agent"], settings: settings)
        let error = #expect(throws: PermissionDenied.self) { _ = try common.processRequest(request) }
        #expect(error?.message == "Forbidden user agent")
        let allowed = F.request("GET", "/slash/", headers: ["HTTP_USER_AGENT": "bar"], settings: settings)
        #expect(try common.processRequest(allowed) == nil)
    }

    @Test func invalidUserAgentPatternIsImproperlyConfigured() {
        let settings = F.settings { $0.disallowedUserAgents = ["[unclosed"] }
        #expect(throws: ImproperlyConfigured.self) {
            _ = try CommonMiddleware.factory(settings, F.answering { HTTPResponse() })
        }
    }

    @Test func hostIsValidated() {
        let (common, settings) = middleware(response: { HTTPResponse() })
        let request = F.request("GET", "/", headers: ["HTTP_HOST": "evil.example"], settings: settings)
        #expect(throws: DisallowedHost.self) { _ = try common.processRequest(request) }
    }

    @Test func contentLengthAdded() throws {
        let (common, settings) = middleware(response: { HTTPResponse("content") })
        let response = try common(F.request("GET", "/", settings: settings))
        #expect(response["Content-Length"] == "7")
    }

    @Test func contentLengthOnRedirect() throws {
        let (common, settings) = middleware()
        #expect(try common(F.request("GET", "/slash", settings: settings))["Content-Length"] == "0")
    }

    @Test func contentLengthNotAddedForStreaming() throws {
        let (common, settings) = middleware(response: { StreamingHTTPResponse(["content"]) })
        #expect(try common(F.request("GET", "/", settings: settings))["Content-Length"] == nil)
    }

    @Test func contentLengthNotChanged() throws {
        let (common, settings) = middleware(response: { HTTPResponse("", headers: [("Content-Length", "500")]) })
        #expect(try common(F.request("GET", "/", settings: settings))["Content-Length"] == "500")
    }

    @Test func redirectClassCanBeChanged() throws {
        let (common, settings) = middleware()
        common.redirectResponse = { try HTTPResponseRedirect($0) }
        let response = try common(F.request("GET", "/slash", settings: settings))
        #expect(response.statusCode == 302)
        #expect(response["Location"] == "/slash/")
    }
}
