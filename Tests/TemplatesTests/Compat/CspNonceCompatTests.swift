import Templates
import Testing

/// Django's syntax_tests/test_csp_nonce_attr (CspNonceTagTests): the nonce attribute from the
/// context's `csp_nonce`.
@Suite("Compat: Django's test_csp_nonce_attr ({% csp_nonce_attr %})")
struct CspNonceCompatTests {
    func render(_ values: [String: Any]) throws -> String {
        try Engine().fromString("<script {% csp_nonce_attr %}></script>").render(values)
    }

    @Test("test_with_nonce_in_context") func withNonce() throws {
        #expect(try render(["csp_nonce": "abc123"]) == "<script nonce=\"abc123\"></script>")
    }

    @Test("test_without_csp_nonce_in_context") func withoutNonce() throws {
        #expect(try render([:]) == "<script ></script>")
    }

    @Test("test_with_csp_nonce_none") func nonceNone() throws {
        #expect(try render(["csp_nonce": Optional<String>.none as Any]) == "<script ></script>")
    }

    @Test("test_nonce_is_escaped") func escaped() throws {
        let result = try render(["csp_nonce": "<script>\""])
        #expect(result.contains("&lt;"))
        #expect(!result.contains("<script>"))
    }
}
