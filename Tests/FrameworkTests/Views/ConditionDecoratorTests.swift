import Foundation
import Testing
@testable import Framework

/// Django's tests/conditional_processing, on views decorated as its views.py decorates them.
@Suite("condition, etag and last_modified")
struct ConditionDecoratorTests {
    static let fullResponse = "Test conditional get response"
    static let lastModified = Date(timeIntervalSince1970: 1_193_008_907)  // 2007-10-21 23:21:47 UTC
    static let lastModifiedString = "Sun, 21 Oct 2007 23:21:47 GMT"
    static let lastModifiedNewerString = "Mon, 18 Oct 2010 16:56:23 GMT"
    static let lastModifiedInvalidString = "Mon, 32 Oct 2010 16:56:23 GMT"
    static let expiredLastModifiedString = "Sat, 20 Oct 2007 23:21:47 GMT"
    static let etag = "\"b4246ffc4f62314ca13147c9d4f76974\""
    static let weakETag = "W/\"b4246ffc4f62314ca13147c9d4f76974\""
    static let expiredETag = "\"7fae4cd4b0f81e7d2914700043aa8ed6\""

    static let body = View("conditional_processing.views.index") { _, _ in HTTPResponse(fullResponse) }
    static let index = condition(etag: { _, _ in etag }, lastModified: { _, _ in lastModified }, body)
    static let lastModifiedView1 = condition(lastModified: { _, _ in lastModified }, body)
    static let lastModifiedView2 = Framework.lastModified({ _, _ in lastModified }, body)
    static let etagView1 = condition(etag: { _, _ in etag }, body)
    static let etagView2 = Framework.etag({ _, _ in etag }, body)
    static let unquotedETagView = Framework.etag({ _, _ in "b4246ffc4f62314ca13147c9d4f76974" }, body)
    static let weakETagView = Framework.etag({ _, _ in weakETag }, body)
    static let noETagView = Framework.etag({ _, _ in nil }, body)

    static func get(_ view: View, _ method: String, _ headers: [(String, String)]) throws -> HTTPResponseBase {
        try view(ViewRequests.make(method, "/condition/", headers))
    }

    static func get(_ view: View, _ headers: [(String, String)]) throws -> HTTPResponseBase {
        try get(view, "GET", headers)
    }

