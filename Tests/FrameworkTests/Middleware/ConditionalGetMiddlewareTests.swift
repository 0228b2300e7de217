import Framework
import Testing

@Suite("ConditionalGetMiddleware")
struct ConditionalGetMiddlewareTests {
    typealias F = MiddlewareFixture

    func run(
        _ method: String = "GET", request headers: [String: String] = [:],
        response make: @escaping () -> HTTPResponseBase = { HTTPResponse("Hello") }
    ) throws -> HTTPResponseBase {
        let middleware = ConditionalGetMiddleware(settings: F.settings(), getResponse: F.answering(make))
        return try middleware(F.request(method, "/", headers: headers))
    }

    func withHeaders(_ headers: [(String, String)], status: Int = 200) -> () -> HTTPResponseBase {
        { HTTPResponse(Array("Hello".utf8), status: status, headers: headers) }
    }

    @Test func calculatesETagFromContent() throws {
        let response = try run()
        #expect(response.statusCode == 200)
        #expect(response["ETag"] == "\"8b1a9953c4611296a827abf8c47804d7\"")
    }

    @Test func wontOverwriteETag() throws {
        #expect(try run(response: withHeaders([("ETag", "eggs")]))["ETag"] == "eggs")
    }

    @Test func noETagForStreamingResponse() throws {
        #expect(try run(response: { StreamingHTTPResponse(["content"]) })["ETag"] == nil)
    }

    @Test func noETagForEmptyContent() throws {
        #expect(try run(response: { HTTPResponse() })["ETag"] == nil)
    }

    @Test func noETagWithNoStore() throws {
        #expect(try run(response: withHeaders([("Cache-Control", "No-Cache, No-Store, Max-age=0")]))["ETag"] == nil)
    }

    @Test func etagWithExtendedCacheControl() throws {
        #expect(try run(response: withHeaders([("Cache-Control", "my-directive=\"my-no-store\"")]))["ETag"] != nil)
    }

    @Test func noETagOnHead() throws {
        #expect(try run("HEAD")["ETag"] == nil)
    }

    @Test func noPreconditionFailedOnUnsafeMethod() throws {
        let response = try run("PUT", request: ["HTTP_IF_MATCH": "\"other\""])
        #expect(response.statusCode == 200)
        #expect(response["ETag"] == nil)
    }

