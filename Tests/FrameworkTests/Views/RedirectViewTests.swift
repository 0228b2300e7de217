import Foundation
import Testing
@testable import Framework

/// Overrides `redirectURL` as Django's subclasses override `get_redirect_url`.
private final class ArticleRedirect: RedirectView {
    override func redirectURL(_ arguments: ViewArguments) throws -> String? {
        guard let id = arguments["id"]?.int, id > 0 else { return nil }
        return "/articles/\(id)/"
    }
}

@Suite("RedirectView")
struct RedirectViewTests {
    @Test func noURLIsGone() throws {
        let response = try RedirectView.asView()(ViewRequests.make("GET"))
        #expect(response.statusCode == 410)
        #expect(response.reasonPhrase == "Gone")
    }

    @Test func emptyURLIsGone() throws {
        let response = try RedirectView.asView { $0.url = "" }(ViewRequests.make("GET"))
        #expect(response.statusCode == 410)
    }

    @Test func temporaryByDefault() throws {
        let response = try RedirectView.asView { $0.url = "/bar/" }(ViewRequests.make("GET"))
        #expect(response.statusCode == 302)
        #expect(response["Location"] == "/bar/")
        #expect(response is HTTPResponseRedirect)
    }

    @Test func permanent() throws {
        let response = try RedirectView.asView { $0.url = "/bar/"; $0.permanent = true }(ViewRequests.make("GET"))
        #expect(response.statusCode == 301)
        #expect(response["Location"] == "/bar/")
        #expect(response is HTTPResponsePermanentRedirect)
    }

    @Test func queryStringKeptOnlyWhenAsked() throws {
        let request = { ViewRequests.make("GET", "/foo/", query: "pork=spam") }
        let dropped = try RedirectView.asView { $0.url = "/bar/" }(request())
        #expect(dropped["Location"] == "/bar/")
        let kept = try RedirectView.asView { $0.url = "/bar/"; $0.queryString = true }(request())
        #expect(kept["Location"] == "/bar/?pork=spam")
        let empty = try RedirectView.asView { $0.url = "/bar/"; $0.queryString = true }(ViewRequests.make("GET"))
        #expect(empty["Location"] == "/bar/")
    }

    @Test func namedArgumentsInterpolated() throws {
        let view = RedirectView.asView { $0.url = "/bar/%(pk)d/%(slug)s/?discount=10%%" }
        let response = try view(ViewRequests.make("GET"), ViewArguments(named: ["pk": .int(1), "slug": .string("shoes")]))
        #expect(response["Location"] == "/bar/1/shoes/?discount=10%")
    }

    @Test func badTemplatesThrow() {
        let request = ViewRequests.make("GET")
        #expect(throws: RedirectView.URLFormatError.self) {
            try RedirectView.asView { $0.url = "/bar/%(missing)s/" }(request)
        }
        #expect(throws: RedirectView.URLFormatError.self) {
            try RedirectView.asView { $0.url = "/bar/%20/" }(request)
        }
        #expect(throws: RedirectView.URLFormatError.self) {
            try RedirectView.asView { $0.url = "/bar/%(pk)d/" }(request, ViewArguments(named: ["pk": .string("x")]))
        }
    }

    @Test(arguments: ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"])
    func everyDefinedMethodRedirects(method: String) throws {
        let response = try RedirectView.asView { $0.url = "/bar/" }(ViewRequests.make(method))
        #expect(response.statusCode == 302)
        #expect(response["Location"] == "/bar/")
    }

    @Test func traceIsNotAllowed() throws {
        let response = try RedirectView.asView { $0.url = "/bar/" }(ViewRequests.make("TRACE"))
        #expect(response.statusCode == 405)
        #expect(response["Allow"] == "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS")
    }

    @Test func closureURL() throws {
        let view = RedirectView.asView { view in
            view.makeURL = { arguments in arguments["slug"].map { "/tags/\($0)/" } }
            view.queryString = true
        }
        let found = try view(ViewRequests.make("GET", query: "page=2"), ViewArguments(named: ["slug": .string("swift")]))
        #expect(found["Location"] == "/tags/swift/?page=2")
        #expect(try view(ViewRequests.make("GET")).statusCode == 410)
    }

    @Test func subclassOverridesRedirectURL() throws {
        let view = ArticleRedirect.asView { $0.permanent = true }
        let moved = try view(ViewRequests.make("GET"), ViewArguments(named: ["id": .int(4)]))
        #expect(moved.statusCode == 301)
        #expect(moved["Location"] == "/articles/4/")
        #expect(try view(ViewRequests.make("GET"), ViewArguments(named: ["id": .int(0)])).statusCode == 410)
    }

    @Test func unsafeSchemeIsRefused() {
        #expect(throws: DisallowedRedirect.self) {
            try RedirectView.asView { $0.url = "javascript:alert(1)" }(ViewRequests.make("GET"))
        }
    }
}
