import Foundation

/// MultiPartParser (Django's `django.http.multipartparser.MultiPartParser`): a multipart/form-data
/// body into form fields (a QueryDict, for POST) and uploaded files (for FILES).
///
/// The body is CONTENT_LENGTH bytes of `wsgi.input`, or what `body()` already read. Parts are
/// separated by `--boundary` lines (CRLF, or a bare LF) and the body ends at `--boundary--`.
/// A part with a `filename` (or RFC 2231 `filename*`) parameter in its Content-Disposition is a
/// file, any other a field. DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES and
/// DATA_UPLOAD_MAX_MEMORY_SIZE are counted as Django counts them. Where Django silently drops
/// a malformed part, this parser throws MultiPartParserError, naming the part.
struct MultiPartParser {
    let request: HTTPRequest
    init(request: HTTPRequest) { self.request = request }

    /// Django's MAX_TOTAL_HEADER_SIZE: a part's headers must end within this many bytes.
    static let maxHeaderSize = 1024

    /// Where one part lies in the body: `start..<end` is the part without the line break before
    /// the next delimiter, `limit` the delimiter itself (headers may use that line break).
    struct PartBounds {
        var start: Int
        var end: Int
        var limit: Int
    }

    func parse() throws -> (QueryDict, [String: [UploadedFile]]) {
        let rawContentType = request.environ["CONTENT_TYPE"] ?? ""
        guard rawContentType.unicodeScalars.allSatisfy(\.isASCII) else {
            throw MultiPartParserError("Invalid non-ASCII Content-Type in multipart: \(rawContentType)")
        }
        let boundary = try Self.validBoundary(request.contentParams["boundary"])
        let length = try contentLength()
        guard length > 0 else { return (QueryDict(), [:]) }
        let body = request.cachedBody ?? request.environ.input.read(length)
        let parts = try Self.splitParts(body, delimiter: Array("--\(boundary)".utf8))
        return try collect(body, parts)
    }

