import Foundation

/// A cookie as a Set-Cookie header set it.
public struct Cookie: Sendable, Equatable {
    public var name: String
    public var value: String
    /// The lowercased request host, or the Domain attribute without its leading dot.
    public var domain: String
    /// True when no Domain attribute was given: the cookie goes back to `domain` only.
    public var hostOnly: Bool
    public var path: String
    /// When the cookie expires; nil for a session cookie.
    public var expires: Date?
    public var secure: Bool
    public var httpOnly: Bool
    /// "Lax", "Strict", "None" as given, or nil when absent.
    public var sameSite: String?

    public init(
        name: String, value: String, domain: String, hostOnly: Bool, path: String,
        expires: Date? = nil, secure: Bool = false, httpOnly: Bool = false, sameSite: String? = nil
    ) {
        self.name = name
        self.value = value
        self.domain = domain
        self.hostOnly = hostOnly
        self.path = path
        self.expires = expires
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// Whether the cookie has expired at `now` (a session cookie never does).
    func isExpired(at now: Date) -> Bool {
        guard let expires else { return false }
        return expires <= now
    }
}

/// The cookies of one run, shared by every request in it.
///
/// Follows RFC 6265 §5 as browsers and curl's cookie engine do: the jar stores
/// what Set-Cookie headers say and hands back a Cookie header for each request.
/// `cookies` is kept in creation order; a replacement keeps the old cookie's place.
public struct CookieJar: Sendable {
    public private(set) var cookies: [Cookie] = []

    public init() {}

    /// Stores what each Set-Cookie header value says, for a response to a request
    /// on `host` (no port, lowercased by the jar) at `path` (the request path without the query).
    public mutating func receive(setCookie values: [String], host: String, path: String, now: Date = Date()) {
        let host = host.lowercased()
        for value in values {
            guard let cookie = Self.parse(value, host: host, requestPath: path, now: now) else { continue }
            let index = cookies.firstIndex {
                $0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path
            }
            if cookie.isExpired(at: now) {
                if let index { cookies.remove(at: index) }
            } else if let index {
                cookies[index] = cookie  // RFC 6265 5.3 step 11: keeps the old creation time
            } else {
                cookies.append(cookie)
            }
        }
        cookies.removeAll { $0.isExpired(at: now) }
    }

    /// The value for a Cookie request header ("a=1; b=2"), or nil if no cookie matches.
    public func cookieHeader(host: String, path: String, secure: Bool, now: Date = Date()) -> String? {
        let host = host.lowercased()
        let matching = cookies.enumerated().filter { _, cookie in
            (cookie.hostOnly ? host == cookie.domain : Self.domainMatches(host: host, domain: cookie.domain))
                && Self.pathMatches(requestPath: path, cookiePath: cookie.path)
                && !cookie.isExpired(at: now)
                && (secure || !cookie.secure)
        }
        guard !matching.isEmpty else { return nil }
        // Longer paths first, then earlier creation (the index keeps the sort stable).
        let ordered = matching.sorted { lhs, rhs in
            let (l, r) = (lhs.element.path.utf8.count, rhs.element.path.utf8.count)
            return l != r ? l > r : lhs.offset < rhs.offset
        }
        return ordered.map { "\($0.element.name)=\($0.element.value)" }.joined(separator: "; ")
    }

    public mutating func removeAll() {
        cookies.removeAll()
    }

    // MARK: - Parsing (RFC 6265 5.2)

    static func parse(_ header: String, host: String, requestPath: String, now: Date) -> Cookie? {
        var parts = header.split(separator: ";", omittingEmptySubsequences: false)[...]
        guard let pair = parts.popFirst(), let eq = pair.firstIndex(of: "=") else { return nil }
        let name = trim(pair[..<eq])
        guard !name.isEmpty else { return nil }
        var cookie = Cookie(
            name: name, value: trim(pair[pair.index(after: eq)...]),
            domain: host, hostOnly: true, path: defaultPath(requestPath))
        var maxAge: Date?
        var expires: Date?
        var domainAttribute: String?
        for part in parts {
            let key: String
            let value: String
            if let eq = part.firstIndex(of: "=") {
                key = trim(part[..<eq]).lowercased()
                value = trim(part[part.index(after: eq)...])
            } else {
                key = trim(part).lowercased()
                value = ""
            }
            switch key {
            case "expires":
                if let date = parseCookieDate(value) { expires = date }
            case "max-age":
                if let date = parseMaxAge(value, now: now) { maxAge = date }
            case "domain":
                guard !value.isEmpty else { continue }
                var domain = Substring(value)
                if domain.hasPrefix(".") { domain = domain.dropFirst() }
                domainAttribute = domain.lowercased()
            case "path":
                cookie.path = value.hasPrefix("/") ? value : defaultPath(requestPath)
            case "secure": cookie.secure = true
            case "httponly": cookie.httpOnly = true
            case "samesite": cookie.sameSite = value.isEmpty ? nil : value
            default: continue
            }
        }
        cookie.expires = maxAge ?? expires
        if let domain = domainAttribute, !domain.isEmpty {
            guard domainMatches(host: host, domain: domain) else { return nil }
            // Without a public suffix list, refuse at least a bare top-level domain
            // ("Domain=com"), as curl does when built without libpsl.
            guard domain.contains(".") || domain == host || domain == "localhost" else { return nil }
            cookie.domain = domain
            cookie.hostOnly = false
        }
        return cookie
    }

