import Foundation
import Gateway
import Templates

extension HTTPRequest: TemplateLookup {
    /// What templates see of a request: `request.path`, `request.method`, `request.GET.q`, …
    public func templateValue(forKey key: String) -> Any? {
        switch key {
        case "path": path
        case "path_info": pathInfo
        case "method": method
        case "scheme": scheme
        case "GET": (try? GET()).map(QueryDictLookup.init)
        case "POST": (try? POST()).map(QueryDictLookup.init)
        case "COOKIES": COOKIES
        case "META": META
        case "is_secure": isSecure
        case "get_full_path": getFullPath()
        case "resolver_match": resolverMatch.map { ["url_name": $0.urlName as Any, "view_name": $0.viewName, "route": $0.route, "namespace": $0.namespace] as [String: Any] }
        default: attributes[key]
        }
    }
}

/// A QueryDict as templates see it: `GET.q` is the last value, as in Django.
struct QueryDictLookup: TemplateLookup, CustomStringConvertible {
    let dict: QueryDict
    init(_ dict: QueryDict) { self.dict = dict }
    func templateValue(forKey key: String) -> Any? { dict[key] }
    var description: String { dict.description }
}

extension HTTPRequest {
    /// The context processors' values for a template rendered for this request, which go a
    /// level under the view's (Django's RequestContext): a later processor's over an earlier
    /// one's. `ran` is told each processor's name (for the trace). The built-in `request`
    /// processor's value comes apart, as `request` (set when its "request" is the one that
    /// stands), for a slot of that level: no dictionary is made for it.
    func processorValues(_ ran: ((String) -> Void)?) -> (values: [String: Any], request: HTTPRequest?) {
        guard let reference = siteReference else { return ([:], nil) }
        if reference.onlyRequestProcessors {
            // Only `request` processors (the default list): no values but the request's slot.
            if let ran { for found in reference.contextProcessors { ran(found.name) } }
            return ([:], reference.contextProcessors.isEmpty ? nil : self)
        }
        var merged: [String: Any]?
        var addsRequest = false
        for (name, processor, isRequest) in reference.contextProcessors {
            if isRequest {
                ran?(name)
                addsRequest = true
                merged?.removeValue(forKey: "request")
                continue
            }
            let output = processor(self)
            ran?(name)
            // A later processor's "request" stands over the request processor's.
            if addsRequest, output["request"] != nil { addsRequest = false }
            if merged == nil { merged = output } else { merged!.merge(output) { _, later in later } }
        }
        return (merged ?? [:], addsRequest ? self : nil)
    }

    /// The slots of the processors' level for `processorValues`'s request.
    static func processorSlots(_ request: HTTPRequest?) -> (names: [String], values: [Any])? {
        request.map { (requestSlotNames, [$0]) }
    }

    /// The name of the `request` processor's slot (made once).
    private static let requestSlotNames = ["request"]

    /// The `{% url %}` reverser of a render for this request, set on the context itself (not
    /// looked up and cast per tag); nil when the view's values bring their own under
    /// `URLTag.reverserKey`, which the tag then finds as before.
    func templateReverser(_ values: [String: Any]) -> RequestURLReverser? {
        // (A view's few values are searched by comparing names rather than hashing this one.)
        if values.count <= 8 ? values.keys.contains(where: { $0 == URLTag.reverserKey }) : values[URLTag.reverserKey] != nil { return nil }
        // ResolverMatch.namespace (joined once, when the URLconf was laid out).
        let currentApp = resolverMatch?.namespace
        // No script name: the site's reverser for the current app, made once (see SiteReference).
        if scriptName.isEmpty, let shared = siteReference?.rootReverser(currentApp: currentApp) { return shared }
        // The script prefix and current app are worked out once per render, not per `{% url %}`.
        var prefix = scriptName
        if prefix.isEmpty {
            prefix = "/"
        } else {
            while prefix.hasSuffix("/") { prefix.removeLast() }
            prefix += "/"
        }
        return RequestURLReverser(urls: urls, scriptPrefix: prefix, currentApp: currentApp)
    }
}

/// What `{% url %}` reverses with in a render for a request: the site's URLconf, the request's
/// script prefix and current app. Immutable: renders of requests with no script name share
/// their site's, one per current app (see `SiteReference.rootReverser`); others get their own.
final class RequestURLReverser: TemplateURLReverser, Sendable {
    /// The URLconf; nil when the request came through no handler.
    let urls: URLResolver?
    let scriptPrefix: String
    let currentApp: String?
    /// The resolver's reverse cache, unretained (`urls` keeps it alive): a tag whose plan it
    /// found last reverses through it with no copy of the resolver and no reference counting.
    let reverseCache: Unmanaged<ReverseCache>?

