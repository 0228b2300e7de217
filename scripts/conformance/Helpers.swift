import Synchronization
import Templates

/// Django's test helper classes (tests/template_tests/utils.py) as far as Swift values can be
/// them: attributes and zero-argument methods; a lookup that raises a silent exception in
/// Python is a failed lookup here.
enum Helpers {
    static func make(_ name: String) -> Any? {
        switch name {
        case "SomeClass": return SomeClass()
        case "OtherClass": return OtherClass()
        case "UTF8Class": return Printed(text: "ŠĐĆŽćžšđ")
        case "UnsafeClass": return Printed(text: "you & me")
        case "SafeClass": return SafePrinted(html: "you &gt; me")
        case "TestObj": return TestObj()
        case "SilentGetItemClass", "SilentAttrClass": return Opaque()
        default: return nil
        }
    }

    /// Django's SomeException, whose silent_variable_failure is True.
    struct SomeException: SilentVariableFailure {}

    /// An exception a template does not swallow, by its Python class name.
    struct Raised: Error, CustomStringConvertible {
        let type: String
        var description: String { type }
    }

    /// SomeClass: methods (some raising), a method that needs an argument, another object,
    /// properties that raise, and `__getitem__` keys that raise.
    struct SomeClass: TemplateLookup {
        let method = TemplateCallable { "SomeClass.method" }
        let method2: @Sendable (Any?) -> Any? = { $0 }
        let method3 = TemplateCallable { throw SomeException() }
        let method4 = TemplateCallable { throw Raised(type: "SomeOtherException") }
        let method5 = TemplateCallable { throw Raised(type: "TypeError") }
        let otherclass = OtherClass()
        // Properties run when looked up: a callable is the Swift way to run code then.
        let silent_fail_attribute = TemplateCallable { throw SomeException() }
        let noisy_fail_attribute = TemplateCallable { throw Raised(type: "SomeOtherException") }
        let attribute_error_attribute = TemplateCallable { throw Raised(type: "AttributeError") }
        let type_error_attribute = TemplateCallable { throw Raised(type: "TypeError") }
        func templateValue(forKey key: String) -> Any? {
            switch key {
            case "silent_fail_key": TemplateCallable { throw SomeException() }
            case "noisy_fail_key": TemplateCallable { throw Raised(type: "SomeOtherException") }
            default: nil
            }
        }
    }

    /// OtherClass: one method.
    struct OtherClass {
        let method = TemplateCallable { "OtherClass.method" }
    }

    /// TestObj: is_true and is_false.
    struct TestObj {
        let is_true = TemplateCallable { true }
        let is_false = TemplateCallable { false }
    }

    /// An object whose `str()` is `text` (UTF8Class, UnsafeClass).
    struct Printed: CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    /// SafeClass: its `str()` is safe.
    struct SafePrinted: CustomStringConvertible, HTMLConvertible {
        let html: String
        var description: String { html }
    }

    /// Django's QueryDict: each key with all its values; a lookup gives the last value.
    struct QueryDict: QueryStringSource, TemplateLookup {
        let queryItems: [(String, [String])]
        func templateValue(forKey key: String) -> Any? { queryItems.last { $0.0 == key }?.1.last }
    }

    /// The request of a RequestContext: its query, and the namespace `{% url %}` would use.
    struct Request {
        let GET: QueryDict
        let current_app: String?
        let namespace: String?
    }

    /// An object every lookup on fails.
    struct Opaque {}
}

/// The small Python tag libraries of Django's template tests, in Swift.
enum TestLibraries {
    /// A Python error raised by a test tag (RuntimeError in bad_tag).
    struct PythonError: Error, CustomStringConvertible {
        let type: String
        let message: String
        var description: String { "\(type): \(message)" }
    }

    /// Text a tag renders: the words after its name.
    final class StaticNode: Node {
        let text: String
        let line: Int
        init(_ text: String, line: Int) { (self.text, self.line) = (text, line) }
        func render(_ context: Context) throws -> String { text }
    }

    /// A simple tag returning its one argument, or raising.
    final class EchoNode: Node {
        let argument: FilterExpression?
        let line: Int
        init(_ argument: FilterExpression?, line: Int) { (self.argument, self.line) = (argument, line) }
        func render(_ context: Context) throws -> String {
            guard let argument else { throw PythonError(type: "RuntimeError", message: "I am a bad simpletag") }
            return Rendering.valueInContext(try argument.resolve(context), context)
        }
    }

    /// The one argument of a simple tag.
    static func arguments(_ parser: Parser, _ token: Token) throws -> FilterExpression {
        let bits = token.splitContents()
        guard bits.count == 2 else { throw TemplateSyntaxError("'\(bits[0])' received a wrong number of arguments") }
        return try parser.compileFilter(bits[1])
    }

    /// `minusone` / `minustwo`: the argument less one or two.
    final class MinusNode: Node {
        let argument: FilterExpression
        let amount: Int
        let line: Int
        init(_ argument: FilterExpression, by amount: Int, line: Int) { (self.argument, self.amount, self.line) = (argument, amount, line) }
        func render(_ context: Context) throws -> String {
            Rendering.valueInContext((Value.integer(try argument.resolve(context)) ?? 0) - amount, context)
        }
    }

    /// `counter`: how many times this node rendered before (state on the node, as Django's).
    final class CounterNode: Node {
        let count = Mutex(0)
        let line: Int
        init(line: Int) { self.line = line }
        func render(_ context: Context) throws -> String {
            String(count.withLock { value in defer { value += 1 }; return value })
        }
    }

    /// The library of `module`, or nil for a module not reproduced.
    static func library(module: String) -> Library? {
        var library = Library()
        switch module {
        case "template_tests.templatetags.testtags":
            let echo: TagCompiler = { _, token in StaticNode(token.splitContents().dropFirst().joined(separator: " "), line: token.line) }
            library.registerTag("echo", echo)
            library.registerTag("other_echo", echo)
            library.register(Filter("upper") { value, _, _ in Value.string(value).uppercased() })
        case "template_tests.templatetags.subpackage.echo":
            library.registerTag("echo2") { parser, token in
                EchoNode(try parser.compileFilter(token.splitContents().dropFirst().first ?? "''"), line: token.line)
            }
        case "django.templatetags.static":
            // Django's test settings: STATIC_URL "static/" and MEDIA_URL "media/" under the
            // script prefix "/".
            library = StaticTags.library(staticURL: "/static/", mediaURL: "/media/")
        case "template_tests.templatetags.custom":
            // Only what the portable cases use (PARTLY_KNOWN_LIBRARIES in the extraction script).
            library.register(Filter("noop", argument: .optional) { value, _, _ in value })
            library.registerTag("minusone") { parser, token in MinusNode(try arguments(parser, token), by: 1, line: token.line) }
            library.registerTag("minustwo") { parser, token in MinusNode(try arguments(parser, token), by: 2, line: token.line) }
            library.registerTag("counter") { _, token in CounterNode(line: token.line) }
        case "template_tests.templatetags.bad_tag":
            library.registerTag("badtag") { _, _ in throw PythonError(type: "RuntimeError", message: "I am a bad tag") }
            library.registerTag("badsimpletag") { _, token in EchoNode(nil, line: token.line) }
        default:
            return nil
        }
        return library
    }
}
