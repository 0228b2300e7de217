import Foundation
import Testing
@testable import Framework

@Suite("Shortcuts: redirect, get404")
struct ShortcutsTests {
    @Test func redirectStatuses() throws {
        let temporary = try redirect("/polls/3/")
        #expect(temporary.statusCode == 302)
        #expect(temporary.url == "/polls/3/")
        #expect(temporary is HTTPResponseRedirect)
        let permanent = try redirect("https://example.com/", permanent: true)
        #expect(permanent.statusCode == 301)
        #expect(permanent is HTTPResponsePermanentRedirect)
        #expect(try redirect("../up/", preserveRequest: true).statusCode == 307)
        #expect(try redirect("./here/", permanent: true, preserveRequest: true).statusCode == 308)
    }

    @Test func redirectRefusesUnsafeSchemes() {
        #expect(throws: DisallowedRedirect.self) { try redirect("data:text/html,<script>alert(1)</script>") }
    }

    @Test func get404() throws {
        #expect(try Framework.get404(Optional(5)) == 5)
        let error = #expect(throws: Http404.self) { try Framework.get404(nil as Int?) }
        #expect(error?.message == "No object matches the given query.")
        let named = #expect(throws: Http404.self) { try Framework.get404(nil as String?, "No Question matches the given query.") }
        #expect(named?.message == "No Question matches the given query.")
    }

    @Test func getList404() throws {
        #expect(try Framework.getList404([1, 2]) == [1, 2])
        #expect(throws: Http404.self) { try Framework.getList404([Int]()) }
    }
}
