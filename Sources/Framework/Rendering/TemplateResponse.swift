import Templates

/// TemplateResponse: a response whose template is rendered late, after the view returns and
/// after template-response middleware have had the chance to change its template or context.
public final class TemplateResponse: HTTPResponse, DeferredRendering {
    public let request: HTTPRequest
    /// The template name (or names, the first that exists wins).
    public var templateNames: [String]
    /// The context data; `process_template_response` may change it before rendering.
    public var contextData: [String: Any]
    public private(set) var isRendered = false

    public init(_ request: HTTPRequest, _ templateName: String, _ context: [String: Any] = [:], status: Int = 200,
                contentType: String? = nil) {
        self.request = request
        templateNames = [templateName]
        contextData = context
        super.init(status: status, contentType: contentType)
    }

    public init(_ request: HTTPRequest, templateNames: [String], _ context: [String: Any] = [:], status: Int = 200) {
        self.request = request
        self.templateNames = templateNames
        contextData = context
        super.init(status: status)
    }

    /// Renders once; later calls return the same response.
    public func render() throws -> HTTPResponseBase {
        guard !isRendered else { return self }
        guard let engine = request.siteReference?.site.templates else {
            throw ImproperlyConfigured("No template engine: the request did not come through a site's handler")
        }
        let template = try engine.selectTemplate(templateNames)
        let name = template.name ?? templateNames.joined(separator: ", ")
        content = try renderBytes(name, contextData, request: request)
        isRendered = true
        return self
    }
}

/// TemplateView: a class-based view that renders `templateName` with `contextData`, the URL's
/// keyword arguments included (Django's `get_context_data(**kwargs)`).
open class TemplateView: ClassBasedView {
    public var request: HTTPRequest?
    public var arguments = ViewArguments()
    open var templateName: String { "" }

    public required init() {}

    /// The context: the URL's keyword arguments and `view`; override to add more.
    open func contextData() -> [String: Any] {
        var data: [String: Any] = ["view": self]
        for (key, value) in arguments.named {
            switch value {
            case .int(let int): data[key] = int
            case .string(let text): data[key] = text
            case .uuid(let uuid): data[key] = uuid
            }
        }
        return data
    }

    open func get(_ request: HTTPRequest, _ arguments: ViewArguments) throws -> HTTPResponseBase {
        guard !templateName.isEmpty else {
            throw ImproperlyConfigured("TemplateResponseMixin requires either a definition of 'template_name' or an implementation of 'get_template_names()'")
        }
        return TemplateResponse(request, templateName, contextData())
    }

    open func handler(for method: String) -> ViewHandler? { method == "get" ? get : nil }
}
