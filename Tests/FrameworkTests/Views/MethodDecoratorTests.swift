import Foundation
import Testing
@testable import Framework

@Suite("require_http_methods and friends")
struct MethodDecoratorTests {
    static let plain = View("shop.views.plain") { request, _ in HTTPResponse("answered \(request.method)") }

    @Test func allowedMethodsReachTheView() throws {
        let view = requireHTTPMethods(["GET", "PUT"], Self.plain)
        #expect(ViewRequests.text(try view(ViewRequests.make("GET"))) == "answered GET")
        #expect(ViewRequests.text(try view(ViewRequests.make("PUT"))) == "answered PUT")
    }

    @Test func otherMethodsGet405WithAllowAsGiven() throws {
        let response = try requireHTTPMethods(["GET", "PUT"], Self.plain)(ViewRequests.make("POST"))
        #expect(response.statusCode == 405)
        #expect(response["Allow"] == "GET, PUT")
        #expect(response is HTTPResponseNotAllowed)
    }

    @Test func keepsTheViewName() {
        #expect(requireGET(Self.plain).name == "shop.views.plain")
        #expect(neverCache(requireSafe(Self.plain)).name == "shop.views.plain")
    }

    @Test(arguments: [
        ("GET", 200), ("HEAD", 405), ("POST", 405), ("PUT", 405), ("OPTIONS", 405),
    ])
    func requireGETAllowsOnlyGET(method: String, status: Int) throws {
        let response = try requireGET(Self.plain)(ViewRequests.make(method))
        #expect(response.statusCode == status)
        if status == 405 { #expect(response["Allow"] == "GET") }
    }

    @Test(arguments: [("POST", 200), ("GET", 405), ("HEAD", 405), ("DELETE", 405)])
    func requirePOSTAllowsOnlyPOST(method: String, status: Int) throws {
        let response = try requirePOST(Self.plain)(ViewRequests.make(method))
        #expect(response.statusCode == status)
        if status == 405 { #expect(response["Allow"] == "POST") }
    }

    @Test(arguments: [("GET", 200), ("HEAD", 200), ("POST", 405), ("PUT", 405), ("DELETE", 405)])
    func requireSafeAllowsGETAndHEAD(method: String, status: Int) throws {
        let response = try requireSafe(Self.plain)(ViewRequests.make(method))
        #expect(response.statusCode == status)
        if status == 405 { #expect(response["Allow"] == "GET, HEAD") }
    }

    @Test func errorsFromTheViewPassThrough() {
        let failing = requireGET(View("fails") { _, _ in throw Http404("gone") })
        #expect(throws: Http404.self) { try failing(ViewRequests.make("GET")) }
    }
}