    static func expectFull(_ response: HTTPResponseBase, lastModified: Bool = true, etag: Bool = true) {
        #expect(response.statusCode == 200)
        #expect(ViewRequests.text(response) == fullResponse)
        if lastModified { #expect(response["Last-Modified"] == lastModifiedString) }
        if etag { #expect(response["ETag"] == Self.etag) }
    }

    static func expectNotModified(_ response: HTTPResponseBase) {
        #expect(response.statusCode == 304)
        #expect(ViewRequests.text(response) == "")
        #expect(response["Content-Type"] == nil)
    }

    @Test func withoutConditions() throws {
        Self.expectFull(try Self.get(Self.index, []))
    }

    @Test func ifModifiedSince() throws {
        let header = "HTTP_IF_MODIFIED_SINCE"
        Self.expectNotModified(try Self.get(Self.index, [(header, Self.lastModifiedString)]))
        Self.expectNotModified(try Self.get(Self.index, [(header, Self.lastModifiedNewerString)]))
        Self.expectFull(try Self.get(Self.index, [(header, Self.lastModifiedInvalidString)]))
        Self.expectFull(try Self.get(Self.index, [(header, Self.expiredLastModifiedString)]))
        // An unsafe method is never 304, and gets no validators.
        let put = try Self.get(Self.index, "PUT", [(header, Self.lastModifiedString)])
        #expect(put.statusCode == 200)
        #expect(put["ETag"] == nil)
        #expect(put["Last-Modified"] == nil)
    }

    @Test func notModifiedCarriesValidators() throws {
        let response = try Self.get(Self.index, [("HTTP_IF_MODIFIED_SINCE", Self.lastModifiedString)])
        #expect(response is HTTPResponseNotModified)
        #expect(response["ETag"] == Self.etag)
        #expect(response["Last-Modified"] == Self.lastModifiedString)
    }

    @Test func ifUnmodifiedSince() throws {
        let header = "HTTP_IF_UNMODIFIED_SINCE"
        Self.expectFull(try Self.get(Self.index, [(header, Self.lastModifiedString)]))
        Self.expectFull(try Self.get(Self.index, [(header, Self.lastModifiedNewerString)]))
        Self.expectFull(try Self.get(Self.index, [(header, Self.lastModifiedInvalidString)]))
        let failed = try Self.get(Self.index, [(header, Self.expiredLastModifiedString)])
        #expect(failed.statusCode == 412)
        #expect(failed.reasonPhrase == "Precondition Failed")
    }

    @Test func ifNoneMatch() throws {
        let header = "HTTP_IF_NONE_MATCH"
        Self.expectNotModified(try Self.get(Self.index, [(header, Self.etag)]))
        #expect(try Self.get(Self.index, "PUT", [(header, Self.etag)]).statusCode == 412)
        #expect(try Self.get(Self.index, "DELETE", [(header, Self.etag)]).statusCode == 412)
        Self.expectFull(try Self.get(Self.index, [(header, Self.expiredETag)]))
        Self.expectNotModified(try Self.get(Self.index, [(header, "\(Self.etag), \(Self.expiredETag)")]))
    }

    @Test func weakIfNoneMatch() throws {
        let header = "HTTP_IF_NONE_MATCH"
        Self.expectNotModified(try Self.get(Self.weakETagView, [(header, Self.etag)]))
        #expect(try Self.get(Self.weakETagView, "PUT", [(header, Self.etag)]).statusCode == 412)
        Self.expectNotModified(try Self.get(Self.weakETagView, [(header, Self.weakETag)]))
        #expect(try Self.get(Self.weakETagView, "PUT", [(header, Self.weakETag)]).statusCode == 412)
        Self.expectNotModified(try Self.get(Self.index, [(header, Self.weakETag)]))
        #expect(try Self.get(Self.index, "PUT", [(header, Self.weakETag)]).statusCode == 412)
    }

    @Test func allIfNoneMatch() throws {
        let header = "HTTP_IF_NONE_MATCH"
        Self.expectNotModified(try Self.get(Self.index, [(header, "*")]))
        #expect(try Self.get(Self.index, "PUT", [(header, "*")]).statusCode == 412)
        Self.expectFull(try Self.get(Self.noETagView, [(header, "*")]), lastModified: false, etag: false)
    }

    @Test func ifMatch() throws {
        let header = "HTTP_IF_MATCH"
        let put = try Self.get(Self.index, "PUT", [(header, Self.etag)])
        #expect(put.statusCode == 200)
        #expect(ViewRequests.text(put) == Self.fullResponse)
        #expect(try Self.get(Self.index, "PUT", [(header, Self.expiredETag)]).statusCode == 412)
    }

    @Test func weakIfMatchNeverMatches() throws {
        let header = "HTTP_IF_MATCH"
        #expect(try Self.get(Self.weakETagView, [(header, Self.etag)]).statusCode == 412)
        #expect(try Self.get(Self.weakETagView, [(header, Self.weakETag)]).statusCode == 412)
        #expect(try Self.get(Self.index, [(header, Self.weakETag)]).statusCode == 412)
    }

    @Test func allIfMatch() throws {
        Self.expectFull(try Self.get(Self.index, [("HTTP_IF_MATCH", "*")]))
        #expect(try Self.get(Self.noETagView, [("HTTP_IF_MATCH", "*")]).statusCode == 412)
    }

    @Test func ifNoneMatchBeatsIfModifiedSince() throws {
        let (ims, inm) = ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_NONE_MATCH")
        Self.expectNotModified(try Self.get(Self.index, [(ims, Self.lastModifiedString), (inm, Self.etag)]))
        Self.expectNotModified(try Self.get(Self.index, [(ims, Self.expiredLastModifiedString), (inm, Self.etag)]))
        Self.expectFull(try Self.get(Self.index, [(ims, Self.lastModifiedString), (inm, Self.expiredETag)]))
        Self.expectFull(try Self.get(Self.index, [(ims, Self.expiredLastModifiedString), (inm, Self.expiredETag)]))
    }

    @Test func ifMatchBeatsIfUnmodifiedSince() throws {
        let (ius, im) = ("HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_MATCH")
        Self.expectFull(try Self.get(Self.index, [(ius, Self.lastModifiedString), (im, Self.etag)]))
        Self.expectFull(try Self.get(Self.index, [(ius, Self.expiredLastModifiedString), (im, Self.etag)]))
        #expect(try Self.get(Self.index, [(ius, Self.expiredLastModifiedString), (im, Self.expiredETag)]).statusCode == 412)
        #expect(try Self.get(Self.index, [(ius, Self.lastModifiedString), (im, Self.expiredETag)]).statusCode == 412)
    }

    @Test func singleConditions() throws {
        let ims = [("HTTP_IF_MODIFIED_SINCE", Self.lastModifiedString)]
        let inm = [("HTTP_IF_NONE_MATCH", Self.etag)]
        for view in [Self.lastModifiedView1, Self.lastModifiedView2] {
            Self.expectNotModified(try Self.get(view, ims))
            Self.expectFull(try Self.get(view, inm), etag: false)
            Self.expectFull(try Self.get(view, [("HTTP_IF_MODIFIED_SINCE", Self.expiredLastModifiedString)]), etag: false)
            Self.expectFull(try Self.get(view, [("HTTP_IF_UNMODIFIED_SINCE", Self.lastModifiedString)]), etag: false)
            #expect(try Self.get(view, [("HTTP_IF_UNMODIFIED_SINCE", Self.expiredLastModifiedString)]).statusCode == 412)
        }
        for view in [Self.etagView1, Self.etagView2] {
            Self.expectNotModified(try Self.get(view, inm))
            Self.expectFull(try Self.get(view, ims), lastModified: false)
            Self.expectFull(try Self.get(view, [("HTTP_IF_NONE_MATCH", Self.expiredETag)]), lastModified: false)
            // No modification time: If-Unmodified-Since cannot pass.
            #expect(try Self.get(view, [("HTTP_IF_UNMODIFIED_SINCE", Self.expiredLastModifiedString)]).statusCode == 412)
        }
    }

    @Test func headIsNotModifiedToo() throws {
        Self.expectNotModified(try Self.get(Self.index, "HEAD", [("HTTP_IF_MODIFIED_SINCE", Self.lastModifiedString)]))
    }

    @Test func unquotedETagIsQuoted() throws {
        #expect(try Self.get(Self.unquotedETagView, [])["ETag"] == Self.etag)
        let header = "HTTP_IF_NONE_MATCH"
        Self.expectNotModified(try Self.get(Self.unquotedETagView, [(header, Self.etag)]))
        #expect(try Self.get(Self.unquotedETagView, "PUT", [(header, Self.etag)]).statusCode == 412)
        Self.expectFull(try Self.get(Self.unquotedETagView, [(header, Self.expiredETag)]), lastModified: false)
    }

    @Test func invalidETagIsIgnored() throws {
        Self.expectFull(try Self.get(Self.etagView1, [("HTTP_IF_NONE_MATCH", "\"\"\"")]), lastModified: false)
    }

    @Test func viewValidatorsAreKept() throws {
        let own = View("own") { _, _ in
            HTTPResponse("x", headers: [("ETag", "\"own\""), ("Last-Modified", "Mon, 01 Jan 2001 00:00:00 GMT")])
        }
        let response = try Self.get(condition(etag: { _, _ in "computed" }, lastModified: { _, _ in Self.lastModified }, own), [])
        #expect(response["ETag"] == "\"own\"")
        #expect(response["Last-Modified"] == "Mon, 01 Jan 2001 00:00:00 GMT")
    }

    @Test func fractionalSecondsAreDropped() throws {
        let view = condition(lastModified: { _, _ in Self.lastModified.addingTimeInterval(0.9) }, Self.body)
        #expect(try Self.get(view, [])["Last-Modified"] == Self.lastModifiedString)
        Self.expectNotModified(try Self.get(view, [("HTTP_IF_MODIFIED_SINCE", Self.lastModifiedString)]))
    }

    @Test func functionsSeeTheRequestAndArguments() throws {
        let view = condition(etag: { request, arguments in "\(request.method)-\(arguments["id"]?.description ?? "")" }, Self.body)
        let response = try view(ViewRequests.make("GET"), ViewArguments(named: ["id": .int(5)]))
        #expect(response["ETag"] == "\"GET-5\"")
    }
}
