/// `django.middleware.clickjacking.XFrameOptionsMiddleware`: X-Frame-Options on every response,
/// from X_FRAME_OPTIONS uppercased, unless the response has the header already or its view was
/// decorated with `xframeOptionsExempt`.
public final class XFrameOptionsMiddleware: MiddlewareMixin {
    public let getResponse: GetResponse
    let settings: Settings
    /// X_FRAME_OPTIONS uppercased, once.
    private let value: String

    public init(settings: Settings, getResponse: @escaping GetResponse) {
        self.settings = settings
        self.getResponse = getResponse
        value = settings.xFrameOptions.uppercased()
    }

    public static let factory: MiddlewareFactory = { settings, getResponse in
        XFrameOptionsMiddleware(settings: settings, getResponse: getResponse)
    }

    public func processResponse(_ request: HTTPRequest, _ response: HTTPResponseBase) throws -> HTTPResponseBase {
        if response.xframeOptionsExempt { return response }
        // One access to the headers: set unless the view set it already.
        response.headers.setDefault("X-Frame-Options", xFrameOptionsValue(request, response))
        return response
    }

    /// `get_xframe_options_value`: the header's value for this response.
    public func xFrameOptionsValue(_ request: HTTPRequest, _ response: HTTPResponseBase) -> String {
        value
    }
}

/// `@xframe_options_exempt`: the view's responses go without X-Frame-Options.
public func xframeOptionsExempt(_ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        response.xframeOptionsExempt = true
        return response
    }
}

/// `@xframe_options_deny`: X-Frame-Options: DENY, unless the view set the header itself.
public func xframeOptionsDeny(_ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        response.headers.setDefault("X-Frame-Options", "DENY")
        return response
    }
}

/// `@xframe_options_sameorigin`: X-Frame-Options: SAMEORIGIN, unless the view set the header itself.
public func xframeOptionsSameOrigin(_ view: View) -> View {
    View(view.name) { request, arguments in
        let response = try view(request, arguments)
        response.headers.setDefault("X-Frame-Options", "SAMEORIGIN")
        return response
    }
}
