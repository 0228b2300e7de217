import Foundation
import Framework
import Testing

@Suite("Responses: the HttpResponse family")
struct ResponseTests {
    @Test func jsonIsPythonsJSONDumps() throws {
        let value: JSONValue = ["a": 1, "b": [true, nil, 1.5], "é": "ü \"q\"\n"]
        let response = try JSONResponse(value)
        #expect(response.text == "{\"a\": 1, \"b\": [true, null, 1.5], \"\\u00e9\": \"\\u00fc \\\"q\\\"\\n\"}")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(throws: TypeError.self) { try JSONResponse([1, 2]) }
        #expect(try JSONResponse([1, 2], safe: false).text == "[1, 2]")
    }

    @Test func redirectsRefuseUnsafeSchemes() throws {
        #expect(try HTTPResponseRedirect("/polls/").headers["Location"] == "/polls/")
        #expect(try HTTPResponsePermanentRedirect("https://example.com/").statusCode == 301)
        #expect(throws: DisallowedRedirect.self) { try HTTPResponseRedirect("javascript:alert(1)") }
        #expect(throws: DisallowedRedirect.self) { try HTTPResponseRedirect("data:text/html,x") }
    }

    @Test func statusSpecificResponses() {
        let notAllowed = HTTPResponseNotAllowed(["GET", "POST"])
        #expect(notAllowed.statusLine == "405 Method Not Allowed")
        #expect(notAllowed.headers["Allow"] == "GET, POST")
        #expect(HTTPResponseNotModified().headers["Content-Type"] == nil)
        #expect(HTTPResponse.gone().statusLine == "410 Gone")
        let custom = HTTPResponse("x", status: 599)
        #expect(custom.reasonPhrase == "Unknown Status Code")
        custom.reasonPhrase = "Custom"
        #expect(custom.statusLine == "599 Custom")
        #expect(HTTPResponse().headers["Content-Type"] == "text/html; charset=utf-8")
    }

    @Test func cookies() throws {
        let response = HTTPResponse()
        try response.setCookie("a", "1", maxAge: 3600, sameSite: "Strict")
        let value = try #require(response.wsgiHeaders.first { $0.name == "Set-Cookie" }?.value)
        #expect(value.hasPrefix("a=1; expires="))
        #expect(value.hasSuffix(" GMT; Max-Age=3600; Path=/; SameSite=Strict"))
        #expect(throws: ValueError.self) { try response.setCookie("b", "2", sameSite: "sometimes") }
        response.deleteCookie("__Secure-token")
        #expect(response.cookies.last?.cookie.headerValue == "__Secure-token=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure")
        try response.setCookie("q", "a b;c")
        #expect(response.cookies.last?.cookie.headerValue == "q=\"a b\\073c\"; Path=/")
    }
}