    @Test func ifNoneMatchWithoutETag() throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": "spam"], response: withHeaders([("Cache-Control", "no-store")]))
        #expect(response.statusCode == 200)
    }

    @Test func ifNoneMatchSameETag() throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": "\"spam\""], response: withHeaders([("ETag", "\"spam\"")]))
        #expect(response.statusCode == 304)
        #expect(response is HTTPResponseNotModified)
    }

    @Test func ifNoneMatchGeneratedETag() throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": "\"8b1a9953c4611296a827abf8c47804d7\""])
        #expect(response.statusCode == 304)
        #expect(response["ETag"] == "\"8b1a9953c4611296a827abf8c47804d7\"")
    }

    @Test(arguments: [("W/\"spam\"", "\"spam\""), ("\"spam\"", "W/\"spam\""), ("W/\"spam\"", "W/\"spam\"")])
    func ifNoneMatchComparesWeakly(ifNoneMatch: String, etag: String) throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": ifNoneMatch], response: withHeaders([("ETag", etag)]))
        #expect(response.statusCode == 304)
    }

    @Test func ifNoneMatchListAndStar() throws {
        let list = try run(request: ["HTTP_IF_NONE_MATCH": "\"a\", \"spam\""], response: withHeaders([("ETag", "\"spam\"")]))
        #expect(list.statusCode == 304)
        #expect(try run(request: ["HTTP_IF_NONE_MATCH": "*"]).statusCode == 304)
    }

    @Test func ifNoneMatchDifferentETag() throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": "\"spam\""], response: withHeaders([("ETag", "\"eggs\"")]))
        #expect(response.statusCode == 200)
    }

    @Test func ifNoneMatchOnRedirectAndClientError() throws {
        for status in [301, 400] {
            let response = try run(request: ["HTTP_IF_NONE_MATCH": "\"spam\""], response: withHeaders([("ETag", "\"spam\"")], status: status))
            #expect(response.statusCode == status)
        }
    }

    @Test func notModifiedKeepsOnlyRFCHeadersAndCookies() throws {
        let response = try run(request: ["HTTP_IF_NONE_MATCH": "\"spam\""]) {
            let response = HTTPResponse("Hello")
            response["Date"] = "Sat, 12 Feb 2011 17:35:44 GMT"
            response["Last-Modified"] = "Sat, 12 Feb 2011 17:35:44 GMT"
            response["Expires"] = "Sun, 13 Feb 2011 17:35:44 GMT"
            response["Vary"] = "Cookie"
            response["Cache-Control"] = "public"
            response["Content-Location"] = "/alt"
            response["Content-Language"] = "en"
            response["ETag"] = "\"spam\""
            try? response.setCookie("key", "value")
            return response
        }
        #expect(response.statusCode == 304)
        #expect(response["Date"] == "Sat, 12 Feb 2011 17:35:44 GMT")
        #expect(response["Last-Modified"] == "Sat, 12 Feb 2011 17:35:44 GMT")
        #expect(response["Expires"] == "Sun, 13 Feb 2011 17:35:44 GMT")
        #expect(response["Vary"] == "Cookie")
        #expect(response["Cache-Control"] == "public")
        #expect(response["Content-Location"] == "/alt")
        #expect(response["ETag"] == "\"spam\"")
        #expect(response["Content-Language"] == nil)
        #expect(response["Content-Type"] == nil)
        #expect(response.cookies.map(\.name) == ["key"])
        #expect(response.cookies.first?.cookie.value == "value")
    }

    @Test func ifMatchMismatchIsPreconditionFailed() throws {
        let response = try run(request: ["HTTP_IF_MATCH": "\"other\""])
        #expect(response.statusCode == 412)
        #expect((response as? HTTPResponse)?.content.isEmpty == true)
    }

    @Test func ifMatchMatchPasses() throws {
        let response = try run(request: ["HTTP_IF_MATCH": "\"8b1a9953c4611296a827abf8c47804d7\""])
        #expect(response.statusCode == 200)
        #expect(try run(request: ["HTTP_IF_MATCH": "*"]).statusCode == 200)
    }

    @Test func ifMatchNeverMatchesWeakETag() throws {
        let response = try run(request: ["HTTP_IF_MATCH": "W/\"spam\""], response: withHeaders([("ETag", "W/\"spam\"")]))
        #expect(response.statusCode == 412)
    }

    @Test func ifModifiedSince() throws {
        let since = ["HTTP_IF_MODIFIED_SINCE": "Sat, 12 Feb 2011 17:38:44 GMT"]
        // No Last-Modified (and no ETag): the response as it was.
        #expect(try run(request: since, response: withHeaders([("Cache-Control", "no-store")])).statusCode == 200)
        #expect(try run(request: since, response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:38:44 GMT")])).statusCode == 304)
        #expect(try run(request: since, response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:35:44 GMT")])).statusCode == 304)
        #expect(try run(request: since, response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:41:44 GMT")])).statusCode == 200)
    }

    @Test func ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws {
        let response = try run(request: [
            "HTTP_IF_NONE_MATCH": "\"other\"", "HTTP_IF_MODIFIED_SINCE": "Sat, 12 Feb 2011 17:38:44 GMT",
        ], response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:35:44 GMT")]))
        #expect(response.statusCode == 200)
    }

    @Test func ifUnmodifiedSince() throws {
        let since = ["HTTP_IF_UNMODIFIED_SINCE": "Sat, 12 Feb 2011 17:38:44 GMT"]
        #expect(try run(request: since, response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:41:44 GMT")])).statusCode == 412)
        #expect(try run(request: since, response: withHeaders([("Last-Modified", "Sat, 12 Feb 2011 17:35:44 GMT")])).statusCode == 200)
    }

    @Test func unsafeMethodGetsPreconditionFailedFromHelper() {
        let request = F.request("POST", "/", headers: ["HTTP_IF_NONE_MATCH": "\"spam\""])
        let response = getConditionalResponse(request, etag: "\"spam\"", response: HTTPResponse("x"))
        #expect(response?.statusCode == 412)
        let none = getConditionalResponse(F.request(), etag: "\"spam\"")
        #expect(none == nil)
    }
}
