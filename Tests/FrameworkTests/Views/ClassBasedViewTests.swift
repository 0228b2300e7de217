import Foundation
import Testing
@testable import Framework

/// GET and POST, with state on the instance to show that nothing is shared between requests.
private final class ItemView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
    var hits = 0
    var greeting = "get"

    func get(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        hits += 1
        return HTTPResponse("\(greeting) \(arguments["id"]?.description ?? "-") hits=\(hits) stored=\(self.arguments["id"]?.description ?? "-")")
    }

    func post(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        HTTPResponse("post", status: 201)
    }

    func handler(for method: String) -> ViewHandler? {
        switch method {
        case "get": get
        case "post": post
        default: nil
        }
    }
}

/// Every method but POST and OPTIONS, declared out of Django's order.
private final class EveryMethodView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
    func answer(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        HTTPResponse(request.method.lowercased())
    }
    func handler(for method: String) -> ViewHandler? {
        ["trace", "delete", "patch", "put", "head", "get"].contains(method) ? answer : nil
    }
}

/// Implements POST but limits httpMethodNames to GET.
private final class NarrowView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
    var httpMethodNames: [String] { ["get"] }
    func handler(for method: String) -> ViewHandler? {
        method == "get" || method == "post" ? { _, _ in HTTPResponse("ok") } : nil
    }
}

/// Its own OPTIONS, and a dispatch that acts around every method.
private final class CustomView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
    func handler(for method: String) -> ViewHandler? {
        switch method {
        case "get": { _, _ in HTTPResponse("get") }
        case "options": { _, _ in HTTPResponse("custom options") }
        default: nil
        }
    }
    func dispatch(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        let response = try dispatchByMethod(request, arguments)
        response["X-Dispatched"] = "yes"
        return response
    }
}

/// A setup that forgets the request.
private final class ForgetfulView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
    func setup(_ request: HTTPRequest, _ arguments: ViewArguments) {}
    func handler(for method: String) -> ViewHandler? { { _, _ in HTTPResponse("never") } }
}

/// A view with no handlers at all: Django's bare `View`.
private final class EmptyView: ClassBasedView {
    var request: HTTPRequest?
    var arguments = ViewArguments()
}

@Suite("Class-based views")
struct ClassBasedViewTests {
    @Test func dispatchesByMethod() throws {
        let view = ItemView.asView()
        let arguments = ViewArguments(named: ["id": .int(7)])
        let get = try view(ViewRequests.make("GET"), arguments)
        #expect(get.statusCode == 200)
        #expect(ViewRequests.text(get) == "get 7 hits=1 stored=7")
        let post = try view(ViewRequests.make("POST"), arguments)
        #expect(post.statusCode == 201)
        #expect(ViewRequests.text(post) == "post")
    }

    @Test func lowercaseMethodIsDispatchedToo() throws {
        let response = try ItemView.asView()(ViewRequests.make("get"))
        #expect(ViewRequests.text(response) == "get - hits=1 stored=-")
    }

    @Test func headFallsBackToGet() throws {
        let response = try ItemView.asView()(ViewRequests.make("HEAD"))
        #expect(response.statusCode == 200)
        #expect(ViewRequests.text(response).hasPrefix("get"))
    }

    @Test func ownHeadHandlerWins() throws {
        let response = try EveryMethodView.asView()(ViewRequests.make("HEAD"))
        #expect(ViewRequests.text(response) == "head")
    }

    @Test(arguments: ["PUT", "PATCH", "DELETE", "TRACE", "BREW"])
    func unimplementedMethodIs405(method: String) throws {
        let response = try ItemView.asView()(ViewRequests.make(method))
        #expect(response.statusCode == 405)
        #expect(response["Allow"] == "GET, POST, HEAD, OPTIONS")
        #expect(response is HTTPResponseNotAllowed)
    }

    @Test func allowFollowsDjangoOrder() throws {
        let response = try EveryMethodView.asView()(ViewRequests.make("POST"))
        #expect(response.statusCode == 405)
        #expect(response["Allow"] == "GET, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE")
    }

    @Test func methodOutsideHttpMethodNamesIs405() throws {
        let view = NarrowView.asView()
        #expect(try view(ViewRequests.make("GET")).statusCode == 200)
        let post = try view(ViewRequests.make("POST"))
        #expect(post.statusCode == 405)
        #expect(post["Allow"] == "GET")
        #expect(try view(ViewRequests.make("OPTIONS")).statusCode == 405)
    }

    @Test func defaultOptions() throws {
        let response = try ItemView.asView()(ViewRequests.make("OPTIONS"))
        #expect(response.statusCode == 200)
        #expect(response["Allow"] == "GET, POST, HEAD, OPTIONS")
        #expect(response["Content-Length"] == "0")
        #expect(ViewRequests.text(response) == "")
    }

    @Test func bareViewAllowsOnlyOptions() throws {
        let view = EmptyView.asView()
        let get = try view(ViewRequests.make("GET"))
        #expect(get.statusCode == 405)
        #expect(get["Allow"] == "OPTIONS")
        #expect(try view(ViewRequests.make("OPTIONS"))["Allow"] == "OPTIONS")
    }

    @Test func customOptionsAndDispatch() throws {
        let view = CustomView.asView()
        let options = try view(ViewRequests.make("OPTIONS"))
        #expect(ViewRequests.text(options) == "custom options")
        #expect(options["X-Dispatched"] == "yes")
        let post = try view(ViewRequests.make("POST"))
        #expect(post.statusCode == 405)
        #expect(post["Allow"] == "GET, HEAD, OPTIONS")
        #expect(post["X-Dispatched"] == "yes")
    }

    @Test func freshInstancePerRequest() throws {
        let view = ItemView.asView()
        for _ in 0..<3 {
            #expect(ViewRequests.text(try view(ViewRequests.make("GET"))) == "get - hits=1 stored=-")
        }
    }

    @Test func configureActsAsInitkwargs() throws {
        let view = ItemView.asView { $0.greeting = "hello" }
        #expect(ViewRequests.text(try view(ViewRequests.make("GET"))) == "hello - hits=1 stored=-")
    }

    @Test func setupStoresRequestAndArguments() throws {
        let instance = ItemView()
        let request = ViewRequests.make("GET", "/items/3/")
        instance.setup(request, ViewArguments(positional: [.int(3)]))
        #expect(instance.request === request)
        #expect(instance.arguments.positional == [.int(3)])
        #expect(instance.allowedMethods() == ["GET", "POST", "HEAD", "OPTIONS"])
    }

    @Test func viewName() {
        #expect(ItemView.asView().name.hasSuffix(".ItemView"))
        #expect(ItemView.asView(name: "shop.views.item").name == "shop.views.item")
    }

    @Test func setupWithoutRequestThrows() {
        #expect(throws: ImproperlyConfigured.self) { try ForgetfulView.asView()(ViewRequests.make("GET")) }
    }
}
