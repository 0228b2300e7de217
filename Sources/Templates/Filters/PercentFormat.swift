import Foundation

/// Python's `format % value` for one value: flags `-+ #0`, width, precision, and the
/// conversions s r d i u f F e E g G x X o c and `%%`. nil where Python raises
/// (TypeError, ValueError), which `stringformat` shows as "".
enum PercentFormat {
    static func format(_ format: String, _ value: Any?) -> String? {
        let chars = Array(format)
        var out = ""
        var used = false
        var i = 0
        while i < chars.count {
            guard chars[i] == "%" else { out.append(chars[i]); i += 1; continue }
            i += 1
            guard i < chars.count else { return nil }
            if chars[i] == "%" { out += "%"; i += 1; continue }
            var flags = ""
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { width.append(chars[i]); i += 1 }
            var precision: Int?
            if i < chars.count, chars[i] == "." {
                i += 1
                var digits = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                precision = Int(digits) ?? 0
            }
            while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
            guard i < chars.count, !used else { return nil }
            used = true
            guard let piece = convert(chars[i], value, flags: flags, width: Int(width) ?? 0, precision: precision) else { return nil }
            out += piece
            i += 1
        }
        return used ? out : nil  // "not all arguments converted"
    }

    static func pad(_ text: String, flags: String, width: Int, numeric: Bool) -> String {
        let length = text.unicodeScalars.count
        guard width > length else { return text }
        if flags.contains("-") { return text + Py.padding(width - length) }
        if numeric && flags.contains("0") {
            var body = Substring(text)
            var prefix = ""
            if let first = body.first, "+- ".contains(first) { prefix.append(first); body = body.dropFirst() }
            if body.hasPrefix("0x") || body.hasPrefix("0X") || body.hasPrefix("0o") { prefix += body.prefix(2); body = body.dropFirst(2) }
            return prefix + String(repeating: "0", count: width - length) + body
        }
        return Py.padding(width - length) + text
    }

    static func sign(_ negative: Bool, _ flags: String) -> String {
        negative ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
    }

    static func convert(_ type: Character, _ value: Any?, flags: String, width: Int, precision: Int?) -> String? {
        let raw = Value.unwrap(value)
        let isNumber = raw is Int || raw is Double || raw is Bool || raw is Decimal
        switch type {
        case "s", "r", "a":
            var text = type == "s" ? Py.str(value) : Value.pythonRepr(value)
            if let precision { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision))) }
            return pad(text, flags: flags, width: width, numeric: false)
        case "d", "i", "u":
            guard isNumber, let double = Py.float(raw), double.isFinite else { return nil }
            let number = raw is Int ? raw as! Int : Int(double)
            var digits = String(number.magnitude)
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            return pad(sign(number < 0, flags) + digits, flags: flags, width: width, numeric: true)
        case "x", "X", "o":
            guard let number = raw as? Int ?? (raw as? Bool).map({ $0 ? 1 : 0 }) else { return nil }
            var digits = String(number.magnitude, radix: type == "o" ? 8 : 16, uppercase: type == "X")
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            if flags.contains("#") { digits = (type == "o" ? "0o" : type == "x" ? "0x" : "0X") + digits }
            return pad(sign(number < 0, flags) + digits, flags: flags, width: width, numeric: true)
        case "f", "F", "e", "E", "g", "G":
            guard isNumber, let double = Py.float(raw) else { return nil }
            if !double.isFinite {
                var text = double.isNaN ? "nan" : "inf"
                if type.isUppercase { text = text.uppercased() }
                return pad(sign(double < 0, flags) + text, flags: flags, width: width, numeric: false)
            }
            let cFlags = flags.filter { "+ #".contains($0) }
            let text = String(format: "%\(cFlags).\(precision ?? 6)\(type)", double)
            return pad(text, flags: flags, width: width, numeric: true)
        case "c":
            if let number = raw as? Int, let scalar = Unicode.Scalar(UInt32(clamping: max(0, number))) {
                return pad(String(scalar), flags: flags, width: width, numeric: false)
            }
            if let text = Value.text(raw), text.unicodeScalars.count == 1 { return pad(text, flags: flags, width: width, numeric: false) }
            return nil
        default:
            return nil
        }
    }
}
