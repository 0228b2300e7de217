import Templates
import Testing

/// Types with registered per-name getters, as the Framework registers models.
protocol Named: SendableMetatype { var name: String { get } }
private struct SiteFirst: Named { let name: String }
private struct SiteSecond: Named { let name: String }
private struct SiteChanging: Named { let name: String }
/// Registered getters, but its own TemplateLookup answers first.
private struct SiteLookup: TemplateLookup {
    func templateValue(forKey key: String) -> Any? { key == "name" ? "from lookup" : nil }
}

/// A reverser object taking the single-argument call and the general one.
private final class RecordingReverser: TemplateURLReverser {
    func reverse(_ name: String, args: [Any], kwargs: [String: Any]) throws -> String {
        guard name == "detail" else { throw NoSuchView() }
        return "/all/\(args.map { Value.string($0) }.joined(separator: ","))/\(kwargs.keys.sorted().joined())"
    }
    func reverse(_ name: String, argument: Any) throws -> String {
        guard name == "detail" else { throw NoSuchView() }
        return "/one/\(Value.string(argument))/"
    }
}
private struct NoSuchView: Error {}

/// A lookup step caches the getter of the first registered type it meets; other types, and
/// every type after a new registration, take the general way.
@Suite("Attribute getters cached per lookup site")
struct AttributeSiteTests {
    init() {
        TemplateAttributes.register(SiteFirst.self) { value, name in name == "name" ? .some((value as! SiteFirst).name + "!") : nil }
        TemplateAttributes.register(SiteFirst.self, fields: Self.getter(SiteFirst.self, "!"))
        TemplateAttributes.register(SiteSecond.self) { value, name in name == "name" ? .some((value as! SiteSecond).name + "?") : nil }
        TemplateAttributes.register(SiteSecond.self, fields: Self.getter(SiteSecond.self, "?"))
        let fromGetter: TemplateAttributes.FieldGetter = { _ in "from getter" }
        TemplateAttributes.register(SiteLookup.self, fields: { _ in fromGetter })
    }

    /// Getters answering `name` (the value's `name` and `suffix`) for values of `type`.
    static func getter<T: Named>(_ type: T.Type, _ suffix: String) -> TemplateAttributes.FieldResolver {
        let get: TemplateAttributes.FieldGetter = { ($0 as! T).name + suffix }
        return { name in name == "name" ? get : nil }
    }

    @Test func anotherTypeAtTheSameSite() throws {
        let template = try TagHarness.engine.fromString("{% for item in items %}{{ item.name }},{% endfor %}")
        #expect(try template.render(["items": [SiteFirst(name: "a"), SiteSecond(name: "b"), SiteFirst(name: "c"), "text"] as [Any]]) == "a!,b?,c!,,")
        #expect(try template.render(["items": [SiteSecond(name: "d"), SiteFirst(name: "e")] as [Any]]) == "d?,e!,")
    }

    @Test func aTemplateLookupAnswersFirst() throws {
        let template = try TagHarness.engine.fromString("{{ x.name }}")
        #expect(try template.render(["x": SiteLookup()]) == "from lookup")
    }

    @Test func aLaterRegistrationIsSeen() throws {
        let template = try TagHarness.engine.fromString("{{ x.name }}")
        TemplateAttributes.register(SiteChanging.self) { value, name in name == "name" ? .some((value as! SiteChanging).name) : nil }
        TemplateAttributes.register(SiteChanging.self, fields: Self.getter(SiteChanging.self, ""))
        #expect(try template.render(["x": SiteChanging(name: "one")]) == "one")
        TemplateAttributes.register(SiteChanging.self) { value, name in name == "name" ? .some((value as! SiteChanging).name + "2") : nil }
        TemplateAttributes.register(SiteChanging.self, fields: Self.getter(SiteChanging.self, "2"))
        #expect(try template.render(["x": SiteChanging(name: "one")]) == "one2")
    }

    @Test func reverserObject() throws {
        let template = try TagHarness.engine.fromString("{% url 'detail' n %}|{% url 'detail' n 2 %}|{% url 'detail' n k=1 %}|{% url 'x' n as u %}[{{ u }}]")
        #expect(try template.render(["n": 7], urlReverser: RecordingReverser()) == "/one/7/|/all/7,2/|/all/7/k|[]")
        #expect(throws: (any Error).self) { try TagHarness.engine.fromString("{% url 'x' 1 %}").render([:], urlReverser: RecordingReverser()) }
    }
}
