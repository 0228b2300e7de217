import Foundation

/// A cookie a response sets: Python's `http.cookies.Morsel` as Django uses it.
public struct ResponseCookie: Sendable, Equatable {
    public var name: String
    public var value: String
    public var expires: String?
    public var maxAge: Int?
    public var path: String? = "/"
    public var domain: String?
    public var secure = false
    public var httpOnly = false
    public var sameSite: String?

    /// The Set-Cookie value, as Morsel.OutputString writes it: the value quoted when it must be,
    /// then the attributes in sorted order of their lowercase names (domain, expires, HttpOnly,
    /// Max-Age, Path, SameSite, Secure).
    public var headerValue: String {
        var parts = ["\(name)=\(Self.quoted(value))"]
        if let domain { parts.append("Domain=\(domain)") }
        if let expires { parts.append("expires=\(expires)") }
        if httpOnly { parts.append("HttpOnly") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if let path { parts.append("Path=\(path)") }
        if let sameSite { parts.append("SameSite=\(sameSite)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// Python's `http.cookies._quote`: values with characters outside the legal set are quoted,
    /// with `"` and `\` escaped and others as octal escapes; the empty value is `""`.
    static func quoted(_ value: String) -> String {
        let legal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:".unicodeScalars)
        if !value.isEmpty && value.unicodeScalars.allSatisfy(legal.contains) { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where legal.contains(scalar) || " ()/<>?@[]{}=,".unicodeScalars.contains(scalar):
                out.unicodeScalars.append(scalar)
            default:
                for byte in String(scalar).utf8 { out += "\\" + String(byte, radix: 8).leftPadded(3) }
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        String(repeating: String(pad), count: max(0, width - count)) + self
    }
}
