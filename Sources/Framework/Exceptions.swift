/// Http404: the view (or resolver) has nothing here. Becomes a 404 response.
public struct Http404: Error, CustomStringConvertible {
    public var message: String
    /// For a resolver miss: every pattern tried, outermost first, for the technical 404 page.
    public var tried: [[String]]
    /// The path that was looked up, when it was a resolver miss.
    public var path: String?

    public init(_ message: String = "", tried: [[String]] = [], path: String? = nil) {
        self.message = message
        self.tried = tried
        self.path = path
    }

    public var description: String { message.isEmpty ? "Http404" : message }
}

/// PermissionDenied: becomes a 403 response.
public struct PermissionDenied: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String = "") { self.message = message }
    public var description: String { message.isEmpty ? "PermissionDenied" : message }
}

/// BadRequest: the request is malformed in a way the view can tell. Becomes a 400 response.
public struct BadRequest: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String = "") { self.message = message }
    public var description: String { message.isEmpty ? "BadRequest" : message }
}

/// SuspiciousOperation and its family: a request that may be an attack. Becomes a 400 response,
/// logged under `django.security.<name>` as Django does.
public protocol SuspiciousOperation: Error, CustomStringConvertible {
    /// The logger suffix: "DisallowedHost", "RequestDataTooBig", …
    var securityLogger: String { get }
}

/// A Host header not in ALLOWED_HOSTS.
public struct DisallowedHost: SuspiciousOperation {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var securityLogger: String { "DisallowedHost" }
    public var description: String { message }
}

/// DisallowedRedirect: a redirect to an unsafe scheme.
public struct DisallowedRedirect: SuspiciousOperation {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var securityLogger: String { "DisallowedRedirect" }
    public var description: String { message }
}

/// A body over DATA_UPLOAD_MAX_MEMORY_SIZE.
public struct RequestDataTooBig: SuspiciousOperation {
    public var message = "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
    public init() {}
    public var securityLogger: String { "RequestDataTooBig" }
    public var description: String { message }
}

/// More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS.
public struct TooManyFieldsSent: SuspiciousOperation {
    public var message = "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
    public init() {}
    public var securityLogger: String { "TooManyFieldsSent" }
    public var description: String { message }
}

/// More files than DATA_UPLOAD_MAX_NUMBER_FILES.
public struct TooManyFilesSent: SuspiciousOperation {
    public var message = "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES."
    public init() {}
    public var securityLogger: String { "TooManyFilesSent" }
    public var description: String { message }
}

/// A malformed multipart body.
public struct MultiPartParserError: SuspiciousOperation {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var securityLogger: String { "MultiPartParserError" }
    public var description: String { message }
}

/// Thrown by a middleware factory to take itself out of the chain, as in Django.
public struct MiddlewareNotUsed: Error {
    public var reason: String
    public init(_ reason: String = "") { self.reason = reason }
}

/// Settings or code that cannot work together.
public struct ImproperlyConfigured: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
