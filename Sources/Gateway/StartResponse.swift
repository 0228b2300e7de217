/// One response header as the application hands it to `start_response`: a name and a native-string value.
public typealias ResponseHeader = (name: String, value: String)

/// The `start_response` callable a server passes to the application.
///
/// Call it once with a status such as `"200 OK"` and the headers, before the body is iterated.
/// A second call is allowed only with `excInfo`, to replace a response whose headers have not been
/// sent yet; if they have, the error is rethrown, as PEP 3333 asks.
public struct StartResponse: Sendable {
    private let body: @Sendable (String, [ResponseHeader], (any Error)?) throws -> Write

    public init(_ body: @escaping @Sendable (String, [ResponseHeader], (any Error)?) throws -> Write) {
        self.body = body
    }

    @discardableResult
    public func callAsFunction(_ status: String, _ headers: [ResponseHeader], excInfo: (any Error)? = nil) throws -> Write {
        try body(status, headers, excInfo)
    }
}

/// The legacy `write` callable `start_response` returns: bytes written before any body chunk.
public struct Write: Sendable {
    private let body: @Sendable ([UInt8]) throws -> Void
    public init(_ body: @escaping @Sendable ([UInt8]) throws -> Void) { self.body = body }
    public func callAsFunction(_ bytes: [UInt8]) throws { try body(bytes) }
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