    init(urls: URLResolver?, scriptPrefix: String, currentApp: String?) {
        self.urls = urls
        self.scriptPrefix = scriptPrefix
        self.currentApp = currentApp
        reverseCache = urls.map { Unmanaged.passUnretained($0.reverseCache) }
    }

    func reverse(_ name: String, args: [Any], kwargs: [String: Any]) throws -> String {
        guard let urls else { throw NoReverseMatch(message: "no URLconf") }
        return try urls.reverse(name, args: args.map(PathValue.from), kwargs: kwargs.isEmpty ? [:] : kwargs.mapValues(PathValue.from),
                                currentApp: currentApp, scriptPrefix: scriptPrefix)
    }

    func reverse(_ name: String, argument: Any, into output: inout RenderBuffer, escaping: Bool) throws {
        // As below, the path's bytes written into the page with no String made of them.
        if let number = Templates.Value.exactInt(argument),
           reverseCache?._withUnsafeGuaranteedRef({ cache in
               cache.withLastPositional(viewName: name, currentApp: currentApp, { positional in
                   ReversePlan.withPath(positional, int: number, scriptPrefix: scriptPrefix, { output.append(utf8: $0, escaping: escaping) })
               })
           }) != nil {
            return
        }
        let url = try reverse(name, argument: argument)
        if escaping { output.appendEscaped(url) } else { output.append(url) }
    }

    func reverse(_ name: String, argument: Any) throws -> String {
        // One Int (`question.id`) for the plan found last: the path written straight from it.
        // (Anything else, or no path, takes the general way, which decides and reports.)
        if let number = Templates.Value.exactInt(argument),
           let built = reverseCache?._withUnsafeGuaranteedRef({ cache in
               cache.withLastPositional(viewName: name, currentApp: currentApp, { positional in
                   ReversePlan.build(positional, int: number, scriptPrefix: scriptPrefix)
               })
           }) {
            return built
        }
        guard let urls else { throw NoReverseMatch(message: "no URLconf") }
        return try urls.reverse(name, args: [PathValue.from(argument)], currentApp: currentApp, scriptPrefix: scriptPrefix)
    }
}

extension PathValue {
    /// A template value as a URL argument: integers stay integers, the rest is text.
    static func from(_ value: Any) -> PathValue {
        if let int = Templates.Value.exactInt(value) ?? value as? Int { return .int(int) }
        if let uuid = value as? UUID { return .uuid(uuid) }
        return .string(Templates.Value.string(value))
    }
}

/// `django.shortcuts.render`: the template rendered with the request's context, as a response.
public func render(_ request: HTTPRequest, _ templateName: String, _ context: [String: Any] = [:],
                   status: Int = 200, contentType: String? = nil) throws -> HTTPResponse {
    HTTPResponse(try renderBytes(templateName, context, request: request), status: status, contentType: contentType)
}

/// `render_to_string`: traced as `template_rendered` with its time and the context processors.
public func renderToString(_ templateName: String, _ context: [String: Any] = [:], request: HTTPRequest) throws -> String {
    String(decoding: try renderBytes(templateName, context, request: request), as: UTF8.self)
}

/// `renderToString` as UTF-8 (what a response's body holds, with no String made on the way).
func renderBytes(_ templateName: String, _ context: [String: Any], request: HTTPRequest) throws -> [UInt8] {
    guard let engine = request.siteReference?.site.templates else {
        throw ImproperlyConfigured("No template engine: the request did not come through a site's handler")
    }
    guard let trace = request.trace else {
        if let reference = request.siteReference, reference.onlyRequestProcessors {
            // Only `request` processors (the default list): the request in its slot, no values.
            return try engine.getTemplate(templateName).renderBytes(context, slots: HTTPRequest.processorSlots(reference.contextProcessors.isEmpty ? nil : request),
                                                                    urlReverser: request.templateReverser(context))
        }
        let defaults = request.processorValues(nil)
        return try engine.getTemplate(templateName).renderBytes(context, beneath: defaults.values, slots: HTTPRequest.processorSlots(defaults.request),
                                                                urlReverser: request.templateReverser(context))
    }
    let start = ContinuousClock.now
    var processors: [String] = []
    let defaults = request.processorValues { processors.append($0) }
    let bytes = try engine.getTemplate(templateName).renderBytes(context, beneath: defaults.values, slots: HTTPRequest.processorSlots(defaults.request),
                                                                 urlReverser: request.templateReverser(context))
    trace.record("template", templateName,
                 "rendered \(bytes.count) bytes" + (processors.isEmpty ? "" : "; context processors: " + processors.joined(separator: ", ")),
                 duration: ContinuousClock.now - start)
    return bytes
}
