import Foundation
import Templates

/// Django's `template_tests/urls.py` and enough of `reverse()` for `{% url %}`: named patterns
/// whose groups are filled from positional or keyword arguments, each value checked against its
/// group's regex, the path percent-quoted as Django quotes it.
enum TestURLs {
    enum Part {
        case text(String)
        case group(name: String?, regex: String)
    }

    static let nsPatterns: [(String, [Part])] = [
        ("index", []),
        ("client", [.text("client/"), .group(name: nil, regex: "[0-9,]+"), .text("/")]),
        ("client_action", [.text("client/"), .group(name: "id", regex: "[0-9]+"), .text("/"), .group(name: "action", regex: "[^/]+"), .text("/")]),
        ("client_action", [.text("client/"), .group(name: "client_id", regex: "[0-9]+"), .text("/"), .group(name: "action", regex: "[^/]+"), .text("/")]),
        ("named.client", [.text("named-client/"), .group(name: nil, regex: "[0-9]+"), .text("/")]),
    ]

    static let patterns: [(String, [Part])] = nsPatterns + [
        ("метка_оператора", [.text("Юникод/"), .group(name: nil, regex: "\\w+"), .text("/")]),
        ("метка_оператора_2", [.text("Юникод/"), .group(name: "tag", regex: "\\S+"), .text("/")]),
    ]

    /// The reverser `{% url %}` finds in the context, for a request whose current app (its
    /// `current_app`, else its resolver match's namespace) is `currentApp`: as Framework's
    /// reverser captures its request's. "app" is the application namespace of both includes;
    /// its default instance ("app") is under ns2/, the other ("ns1") under ns1/.
    static func reverser(currentApp: String?) -> URLReverser {
        { name, args, kwargs in try reverse(name, args, kwargs, currentApp: currentApp) }
    }

    static func reverse(_ name: String, _ args: [Any], _ kwargs: [String: Any], currentApp: String?) throws -> String {
        var prefix = "/"
        var candidates = patterns
        var viewName = name
        if let colon = name.firstIndex(of: ":") {
            var namespace = String(name[..<colon])
            viewName = String(name[name.index(after: colon)...])
            if namespace == "app" { namespace = currentApp == "ns1" ? "ns1" : "app" }
            guard namespace == "ns1" || namespace == "app" else {
                throw TestLibraries.PythonError(type: "NoReverseMatch", message: "'\(namespace)' is not a registered namespace")
            }
            prefix = namespace == "ns1" ? "/ns1/" : "/ns2/"
            candidates = nsPatterns
        }
        let named = candidates.filter { $0.0 == viewName }.map(\.1)
        guard !named.isEmpty else {
            throw TestLibraries.PythonError(type: "NoReverseMatch",
                                            message: "Reverse for '\(viewName)' not found. '\(viewName)' is not a valid view function or pattern name.")
        }
        for parts in named {
            if let path = fill(parts, args, kwargs) { return prefix + quote(path) }
        }
        let given = !args.isEmpty ? "arguments '(\(args.map { Value.pythonRepr($0) }.joined(separator: ", "))\(args.count == 1 ? "," : ""))'"
            : !kwargs.isEmpty ? "keyword arguments '\(Value.pythonRepr(kwargs))'" : "no arguments"
        let tried = named.map { "'" + (prefix == "/" ? "" : String(prefix.dropFirst())) + regex($0) + "'" }.joined(separator: ", ")
        throw TestLibraries.PythonError(type: "NoReverseMatch",
                                        message: "Reverse for '\(viewName)' with \(given) not found. \(named.count) pattern(s) tried: [\(tried)]")
    }

    /// A pattern as Django prints it in NoReverseMatch: `client/([0-9,]+)/$`.
    static func regex(_ parts: [Part]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .group(let name, let regex): return "(" + (name.map { "?P<\($0)>" } ?? "") + regex + ")"
            }
        }.joined() + "$"
    }

    static func fill(_ parts: [Part], _ args: [Any], _ kwargs: [String: Any]) -> String? {
        let groups = parts.compactMap { part -> String? in if case .group(let name, _) = part { return name ?? "" } else { return nil } }
        if !args.isEmpty && !kwargs.isEmpty { return nil }
        if !args.isEmpty && args.count != groups.count { return nil }
        if args.isEmpty && Set(kwargs.keys) != Set(groups) { return nil }
        var path = ""
        var index = 0
        for part in parts {
            switch part {
            case .text(let text): path += text
            case .group(let name, let regex):
                let value = Value.string(args.isEmpty ? kwargs[name ?? ""] : args[index])
                index += 1
                guard value.range(of: "^(?:\(regex))$", options: .regularExpression) != nil else { return nil }
                path += value
            }
        }
        return path
    }

    /// Python's `quote(path, safe="/~:@!$&'()*+,;=")`.
    static func quote(_ path: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/:@!$&'()*+,;=".utf8)
        var out = ""
        for byte in path.utf8 {
            if safe.contains(byte) { out.append(Character(Unicode.Scalar(byte))) } else { out += String(format: "%%%02X", byte) }
        }
        return out
    }
}
