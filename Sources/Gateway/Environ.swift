/// The environ a server hands to the application: PEP 3333's dictionary, in Swift.
///
/// CGI variables (`REQUEST_METHOD`, `PATH_INFO`, `HTTP_*`, `RAW_URI`, …) are native strings
/// following WSGI's latin-1 convention: every byte of the wire is one Unicode scalar U+0000–U+00FF.
/// The `wsgi.*` keys are typed properties. Tools (trace, query log, templates used) travel in
/// ``extensions`` under dotted names, as `wsgi.*` keys do in Python.
public struct Environ: Sendable {
    /// One CGI variable. A struct rather than a tuple: arrays of it are created and destroyed
    /// per request, and a nominal type gets specialised value operations.
    public struct Variable: Sendable, Equatable {
        public var key: String
        public var value: String
        @inlinable public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// CGI and HTTP_* variables, in the order the server added them.
    public var variables: [Variable] = []

    /// `wsgi.version`: always (1, 0).
    public var version: (major: Int, minor: Int) = (1, 0)
    /// `wsgi.url_scheme`: "http" or "https".
    public var urlScheme: String = "http"
    /// `wsgi.input`: the request body, and nothing past it.
    public var input: any InputStream
    /// `wsgi.errors`: where the application writes its error output.
    public var errors: any ErrorStream
    /// `wsgi.multithread`: the callable may run on several threads at once.
    public var multithread = false
    /// `wsgi.multiprocess`: the callable may run in several processes at once.
    public var multiprocess = false
    /// `wsgi.run_once`: the process will handle only this request.
    public var runOnce = false
    /// `wsgi.file_wrapper`: offered by servers that can send a file efficiently.
    public var fileWrapper: FileWrapper.Factory?
    /// Extension keys (`shallot.trace`, …): whatever a server or tool adds beside the standard keys.
    public var extensions: [String: any Sendable] = [:]

    public init(input: any InputStream = BytesInput([]), errors: any ErrorStream = StandardErrorStream()) {
        self.input = input
        self.errors = errors
    }

    /// A CGI variable, or nil when it is absent. Setting nil removes it.
    public subscript(key: String) -> String? {
        get {
            // Most keys differ in length: comparing the stored UTF-8 counts first skips the
            // string comparison for nearly every variable (a request looks up a dozen keys).
            let count = key.utf8.count
            for index in variables.indices where variables[index].key.utf8.count == count && variables[index].key == key {
                return variables[index].value
            }
            return nil
        }
        set {
            let index = variables.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (index?, value?): variables[index].value = value
            case let (index?, nil): variables.remove(at: index)
            case let (nil, value?): variables.append(Variable(key, value))
            case (nil, nil): break
            }
        }
    }

    /// Appends a variable the caller knows is not present yet (the fast path for servers).
    @inlinable
    public mutating func append(_ key: String, _ value: String) {
        variables.append(Variable(key, value))
    }

    public var requestMethod: String { self["REQUEST_METHOD"] ?? "" }
    public var scriptName: String { self["SCRIPT_NAME"] ?? "" }
    public var pathInfo: String { self["PATH_INFO"] ?? "" }
    public var queryString: String { self["QUERY_STRING"] ?? "" }

    /// The keys PEP 3333 requires of every environ besides the `wsgi.*` ones.
    public static let requiredVariables = ["REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL"]

    /// Every key with a printable value, CGI variables sorted first, then `wsgi.*`, then extensions;
    /// what `shallot environ` shows.
    public var displayItems: [(key: String, value: String)] {
        var items = variables.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        items.append(("wsgi.version", "(\(version.major), \(version.minor))"))
        items.append(("wsgi.url_scheme", urlScheme))
        items.append(("wsgi.input", input.displayDescription))
        items.append(("wsgi.errors", errors.displayDescription))
        items.append(("wsgi.multithread", multithread ? "True" : "False"))
        items.append(("wsgi.multiprocess", multiprocess ? "True" : "False"))
        items.append(("wsgi.run_once", runOnce ? "True" : "False"))
        items.append(("wsgi.file_wrapper", fileWrapper == nil ? "None" : "<FileWrapper>"))
        for key in extensions.keys.sorted() {
            items.append((key, String(describing: extensions[key]!)))
        }
        return items
    }
}

/// Converts between wire bytes and WSGI's "native strings": each byte is the scalar of the same value.
public enum Latin1 {
    @inlinable
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable({ string(buffer: $0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { string(buffer: $0) }
    }

    /// The native string of raw bytes; ASCII, the common case, decodes without a per-scalar walk.
    public static func string(buffer: UnsafeBufferPointer<UInt8>) -> String {
        if isASCII(buffer) { return String(decoding: buffer, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in buffer { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Whether every byte is below 0x80, eight bytes at a time.
    public static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var i = 0
        while i + 8 <= buffer.count {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < buffer.count {
            if buffer[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The bytes of a native string, or nil if it holds a scalar above U+00FF.
    public static func bytes(_ string: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            out.append(UInt8(scalar.value))
        }
        return out
    }

    public static func isLatin1(_ string: String) -> Bool {
        string.unicodeScalars.allSatisfy { $0.value <= 0xFF }
    }
}
