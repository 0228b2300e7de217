import Gateway

#if canImport(Glibc)
import Glibc
#endif

/// Replaces `{{name}}` references in request files: file and command-line variables (which may
/// refer to each other), and the system variables `$processEnv NAME`, `$timestamp`, `$guid`.
struct VariableResolver: Sendable {
    var variables: [String: String]
    var environment: [String: String]
    var file: String

    func substitute(_ text: String, line: Int, depth: Int = 0) throws -> String {
        guard text.contains("{{") else { return text }
        guard depth < 16 else {
            throw RequestFileError(file: file, line: line, rule: .variable, message: "variables refer to each other in a loop")
        }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                throw RequestFileError(file: file, line: line, rule: .variable, message: "'{{' without a closing '}}'")
            }
            let reference = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: " \t")
            out += try value(of: String(reference), line: line, depth: depth)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    func value(of reference: String, line: Int, depth: Int) throws -> String {
        if reference.hasPrefix("$") {
            let words = reference.split(separator: " ")
            switch words.first {
            case "$processEnv" where words.count == 2:
                guard let value = environment[String(words[1])] else {
                    throw RequestFileError(file: file, line: line, rule: .variable, message: "environment variable \(words[1]) is not set")
                }
                return value
            case "$timestamp":
                return String(time(nil))
            case "$guid", "$uuid":
                return Self.uuid()
            default:
                throw RequestFileError(file: file, line: line, rule: .variable, message: "unknown system variable {{\(reference)}}; known: $processEnv NAME, $timestamp, $guid")
            }
        }
        guard let value = variables[reference] else {
            throw RequestFileError(file: file, line: line, rule: .variable,
                                   message: "undefined variable {{\(reference)}}; define it with '@\(reference) = value' or --var \(reference)=value")
        }
        return try substitute(value, line: line, depth: depth + 1)
    }

    static func uuid() -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(2) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
