import Foundation
import Synchronization

/// A path converter: what `<int:question_id>` means. It says which characters its part of the
/// URL may hold (as a regular expression, Django's `regex`), turns the matched text into a value
/// for the view (`to_python`) and a value back into URL text for `reverse` (`to_url`).
public protocol PathConverter: Sendable {
    var regex: String { get }
    /// Throws (or returns nil) when the text is not a value: the pattern then does not match.
    func toValue(_ text: String) -> PathValue?
    func toURL(_ value: PathValue) -> String?
    /// For built-in converters: a byte test that decides the same as `regex`, so matching needs
    /// no regular expression; nil for converters that only have `regex`.
    var byteClass: (@Sendable (UInt8) -> Bool)? { get }
}

extension PathConverter {
    public var byteClass: (@Sendable (UInt8) -> Bool)? { nil }
}

/// `<int:…>`: `[0-9]+`, an Int.
public struct IntConverter: PathConverter {
    public init() {}
    public var regex: String { "[0-9]+" }
    public func toValue(_ text: String) -> PathValue? { Int(text).map(PathValue.int) }
    public func toURL(_ value: PathValue) -> String? {
        switch value {
        case .int(let number) where number >= 0: String(number)
        case .string(let text) where !text.isEmpty && text.allSatisfy(\.isASCIIDigit): text
        default: nil
        }
    }
    public var byteClass: (@Sendable (UInt8) -> Bool)? { { (0x30...0x39).contains($0) } }
}

/// `<str:…>` and `<…>`: any non-empty text without "/".
public struct StringConverter: PathConverter {
    public init() {}
    public var regex: String { "[^/]+" }
    public func toValue(_ text: String) -> PathValue? { .string(text) }
    public func toURL(_ value: PathValue) -> String? { value.description }
    public var byteClass: (@Sendable (UInt8) -> Bool)? { { $0 != UInt8(ascii: "/") } }
}

/// `<slug:…>`: ASCII letters, digits, hyphens and underscores.
public struct SlugConverter: PathConverter {
    public init() {}
    public var regex: String { "[-a-zA-Z0-9_]+" }
    public func toValue(_ text: String) -> PathValue? { .string(text) }
    public func toURL(_ value: PathValue) -> String? { value.description }
    public var byteClass: (@Sendable (UInt8) -> Bool)? {
        { b in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F }
    }
}

/// `<uuid:…>`: a lowercase, dashed UUID, as a UUID.
public struct UUIDConverter: PathConverter {
    public init() {}
    public var regex: String { "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" }
    public func toValue(_ text: String) -> PathValue? {
        let dashes = text.enumerated().filter { $0.element == "-" }.map(\.offset)
        guard text.count == 36, dashes == [8, 13, 18, 23], text == text.lowercased(), let uuid = UUID(uuidString: text) else { return nil }
        return .uuid(uuid)
    }
    public func toURL(_ value: PathValue) -> String? { value.uuid.map { $0.uuidString.lowercased() } ?? toValue(value.description).map(\.description) }
    public var byteClass: (@Sendable (UInt8) -> Bool)? { { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || $0 == 0x2D } }
}

/// `<path:…>`: any non-empty text, "/" included.
public struct PathSegmentsConverter: PathConverter {
    public init() {}
    public var regex: String { ".+" }
    public func toValue(_ text: String) -> PathValue? { .string(text) }
    public func toURL(_ value: PathValue) -> String? { value.description }
    public var byteClass: (@Sendable (UInt8) -> Bool)? { { _ in true } }
}

/// The converters `path()` knows by name: the five of Django and those registered with
/// `register` (Django's `register_converter`). Thread-safe; usually filled at start-up.
public enum PathConverters {
    private static let registry = Mutex<[String: any PathConverter]>([
        "int": IntConverter(), "str": StringConverter(), "slug": SlugConverter(),
        "uuid": UUIDConverter(), "path": PathSegmentsConverter(),
    ])

    public static func register(_ converter: any PathConverter, name: String) {
        registry.withLock { $0[name] = converter }
    }

    public static func named(_ name: String) -> (any PathConverter)? {
        registry.withLock { $0[name] }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
