import Foundation

/// Python's "idna" codec as Django's `punycode()` uses it for urlize: each label that is not
/// ASCII is lower-cased, NFKC-normalized (an approximation of nameprep) and encoded with
/// Punycode (RFC 3492) behind "xn--"; ASCII labels stay as they are.
enum Punycode {
    static func idna(_ domain: String) -> String {
        guard !domain.unicodeScalars.allSatisfy(\.isASCII) else { return domain }
        let dots: Set<Character> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        return domain.split(omittingEmptySubsequences: false, whereSeparator: { dots.contains($0) }).map { label -> String in
            let text = String(label)
            guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
            return "xn--" + encode(text.lowercased().precomposedStringWithCompatibilityMapping)
        }.joined(separator: ".")
    }

    static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700

    static func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    static func digit(_ d: Int) -> Character {
        Character(Unicode.Scalar(UInt8(d < 26 ? 97 + d : 22 + d)))
    }

    /// RFC 3492 encoding of one label.
    static func encode(_ label: String) -> String {
        let input = label.unicodeScalars.map { Int($0.value) }
        var output = String(label.unicodeScalars.filter(\.isASCII).map(Character.init))
        let basic = output.count
        var handled = basic
        if basic > 0 { output += "-" }
        var n = 128, delta = 0, bias = 72
        while handled < input.count {
            let m = input.filter { $0 >= n }.min()!
            delta += (m - n) * (handled + 1)
            n = m
            for c in input {
                if c < n { delta += 1 }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basic)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return output
    }
}
