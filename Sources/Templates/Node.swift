/// A compiled piece of a template. Nodes are immutable once parsed and shared by every render
/// (the compiled-template cache hands them to many threads); per-render state lives in the
/// context's render context.
public protocol Node: AnyObject, Sendable {
    /// The line the node's token started on, for errors.
    var line: Int { get }
    func render(_ context: Context) throws -> String
    /// Node lists inside this node (for finding blocks in `extends`).
    var childNodeLists: [NodeList] { get }
}

extension Node {
    public var childNodeLists: [NodeList] { [] }
}

/// A sequence of nodes rendered one after another.
public struct NodeList: Sendable {
    public var nodes: [any Node]

    public init(_ nodes: [any Node] = []) { self.nodes = nodes }

    public func render(_ context: Context) throws -> String {
        var out = ""
        for node in nodes { out += try node.render(context) }
        return out
    }

    /// Every node of type `T` in this list and the lists inside it.
    public func nodes<T>(ofType type: T.Type) -> [T] {
        nodes.flatMap { node -> [T] in
            (node as? T).map { [$0] } ?? node.childNodeLists.flatMap { $0.nodes(ofType: type) }
        }
    }
}

/// Literal text between tags.
public final class TextNode: Node {
    public let text: String
    public let line: Int
    public init(_ text: String, line: Int) {
        self.text = text
        self.line = line
    }
    public func render(_ context: Context) throws -> String { text }
}

/// `{{ expression }}`: the value, escaped when autoescape is on and it is not safe.
public final class VariableNode: Node {
    public let expression: FilterExpression
    public let line: Int
    public init(_ expression: FilterExpression, line: Int) {
        self.expression = expression
        self.line = line
    }
    public func render(_ context: Context) throws -> String {
        Rendering.valueInContext(try expression.resolve(context), context)
    }
}

/// How values become output (Django's `render_value_in_context` and `conditional_escape`).
public enum Rendering {
    public static func valueInContext(_ value: Any?, _ context: Context) -> String {
        let value = Value.unwrap(value)
        if let safe = value as? SafeString { return safe.value }
        if let value, !Value.isPlain(value), let html = value as? HTMLConvertible { return html.html }
        let text = Value.string(value)
        return context.autoescape ? escape(text) : text
    }

    /// Django's `escape`: &, <, >, " and ' as entities.
    public static func escape(_ text: String) -> String {
        func special(_ byte: UInt8) -> Bool {
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
        }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#x27;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `conditional_escape`: safe values as they are, the rest escaped, the result safe.
    public static func conditionalEscape(_ value: Any?) -> SafeString {
        if let safe = Value.unwrap(value) as? SafeString { return safe }
        if let value = Value.unwrap(value), !Value.isPlain(value), let html = value as? HTMLConvertible { return SafeString(html.html) }
        return SafeString(escape(Value.string(value)))
    }
}

/// A value that renders itself as HTML already safe to output, as Django treats objects with an
/// `__html__` method: autoescaping leaves its `html` alone.
public protocol HTMLConvertible {
    var html: String { get }
}
