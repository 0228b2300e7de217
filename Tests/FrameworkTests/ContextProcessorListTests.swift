@testable import Framework
import Testing

/// The processors found for TEMPLATES' list of names are found again for the same list, and
/// found anew for another list or after a registration.
@Suite("Context processors resolved by list")
struct ContextProcessorListTests {
    @Test func sameListOtherListAndRegistration() {
        var registry = ContextProcessorRegistry()
        registry.register("a") { _ in ["x": 1] }
        let names = ["a", "missing", "b"]
        #expect(registry.processors(named: names).map(\.name) == ["a"])
        #expect(registry.processors(named: names).map(\.name) == ["a"])
        registry.register("b") { _ in ["y": 2] }
        #expect(registry.processors(named: names).map(\.name) == ["a", "b"])
        #expect(registry.processors(named: ["b"]).map(\.name) == ["b"])
        #expect(registry.processors(named: names).map(\.name) == ["a", "b"])
        let copy = registry
        registry.register("missing") { _ in [:] }
        #expect(registry.processors(named: names).map(\.name) == ["a", "missing", "b"])
        #expect(copy.processors(named: names).map(\.name) == ["a", "b"])
    }
}
