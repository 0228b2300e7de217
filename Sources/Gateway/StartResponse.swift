/// One response header as the application hands it to `start_response`: a name and a native-string value.
public typealias ResponseHeader = (name: String, value: String)

/// The `start_response` callable a server passes to the application.
///
/// Call it once with a status such as `"200 OK"` and the headers, before the body is iterated.
/// A second call is allowed only with `excInfo`, to replace a response whose headers have not been
/// sent yet; if they have, the error is rethrown, as PEP 3333 asks.
public struct StartResponse: Sendable {
    private let body: (@Sendable (String, [ResponseHeader], (any Error)?) throws -> Write)?
    private let target: (any StartResponseTarget)?

    public init(_ body: @escaping @Sendable (String, [ResponseHeader], (any Error)?) throws -> Write) {
        self.body = body
        target = nil
    }

    /// `start_response` answered by `target`, whose `write` is the `write` callable it returns:
    /// a server's one object per request, with no closures made for either.
    public init(target: any StartResponseTarget) {
        body = nil
        self.target = target
    }

    @discardableResult
    public func callAsFunction(_ status: String, _ headers: [ResponseHeader], excInfo: (any Error)? = nil) throws -> Write {
        if let target {
            try target.startResponse(status, headers, excInfo: excInfo)
            return Write(target: target)
        }
        return try body.unsafelyUnwrapped(status, headers, excInfo)
    }
}

/// A server's side of `start_response` and of the `write` callable it returns, as one object
/// (see `StartResponse.init(target:)`).
public protocol StartResponseTarget: AnyObject, Sendable {
    /// Records the status and headers (PEP 3333's rules are the target's to enforce).
    func startResponse(_ status: String, _ headers: [ResponseHeader], excInfo: (any Error)?) throws
    /// The legacy `write`: bytes before any body chunk.
    func write(_ bytes: [UInt8]) throws
}

/// The legacy `write` callable `start_response` returns: bytes written before any body chunk.
public struct Write: Sendable {
    private let body: (@Sendable ([UInt8]) throws -> Void)?
    private let target: (any StartResponseTarget)?
    public init(_ body: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.body = body
        target = nil
    }
    init(target: any StartResponseTarget) {
        body = nil
        self.target = target
    }
    public func callAsFunction(_ bytes: [UInt8]) throws {
        if let target { try target.write(bytes) } else { try body.unsafelyUnwrapped(bytes) }
    }
}

/// What a server or the gateway reports when the application breaks the calling convention.
public enum GatewayError: Error, Equatable, CustomStringConvertible {
    case startResponseCalledTwice
    case startResponseNotCalled
    case writeBeforeStartResponse

    public var description: String {
        switch self {
        case .startResponseCalledTwice:
            "start_response was called a second time without exc_info"
        case .startResponseNotCalled:
            "the body was iterated (or ended) before start_response was called"
        case .writeBeforeStartResponse:
            "write() was called before start_response"
        }
    }
}