    /// The boundary parameter, if Django's `[ -~]{0,200}[!-~]` accepts it.
    static func validBoundary(_ boundary: String?) throws -> String {
        guard let boundary, (1...201).contains(boundary.unicodeScalars.count),
              boundary.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }),
              boundary.unicodeScalars.last != " " else {
            throw MultiPartParserError("Invalid boundary in multipart: \(boundary ?? "None")")
        }
        return boundary
    }

    /// CONTENT_LENGTH as a non-negative integer; absent or unreadable is an error.
    func contentLength() throws -> Int {
        guard let text = request.environ["CONTENT_LENGTH"] else {
            throw MultiPartParserError("Invalid content length: None")
        }
        guard let length = Int(text.trimmingCharacters(in: .whitespaces)), length >= 0 else {
            throw MultiPartParserError("Invalid content length: '\(text)'")
        }
        return length
    }

    // MARK: Splitting

    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dash = UInt8(ascii: "-")

    /// The parts between delimiter lines: `--boundary` at the start of a line, then optional
    /// spaces or tabs and a line break. The preamble and everything after `--boundary--` are ignored.
    static func splitParts(_ body: [UInt8], delimiter: [UInt8]) throws -> [PartBounds] {
        var parts: [PartBounds] = []
        var partStart: Int?
        var index = 0
        while let hit = find(delimiter, in: body, from: index) {
            index = hit + 1
            guard hit == 0 || body[hit - 1] == lf else { continue }
            var after = hit + delimiter.count
            let closing = body[after...].starts(with: [dash, dash])
            if !closing {
                while after < body.count, body[after] == UInt8(ascii: " ") || body[after] == UInt8(ascii: "\t") { after += 1 }
                if after < body.count, body[after] == cr { after += 1 }
                guard after < body.count, body[after] == lf else { continue }
                after += 1
            }
            if let start = partStart {
                var end = hit
                if end > start, body[end - 1] == lf { end -= 1 }
                if end > start, body[end - 1] == cr { end -= 1 }
                parts.append(PartBounds(start: start, end: end, limit: hit))
            }
            if closing { return parts }
            partStart = after
            index = after
        }
        let boundary = String(decoding: delimiter, as: UTF8.self)
        throw MultiPartParserError(partStart == nil
            ? "Multipart body does not contain the boundary line '\(boundary)'."
            : "Multipart body ends without the closing boundary '\(boundary)--'.")
    }

    /// The first index at or after `start` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { needle in
                var i = start
                while i <= hay.count - needle.count {
                    if hay[i] == first, memcmp(hay.baseAddress! + i, needle.baseAddress!, needle.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }

    /// A part's headers (lowercased names) up to the first empty line, and where its content starts.
    static func headers(_ body: [UInt8], _ part: PartBounds, number: Int) throws -> ([String: String], Int) {
        var headers: [String: String] = [:]
        var line = part.start
        while line < part.limit, let newline = body[line..<part.limit].firstIndex(of: lf) {
            guard newline + 1 - part.start <= maxHeaderSize else {
                throw MultiPartParserError("Request max total header size exceeded.")
            }
            let end = newline > line && body[newline - 1] == cr ? newline - 1 : newline
            if end == line { return (headers, newline + 1) }
            let text = String(decoding: body[line..<end], as: UTF8.self)
            if let colon = text.firstIndex(of: ":") {
                let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            line = newline + 1
        }
        throw MultiPartParserError("Multipart part \(number) has no blank line after its headers.")
    }

    // MARK: Fields and files

    func collect(_ body: [UInt8], _ parts: [PartBounds]) throws -> (QueryDict, [String: [UploadedFile]]) {
        let settings = request.settings
        var post = QueryDict()
        var files: [String: [UploadedFile]] = [:]
        var fieldCount = 0, fileCount = 0, fieldBytes = 0
        for (number, part) in zip(1..., parts) {
            let (headers, contentStart) = try Self.headers(body, part, number: number)
            guard let disposition = headers["content-disposition"] else {
                throw MultiPartParserError("Multipart part \(number) has no Content-Disposition header.")
            }
            let params = Self.parameters(disposition).params
            let isFile = params["filename"] != nil
            if !isFile {
                fieldCount += 1
                if let max = settings.dataUploadMaxNumberFields, fieldCount > max { throw TooManyFieldsSent() }
            }
            guard let rawName = params["name"] else {
                throw MultiPartParserError("Multipart part \(number) has no name in its Content-Disposition header.")
            }
            let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
            let raw = body[min(contentStart, part.end)..<part.end]
            let base64 = headers["content-transfer-encoding"]?.lowercased() == "base64"
            if !isFile {
                fieldBytes += raw.count + name.unicodeScalars.count + 2
                if let limit = settings.dataUploadMaxMemorySize, fieldBytes > limit { throw RequestDataTooBig() }
                let data = base64 ? Self.base64Decoded(raw) ?? Array(raw) : Array(raw)
                post.append(name, Self.decode(data, charset: request.encoding))
                continue
            }
            fileCount += 1
            if let max = settings.dataUploadMaxNumberFiles, fileCount > max { throw TooManyFilesSent() }
            guard let fileName = Self.sanitizeFileName(params["filename"] ?? "") else { continue }
            var content = Array(raw)
            if base64 {
                guard let decoded = Self.base64Decoded(raw) else {
                    throw MultiPartParserError("Could not decode base64 data.")
                }
                content = decoded
            }
            let (type, typeParams) = Self.parameters(headers["content-type"] ?? "")
            files[name, default: []].append(UploadedFile(
                fieldName: name, name: fileName, contentType: type, charset: typeParams["charset"], content: content))
        }
        return (post, files)
    }

    /// Base64 with whitespace and other stray characters skipped, as Python's `b64decode` does.
    static func base64Decoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        Data(base64Encoded: Data(bytes), options: .ignoreUnknownCharacters).map { Array($0) }
    }

    /// Django's `parse_header_parameters`: `form-data; name="a"; filename*=UTF-8''%C3%A9` into the
    /// lowercased value and its parameters. Quoted values lose their quotes and backslash escapes;
    /// an RFC 2231 `name*=charset'lang'value` is percent-decoded and wins over a plain `name=`.
    static func parameters(_ header: String) -> (value: String, params: [String: String]) {
        var pieces: [String] = []
        var current = "", inQuotes = false, escaped = false
        for character in header {
            if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
                continue
            }
            if character == "\"" && !escaped { inQuotes.toggle() }
            escaped = character == "\\" && !escaped
            current.append(character)
        }
        pieces.append(current)
        var params: [String: String] = [:]
        var extended: Set<String> = []
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\\", with: "\\").replacingOccurrences(of: "\\\"", with: "\"")
            }
            if key.hasSuffix("*") {
                key.removeLast()
                let fields = value.split(separator: "'", omittingEmptySubsequences: false)
                if fields.count == 3 {
                    value = decode(percentDecoded(fields[2]), charset: String(fields[0]))
                    extended.insert(key)
                    params[key] = value
                    continue
                }
            }
            if !extended.contains(key) { params[key] = value }
        }
        return ((pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased(), params)
    }

    /// `%XX` escapes (two hex digits) as bytes; everything else as its UTF-8.
    static func percentDecoded<S: StringProtocol>(_ text: S) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Bytes as text in `charset`, as Django's `force_str(…, errors="replace")`: latin-1, ASCII
    /// and windows-1252 by name, UTF-8 otherwise; undecodable bytes become U+FFFD.
    static func decode(_ bytes: [UInt8], charset: String) -> String {
        switch charset.lowercased().filter({ $0.isLetter || $0.isNumber }) {
        case "latin1", "iso88591", "l1", "cp819":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "ascii", "usascii":
            return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : "\u{FFFD}" }))
        case "cp1252", "windows1252":
            return String(bytes: bytes, encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Django's `sanitize_file_name`: HTML character references resolved, only what follows the
    /// last `/` or `\` kept, unprintable characters dropped; "", "." and ".." give nil. Names over
    /// 255 characters are shortened keeping their extension, as Django's UploadedFile does.
    static func sanitizeFileName(_ raw: String) -> String? {
        var scalars = Array(unescapeHTML(raw).unicodeScalars)
        if let separator = scalars.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            scalars = Array(scalars[(separator + 1)...])
        }
        scalars = scalars.filter(isPrintable)
        let name = String(String.UnicodeScalarView(scalars))
        if name.isEmpty || name == "." || name == ".." { return nil }
        guard scalars.count > 255 else { return name }
        var stem = scalars[...], ext = scalars[scalars.endIndex...]
        if let dot = scalars.lastIndex(of: "."), scalars[..<dot].contains(where: { $0 != "." }) {
            stem = scalars[..<dot]
            ext = scalars[dot...].prefix(255)
        }
        return String(String.UnicodeScalarView(stem.prefix(255 - ext.count) + ext))
    }

    /// Python's `str.isprintable` for one character: not a control, format, private-use,
    /// unassigned or separator character, except the space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator: return false
        default: return true
        }
    }

    private static func character(_ code: UInt32?) -> String {
        code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "\u{FFFD}"
    }

    /// The HTML character references that can hide a path separator or markup: numeric
    /// (`&#47;`, `&#x2F;`) and a few named ones (`&sol;`, `&bsol;`, `&amp;`, …).
    static func unescapeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                       "sol": "/", "bsol": "\\", "period": ".", "nbsp": "\u{A0}"]
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            let reference = rest.dropFirst()
            var replacement: String?
            var length = 0
            if reference.hasPrefix("#x") || reference.hasPrefix("#X") {
                let digits = reference.dropFirst(2).prefix { $0.isASCII && $0.isHexDigit }
                if !digits.isEmpty { (replacement, length) = (character(UInt32(digits, radix: 16)), digits.count + 2) }
            } else if reference.hasPrefix("#") {
                let digits = reference.dropFirst().prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty { (replacement, length) = (character(UInt32(digits)), digits.count + 1) }
            } else {
                let name = reference.prefix { $0.isASCII && $0.isLetter }
                if reference.dropFirst(name.count).hasPrefix(";") { (replacement, length) = (named[String(name)], name.count) }
            }
            guard let replacement else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            out += replacement
            rest = rest.dropFirst(length + 1)
            if rest.hasPrefix(";") { rest = rest.dropFirst() }
        }
        return out + rest
    }
}