    private static func trim(_ text: Substring) -> String {
        String(text.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
    }

    /// Max-Age (5.2.2): an optional '-' then digits; <= 0 means the earliest date.
    static func parseMaxAge(_ value: String, now: Date) -> Date? {
        let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        if value.hasPrefix("-") { return .distantPast }
        guard let seconds = Int(digits) else { return .distantFuture }  // overflow: far future
        return seconds <= 0 ? .distantPast : now.addingTimeInterval(TimeInterval(seconds))
    }

    /// The default-path of a request path (5.1.4).
    static func defaultPath(_ requestPath: String) -> String {
        guard requestPath.hasPrefix("/"), let slash = requestPath.lastIndex(of: "/"),
              slash != requestPath.startIndex else { return "/" }
        return String(requestPath[..<slash])
    }

    // MARK: - Matching (RFC 6265 5.1.3, 5.1.4)

    static func domainMatches(host: String, domain: String) -> Bool {
        if host == domain { return true }
        return !isIPAddress(host) && host.hasSuffix("." + domain)
    }

    static func pathMatches(requestPath: String, cookiePath: String) -> Bool {
        let request = requestPath.isEmpty ? "/" : requestPath
        if request == cookiePath { return true }
        guard request.hasPrefix(cookiePath) else { return false }
        return cookiePath.hasSuffix("/") || request.dropFirst(cookiePath.count).hasPrefix("/")
    }

    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") || host.hasPrefix("[") { return true }  // IPv6
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber)
                && (Int(octet) ?? 256) <= 255
        }
    }

    // MARK: - Dates (RFC 6265 5.1.1)

    /// Parses a cookie-date the way RFC 6265 5.1.1 does, which accepts the
    /// IMF-fixdate, RFC 850 and asctime forms alike. Returns nil when invalid.
    static func parseCookieDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func isDelimiter(_ b: UInt8) -> Bool {
            b == 0x09 || (0x20...0x2F).contains(b) || (0x3B...0x40).contains(b)
                || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
        }
        var tokens: [ArraySlice<UInt8>] = []
        var start: Int?
        for (i, b) in bytes.enumerated() {
            if isDelimiter(b) {
                if let s = start { tokens.append(bytes[s..<i]); start = nil }
            } else if start == nil {
                start = i
            }
        }
        if let s = start { tokens.append(bytes[s...]) }

        var time: (Int, Int, Int)?
        var day: Int?, month: Int?, year: Int?
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        for token in tokens {
            if time == nil, let t = parseTime(token) {
                time = t
            } else if day == nil, let d = leadingNumber(token, digits: 1...2) {
                day = d
            } else if month == nil, token.count >= 3,
                      let m = months.firstIndex(of: String(decoding: token.prefix(3), as: UTF8.self).lowercased()) {
                month = m + 1
            } else if year == nil, let y = leadingNumber(token, digits: 2...4) {
                year = y
            }
        }
        guard let (hour, minute, second) = time, let day, let month, var year else { return nil }
        if (70...99).contains(year) { year += 1900 } else if (0...69).contains(year) { year += 2000 }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1601, (1...monthDays[month - 1]).contains(day),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The number made of a token's leading digits, when there are `digits` of
    /// them and they are followed by the end or a non-digit.
    private static func leadingNumber(_ token: ArraySlice<UInt8>, digits: ClosedRange<Int>) -> Int? {
        let run = token.prefix { (0x30...0x39).contains($0) }
        guard digits.contains(run.count) else { return nil }
        return run.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then the end or a non-digit.
    private static func parseTime(_ token: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        var rest = token
        var fields: [Int] = []
        for index in 0..<3 {
            let run = rest.prefix { (0x30...0x39).contains($0) }
            guard (1...2).contains(run.count) else { return nil }
            fields.append(run.reduce(0) { $0 * 10 + Int($1 - 0x30) })
            rest = rest.dropFirst(run.count)
            if index < 2 {
                guard rest.first == UInt8(ascii: ":") else { return nil }
                rest = rest.dropFirst()
            }
        }
        return (fields[0], fields[1], fields[2])
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
