/// A `path()` route such as `polls/<int:question_id>/`, split into literal text and converter
/// parameters and matched on bytes, without a regular expression for the built-in converters.
final class RoutePattern: Sendable {
    enum Segment: Sendable {
        case literal([UInt8])
        case parameter(name: String, converter: any PathConverter)
    }

    let route: String
    let segments: [Segment]
    let isEndpoint: Bool
    /// Each parameter segment's byte test (nil for literals and for converters without one),
    /// asked of the converter once.
    private let byteClasses: [ByteClass]
    /// A converter's byte test in a struct of its own, so that the array keeps the function at
    /// its own abstraction (reading one straight from an array would build a thunk each time).
    private struct ByteClass: Sendable {
        let accepts: (@Sendable (UInt8) -> Bool)?
    }
    private let parameterCount: Int
    /// Every literal segment's bytes, one after another, and where each segment's are (nil for
    /// a parameter): matching a literal reads them without copying its segment (a retain and a
    /// release of the segment's array each time).
    private let literalBytes: [UInt8]
    private let literalRanges: [Range<Int>?]
    /// Why the route is unusable (a bad converter or parameter name), for `shallot check`.
    let problem: String?

    init(_ route: String, isEndpoint: Bool) {
        self.route = route
        self.isEndpoint = isEndpoint
        var segments: [Segment] = []
        var problem: String?
        var rest = Substring(route)
        while let open = rest.firstIndex(of: "<") {
            if open > rest.startIndex { segments.append(.literal(Array(rest[..<open].utf8))) }
            guard let close = rest[open...].firstIndex(of: ">") else {
                problem = "URL route '\(route)' has a '<' without a matching '>'."
                rest = rest[rest.endIndex...]
                break
            }
            let inside = rest[rest.index(after: open)..<close]
            let parts = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let (converterName, name) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("str", String(parts[0]))
            if !Self.isIdentifier(name) {
                problem = "URL route '\(route)' uses parameter name '\(name)' which isn't a valid Python identifier."
            } else if let converter = PathConverters.named(converterName) {
                segments.append(.parameter(name: name, converter: converter))
            } else {
                problem = "URL route '\(route)' uses invalid converter '\(converterName)'."
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { segments.append(.literal(Array(rest.utf8))) }
        self.segments = segments
        self.problem = problem
        byteClasses = segments.map { segment in
            if case .parameter(_, let converter) = segment { ByteClass(accepts: converter.byteClass) } else { ByteClass(accepts: nil) }
        }
        parameterCount = byteClasses.indices.filter { if case .parameter = segments[$0] { true } else { false } }.count
        var literalBytes: [UInt8] = []
        literalRanges = segments.map { segment in
            guard case .literal(let text) = segment else { return nil }
            literalBytes += text
            return (literalBytes.count - text.count)..<literalBytes.count
        }
        self.literalBytes = literalBytes
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// Matches at the start of `path[start...]`: where the match ends and the converted values
    /// (keyword arguments only).
    func match(_ path: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, arguments: ViewArguments)? {
        guard problem == nil else { return nil }
        if parameterCount == 0 {
            guard let end = matchLiterals(path, at: start) else { return nil }
            return (end, ViewArguments())
        }
        // One parameter, the common case: its value kept aside (no list, no dictionary).
        if parameterCount == 1 {
            var one = OneValue()
            guard let end = match(path, segment: 0, at: start, &one), let (name, value) = one.value else { return nil }
            return (end, ViewArguments(name: name, value: value))
        }
        // The values are collected in order and made a dictionary once.
        var many = ManyValues()
        guard let end = match(path, segment: 0, at: start, &many) else { return nil }
        var named: [String: PathValue] = [:]
        for (name, value) in many.values { named[name] = value }
        return (end, ViewArguments(named: named))
    }

    /// A route without parameters: its text, then the end of the path if it is an endpoint.
    private func matchLiterals(_ path: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        // The literal segments' bytes are the whole route's, in order.
        guard path.count - start >= literalBytes.count, literalMatches(path, at: start, 0..<literalBytes.count) else { return nil }
        let position = start + literalBytes.count
        return !isEndpoint || position == path.count ? position : nil
    }

    /// Whether `path` holds the literal bytes `range` at `position` (which leaves room for them).
    @inline(__always)
    private func literalMatches(_ path: UnsafeBufferPointer<UInt8>, at position: Int, _ range: Range<Int>) -> Bool {
        var offset = position
        for index in range {
            if path[offset] != literalBytes[index] { return false }
            offset += 1
        }
        return true
    }

    private func match<Values: MatchedValues>(_ path: UnsafeBufferPointer<UInt8>, segment: Int, at position: Int,
                                              _ values: inout Values) -> Int? {
        guard segment < segments.count else {
            return !isEndpoint || position == path.count ? position : nil
        }
        if let range = literalRanges[segment] {
            guard path.count - position >= range.count, literalMatches(path, at: position, range) else { return nil }
            return match(path, segment: segment + 1, at: position + range.count, &values)
        }
        switch segments[segment] {
        case .literal:
            return nil
        case .parameter(let name, let converter):
            // The longest run first, as a greedy regular expression would, then shorter ones.
            let accepts = byteClasses[segment].accepts
            var longest = position
            if let accepts {
                while longest < path.count && accepts(path[longest]) { longest += 1 }
            } else {
                longest = path.count
            }
            var end = longest
            while end > position {
                let text = String(decoding: UnsafeBufferPointer(rebasing: path[position..<end]), as: UTF8.self)
                if accepts != nil || Self.fullMatch(converter.regex, text),
                   let value = converter.toValue(text) {
                    values.push(name, value)
                    if let finish = match(path, segment: segment + 1, at: end, &values) { return finish }
                    values.pop()
                }
                end -= 1
            }
            return nil
        }
    }

    static func fullMatch(_ regex: String, _ text: String) -> Bool {
        guard let compiled = try? Regex(regex) else { return false }
        return (try? compiled.wholeMatch(in: text)) != nil
    }

    /// The URL text for `values`, or nil when a value is missing or refused by its converter.
    func reverse(_ values: [String: PathValue]) -> String? {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += String(decoding: text, as: UTF8.self)
            case .parameter(let name, let converter):
                guard let value = values[name], let text = Self.text(value, converter) else { return nil }
                out += text
            }
        }
        return out
    }

    /// The URL text for positional values, one per parameter in order (no dictionary to build:
    /// the common `{% url 'polls:detail' question.id %}`), or nil when the count differs or a
    /// converter refuses a value.
    func reverse(positional: [PathValue]) -> String? {
        var out = ""
        var next = 0
        for segment in segments {
            switch segment {
            case .literal(let text): out += String(decoding: text, as: UTF8.self)
            case .parameter(_, let converter):
                guard next < positional.count, let text = Self.text(positional[next], converter) else { return nil }
                next += 1
                out += text
            }
        }
        return next == positional.count ? out : nil
    }

    /// A value as its converter writes it into a URL, if the converter's pattern accepts the result.
    static func text(_ value: PathValue, _ converter: any PathConverter) -> String? {
        guard let text = converter.toURL(value),
              converter.byteClass.map({ test in !text.isEmpty && text.utf8.allSatisfy(test) }) ?? fullMatch(converter.regex, text)
        else { return nil }
        return text
    }

    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name, _) = $0 { name } else { nil } }
    }
}

