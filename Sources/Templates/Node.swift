/// A compiled piece of a template. Nodes are immutable once parsed and shared by every render
/// (the compiled-template cache hands them to many threads); per-render state lives in the
/// context's render context.
public protocol Node: AnyObject, Sendable {
    /// The line the node's token started on, for errors.
    var line: Int { get }
    func render(_ context: Context) throws -> String
    /// Renders onto the end of `output`: what node lists call, so a page is built in one
    /// buffer. Nodes on the hot path (text, variables, `for`, `if`, `cycle`) implement it;
    /// the others get it from `render(_:)`.
    func render(_ context: Context, into output: inout RenderBuffer) throws
    /// Node lists inside this node (for finding blocks in `extends`).
    var childNodeLists: [NodeList] { get }
}

extension Node {
    public var childNodeLists: [NodeList] { [] }
    public func render(_ context: Context, into output: inout RenderBuffer) throws { output.append(try render(context)) }

    /// Renders onto the end of a String.
    public func render(_ context: Context, into output: inout String) throws {
        var buffer = RenderBuffer()
        try render(context, into: &buffer)
        output += buffer.string
    }
}

/// A sequence of nodes rendered one after another.
public struct NodeList: Sendable {
    public var nodes: [any Node] {
        didSet { steps = nodes.map(NodeStep.init) }
    }
    /// The nodes again, as a render calls them: the common kinds through unmanaged references
    /// (what `nodes` holds keeps them alive), so calling one costs no retain and release.
    private var steps: [NodeStep]

    public init(_ nodes: [any Node] = []) {
        self.nodes = nodes
        steps = nodes.map(NodeStep.init)
    }

    public func render(_ context: Context) throws -> String {
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }

    public func render(_ context: Context, into output: inout String) throws {
        var buffer = RenderBuffer()
        try render(context, into: &buffer)
        output += buffer.string
    }

    public func render(_ context: Context, into output: inout RenderBuffer) throws {
        var index = 0
        while index < steps.count {
            switch steps[index] {
            case .text(let bytes): output.append(bytes: bytes)
            case .variable(let node): try node._withUnsafeGuaranteedRef { try $0.render(context, into: &output) }
            case .cycle(let node): try node._withUnsafeGuaranteedRef { try $0.render(context, into: &output) }
            case .loneIf(let node): try node._withUnsafeGuaranteedRef { try $0.render(context, into: &output) }
            case .loop(let node): try node._withUnsafeGuaranteedRef { try $0.render(context, into: &output) }
            case .url(let node): try node._withUnsafeGuaranteedRef { try $0.render(context, into: &output) }
            case .other(let node): try node.render(context, into: &output)
            }
            index += 1
        }
    }

    /// Every node of type `T` in this list and the lists inside it.
    public func nodes<T>(ofType type: T.Type) -> [T] {
        nodes.flatMap { node -> [T] in
            (node as? T).map { [$0] } ?? node.childNodeLists.flatMap { $0.nodes(ofType: type) }
        }
    }
}

/// How a node list calls one of its nodes.
enum NodeStep: @unchecked Sendable {
    // The references and the text's bytes belong to nodes the list holds, never changed.
    case text(UnsafeBufferPointer<UInt8>)
    case variable(Unmanaged<VariableNode>)
    case cycle(Unmanaged<CycleNode>)
    case loneIf(Unmanaged<LoneIfNode>)
    case loop(Unmanaged<ForNode>)
    case url(Unmanaged<URLNode>)
    case other(any Node)

    init(_ node: any Node) {
        if let text = node as? TextNode {
            self = .text(UnsafeBufferPointer(text.bytes))
        } else if let variable = node as? VariableNode {
            self = .variable(.passUnretained(variable))
        } else if let cycle = node as? CycleNode {
            self = .cycle(.passUnretained(cycle))
        } else if let loneIf = node as? LoneIfNode {
            self = .loneIf(.passUnretained(loneIf))
        } else if let loop = node as? ForNode {
            self = .loop(.passUnretained(loop))
        } else if let url = node as? URLNode {
            self = .url(.passUnretained(url))
        } else {
            self = .other(node)
        }
    }
}