/// The values a route's parameters matched so far, in order: the last one taken back when the
/// rest of the route does not match after it.
private protocol MatchedValues {
    mutating func push(_ name: String, _ value: PathValue)
    mutating func pop()
}

/// For a route with one parameter.
private struct OneValue: MatchedValues {
    var value: (name: String, value: PathValue)?
    mutating func push(_ name: String, _ value: PathValue) { self.value = (name, value) }
    mutating func pop() { value = nil }
}

/// For a route with several.
private struct ManyValues: MatchedValues {
    var values: [(name: String, value: PathValue)] = []
    mutating func push(_ name: String, _ value: PathValue) { values.append((name, value)) }
    mutating func pop() { values.removeLast() }
}

/// A `re_path()` pattern: a regular expression, named groups becoming keyword arguments and, when
/// there are none, unnamed groups positional ones, as Django decides.
final class RegexPattern: @unchecked Sendable {
    // Regex<AnyRegexOutput> is immutable once compiled and safe to share for matching.
    let pattern: String
    let regex: Regex<AnyRegexOutput>?
    let isEndpoint: Bool
    let problem: String?

    init(_ pattern: String, isEndpoint: Bool) {
        self.pattern = pattern
        self.isEndpoint = isEndpoint
        do {
            regex = try Regex(pattern)
            problem = nil
        } catch {
            regex = nil
            problem = "\"\(pattern)\" is not a valid regular expression: \(error)"
        }
    }

    func match(_ path: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, named: [String: PathValue], positional: [PathValue])? {
        guard let regex else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: path[start...]), as: UTF8.self)
        let found: Regex<AnyRegexOutput>.Match?
        if isEndpoint && pattern.hasSuffix("$") {
            found = try? regex.wholeMatch(in: text)
        } else {
            found = try? regex.firstMatch(in: text)
        }
        guard let found else { return nil }
        var named: [String: PathValue] = [:]
        var positional: [PathValue] = []
        for capture in found.output.dropFirst() {
            guard let substring = capture.substring else { continue }
            if let name = capture.name { named[name] = .string(String(substring)) } else { positional.append(.string(String(substring))) }
        }
        let consumed = text[..<found.range.upperBound].utf8.count
        return (start + consumed, named, named.isEmpty ? positional : [])
    }

    /// Reverse for simple patterns: anchors dropped, each group replaced by its value, escapes
    /// undone; the result must match the pattern again. Anything cleverer gives nil.
    func reverse(_ named: [String: PathValue], _ positional: [PathValue]) -> String? {
        var source = Substring(pattern)
        if source.hasPrefix("^") { source = source.dropFirst() }
        if source.hasSuffix("$") { source = source.dropLast() }
        var out = ""
        var index = 0
        var rest = source
        while let char = rest.first {
            if char == "\\", let next = rest.dropFirst().first {
                out.append(next)
                rest = rest.dropFirst(2)
            } else if char == "(" {
                var depth = 0
                var end = rest.startIndex
                for i in rest.indices {
                    if rest[i] == "(" { depth += 1 } else if rest[i] == ")" { depth -= 1; if depth == 0 { end = i; break } }
                }
                let group = rest[rest.startIndex...end]
                let value: PathValue?
                if group.hasPrefix("(?P<"), let close = group.firstIndex(of: ">") {
                    value = named[String(group[group.index(group.startIndex, offsetBy: 4)..<close])]
                } else {
                    value = index < positional.count ? positional[index] : nil
                    index += 1
                }
                guard let value else { return nil }
                out += value.description
                rest = rest[rest.index(after: end)...]
            } else if "[]*+?{}|.".contains(char) {
                return nil
            } else {
                out.append(char)
                rest = rest.dropFirst()
            }
        }
        guard let regex, (try? regex.firstMatch(in: out)) != nil else { return nil }
        return out
    }
}