/// Literal text between tags.
public final class TextNode: Node {
    public let text: String
    public let line: Int
    /// The text's UTF-8, appended to a page with one copy: memory of the node's own, which
    /// node lists read in place for as long as they hold the node.
    nonisolated(unsafe) let bytes: UnsafeMutableBufferPointer<UInt8>
    public init(_ text: String, line: Int) {
        self.text = text
        self.line = line
        bytes = .allocate(capacity: text.utf8.count)
        _ = bytes.initialize(from: text.utf8)
    }
    deinit { bytes.deallocate() }
    public func render(_ context: Context) throws -> String { text }
    public func render(_ context: Context, into output: inout RenderBuffer) throws { output.append(bytes: UnsafeBufferPointer(bytes)) }
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
        var out = RenderBuffer()
        try render(context, into: &out)
        return out.string
    }
    public func render(_ context: Context, into output: inout RenderBuffer) throws {
        try expression.render(context, into: &output)
    }
}

/// How values become output (Django's `render_value_in_context` and `conditional_escape`).
public enum Rendering {
    public static func valueInContext(_ value: Any?, _ context: Context) -> String {
        var out = ""
        render(value, context, into: &out)
        return out
    }

    /// `render` of a value that is not wrapped in an Optional (`Value.none` for nil): the
    /// common types are told apart by their metatype, with no copy to unwrap them.
    @inline(__always) static func render(any value: Any, _ context: Context, into output: inout RenderBuffer) {
        let type = ValueKind.dynamicType(value)
        if type == String.self {
            let text = ValueKind.payload(value, as: String.self)
            context.autoescape ? output.appendEscaped(text) : output.append(text)
        } else if type == SafeString.self {
            output.append(ValueKind.payload(value, as: SafeString.self).value)
        } else if type == Int.self {
            output.append(decimal: ValueKind.payload(value, as: Int.self))
        } else {
            var text = ""
            render(MetadataKind.isOptional(type) ? Value.unwrap(value) : value, context, into: &text)
            output.append(text)
        }
    }

    /// `valueInContext` onto the end of `output`, escaping straight into it.
    public static func render(_ value: Any?, _ context: Context, into output: inout String) {
        guard let value = Value.unwrap(value) else { output += "None"; return }
        switch ValueKind(value) {
        case .string: context.autoescape ? escape(ValueKind.payload(value, as: String.self), into: &output) : (output += ValueKind.payload(value, as: String.self))
        case .safe: output += ValueKind.payload(value, as: SafeString.self).value
        case .int: output += String(ValueKind.payload(value, as: Int.self))
        default:
            if case .other = ValueKind(value), let html = value as? HTMLConvertible { output += html.html; return }
            let text = Value.string(value)
            context.autoescape ? escape(text, into: &output) : (output += text)
        }
    }

    /// Django's `escape`: &, <, >, " and ' as entities.
    public static func escape(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable { !$0.contains(where: isSpecial) } ?? !text.utf8.contains(where: isSpecial)
        guard !plain else { return text }
        var out = ""
        escape(text, into: &out)
        return out
    }

    /// `escape` onto the end of `output`: text with nothing to escape is appended whole;
    /// otherwise the escaped bytes are gathered in one buffer and appended at once (each
    /// append to a String costs far more than a byte copy).
    public static func escape(_ text: String, into output: inout String) {
        let escaped: [UInt8]?? = text.utf8.withContiguousStorageIfAvailable { bytes -> [UInt8]? in
            guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 24)
            out.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&#x27;".utf8)
                default: out.append(byte)
                }
            }
            return out
        }
        switch escaped {
        case .some(.none): output += text
        case .some(.some(let bytes)): output += String(decoding: bytes, as: UTF8.self)
        case .none: slowEscape(text, into: &output)
        }
    }

    /// `escape` for text without contiguous UTF-8 (bridged strings).
    private static func slowEscape(_ text: String, into output: inout String) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if isSpecial(byte) {
                if start != index { output += text[start..<index] }
                switch byte {
                case 0x26: output += "&amp;"
                case 0x3C: output += "&lt;"
                case 0x3E: output += "&gt;"
                case 0x22: output += "&quot;"
                default: output += "&#x27;"
                }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start == utf8.startIndex { output += text } else if start != utf8.endIndex { output += text[start...] }
    }

    @inline(__always) private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
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
