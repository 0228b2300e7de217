import Foundation

/// Django's number filters: `add`, `divisibleby`, `get_digit`, `floatformat` (decimal
/// rounding half up, with the "g" and "u" suffixes), `filesizeformat`, and `stringformat`
/// (Python's `%` formatting).
enum NumberFilters {
    static let all: [Filter] = [
        Filter("add", argument: .required) { value, argument, _ in add(value, argument) },
        Filter("divisibleby", argument: .required) { value, argument, _ in
            if let number = value as? Int, let divisor = argument as? Int, divisor != 0 {
                return number.remainderReportingOverflow(dividingBy: divisor).partialValue == 0
            }
            guard let number = Py.int(value), let divisor = Py.int(argument), divisor != 0 else { return "" }
            return number.remainderReportingOverflow(dividingBy: divisor).partialValue == 0  // Int.min % -1 is 0, not a trap
        },
        Filter("get_digit", argument: .required) { value, argument, _ in
            guard let position = Py.int(argument), let number = Py.int(value) else { return value }
            guard position >= 1 else { return value }
            let digits = Array(String(number))
            return position <= digits.count ? Int(String(digits[digits.count - position])) ?? 0 : 0
        },
        Filter("floatformat", argument: .optional, isSafe: true) { value, argument, _ in floatformat(value, argument) },
        Filter("filesizeformat", isSafe: true) { value, _, _ in filesizeformat(value) },
        Filter("stringformat", argument: .required, isSafe: true) { value, argument, _ in
            PercentFormat.format("%" + Py.str(argument), value) ?? ""
        },
    ]

    /// `add`: integers add; otherwise `value + arg` where Python allows it (strings, lists),
    /// else "".
    static func add(_ value: Any?, _ argument: Any?) -> Any? {
        if let x = Py.int(value), let y = Py.int(argument) { return x + y }
        let a = Value.unwrap(value), b = Value.unwrap(argument)
        if let x = Value.text(a), let y = Value.text(b) {
            return a is SafeString && b is SafeString ? SafeString(x + y) : x + y as Any
        }
        if let x = a as? [Any], let y = b as? [Any] { return x + y }
        if let x = a as? Double, let y = b as? Double { return x + y }
        if a is Double || b is Double, !(a is String || b is String || a is SafeString || b is SafeString),
           let x = Py.float(a), let y = Py.float(b) { return x + y }
        return ""
    }

    /// `floatformat`: the value as Python's Decimal of `str(value)`, rounded half up to the
    /// places the argument asks for (negative: only when there is a fraction).
    static func floatformat(_ value: Any?, _ argument: Any?) -> Any? {
        if let double = value as? Double, let places = argument as? Int, let text = fastFloatformat(double, places) {
            return SafeString(text)
        }
        var grouping = false
        var places: Int?
        if let text = Value.text(argument) {
            var arg = text
            if arg.hasSuffix("gu") || arg.hasSuffix("ug") { grouping = true; arg.removeLast(2) } else if arg.hasSuffix("g") {
                grouping = true; arg.removeLast()
            } else if arg.hasSuffix("u") { arg.removeLast() }
            places = arg.isEmpty ? -1 : Int(arg)
        } else if argument == nil || Value.unwrap(argument) == nil {
            places = -1
        } else {
            places = Py.int(argument)
        }
        let input = Py.str(value)
        var number = PyDecimal(input)
        if number == nil, let float = Py.float(value) { number = PyDecimal(Value.pythonFloat(float)) }
        guard let d = number else { return "" }
        guard let p = places, d.isFinite else { return input }
        // As Django: more than 200 digits and exponent together are given back as they are
        // (rendering them would take memory without bound).
        guard d.exponent.magnitude <= 200, d.digits.count + Int(d.exponent.magnitude) <= 200 else { return input }
        let digits: String
        if !d.hasFraction && p <= 0 {
            digits = d.rounded(places: 0).formatted(places: 0)
        } else {
            digits = d.rounded(places: abs(p)).formatted(places: abs(p))
        }
        return SafeString(grouping ? group(digits) : digits)
    }

    /// `floatformat` of a float to `places` (1…15) decimals when the answer is exact without
    /// decimal arithmetic: when `value` is a decimal of at most `places` decimals (as 2.25 or
    /// 0.1 are) its shortest repr, which Django rounds, is that decimal, so it only needs
    /// padding with zeros. Nil when it is not (2.675 to two places): the decimal path decides.
    static func fastFloatformat(_ value: Double, _ places: Int) -> String? {
        guard let scaled = floatformatScaled(value, places) else { return nil }
        var bytes: [UInt8] = []
        appendFixed(scaled, places: places, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` times 10^places when that is the decimal Django would round (see
    /// `fastFloatformat`), else nil.
    @inline(__always) static func floatformatScaled(_ value: Double, _ places: Int) -> Int? {
        guard (1...15).contains(places), value.isFinite else { return nil }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        // Below 2^52 an ulp of `value` is under 10^-places, so at most one decimal of that
        // many places reads back as `value`: if `scaled / scale` does, it is the repr.
        guard abs(scaled) < 4_503_599_627_370_496, scaled / scale == value else { return nil }
        return Int(scaled)
    }

    /// `integer / 10^places` written with `places` decimals ("-" only when it is not zero).
    static func appendFixed(_ integer: Int, places: Int, to bytes: inout [UInt8]) {
        if integer < 0 { bytes.append(0x2D) }
        var rest = integer.magnitude
        var digits = 1
        var probe = rest / 10
        while probe > 0 { digits += 1; probe /= 10 }
        let total = max(digits, places + 1)
        bytes.append(contentsOf: repeatElement(0x30, count: total + 1))
        var position = bytes.count - 1
        for index in 0..<total {
            if index == places { bytes[position] = 0x2E; position -= 1 }
            bytes[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
            position -= 1
        }
    }

    /// Thousands separated by "," (number_format with force_grouping, English locale).
    static func group(_ number: String) -> String {
        var text = number
        var sign = ""
        if text.hasPrefix("-") { sign = "-"; text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integer = Array(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + String(integer.suffix(3)) + grouped
            integer.removeLast(3)
        }
        grouped = String(integer) + grouped
        return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `filesizeformat`: "13\u{a0}KB", "1\u{a0}byte", one decimal from KB on.
    static func filesizeformat(_ value: Any?) -> String {
        guard var bytes = Py.int(value) else { return "0\u{a0}bytes" }
        let negative = bytes < 0
        if negative { bytes = -bytes }
        let units = ["KB", "MB", "GB", "TB", "PB"]
        var text: String
        if bytes < 1024 {
            text = "\(bytes) " + (bytes == 1 ? "byte" : "bytes")
        } else {
            var unit = 0
            var divisor = 1024.0
            while unit < units.count - 1 && Double(bytes) >= divisor * 1024 { unit += 1; divisor *= 1024 }
            text = String(format: "%.1f", Double(bytes) / divisor) + " " + units[unit]
        }
        if negative { text = "-" + text }
        return Py.avoidWrapping(text)
    }
}

/// Python's Decimal, as far as `floatformat` needs: exact digits and an exponent, parsed from
/// text, quantized with ROUND_HALF_UP.
struct PyDecimal {
    var negative: Bool
    /// Decimal digits, most significant first (no leading zeros unless zero).
    var digits: [UInt8]
    var exponent: Int
    var isFinite = true

    init?(_ text: String) {
        // Foundation's trimming and replacing only when there is something to trim or drop.
        let cleaned = text.utf8.contains { $0 == UInt8(ascii: "_") || $0 <= 0x20 }
            ? text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "") : text
        var bytes = cleaned.utf8[...]
        negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if let first = bytes.first, first | 0x20 == UInt8(ascii: "i") || first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "s") {
            guard ["inf", "infinity", "nan", "snan"].contains(String(decoding: bytes, as: UTF8.self).lowercased()) else { return nil }
            digits = [0]; exponent = 0; isFinite = false
            return
        }
        var all: [UInt8] = []
        all.reserveCapacity(bytes.count)
        var fractionCount = 0, seenPoint = false, exponent = 0
        while let byte = bytes.first {
            if byte >= 0x30 && byte <= 0x39 {
                if !(all.count == 1 && all[0] == 0) { all.append(byte - 0x30) } else { all[0] = byte - 0x30 }
                if seenPoint { fractionCount += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                guard let value = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)) else { return nil }
                exponent = value
                bytes = bytes.suffix(0)
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard !all.isEmpty else { return nil }
        digits = all
        // An exponent beyond Int's range is only ever "too many digits" (floatformat's cut-off).
        let (scaled, overflow) = exponent.subtractingReportingOverflow(fractionCount)
        self.exponent = overflow ? Int.min / 2 : scaled
    }

    var isZero: Bool { digits.allSatisfy { $0 == 0 } }

    /// Whether `int(d) - d` is non-zero.
    var hasFraction: Bool { exponent < 0 && digits.suffix(min(-exponent, digits.count)).contains { $0 != 0 } }

    /// `quantize(Decimal(10) ** -places, ROUND_HALF_UP)`.
    func rounded(places: Int) -> PyDecimal {
        var result = self
        let target = -places
        if exponent >= target {
            result.digits += Array(repeating: 0, count: exponent - target)
        } else {
            let drop = target - exponent
            var kept = drop >= digits.count ? [] : Array(digits.prefix(digits.count - drop))
            let firstDropped = drop > digits.count ? 0 : digits[digits.count - drop]
            if firstDropped >= 5 {
                var i = kept.count - 1
                while i >= 0 && kept[i] == 9 { kept[i] = 0; i -= 1 }
                if i >= 0 { kept[i] += 1 } else { kept.insert(1, at: 0) }
            }
            result.digits = kept.isEmpty ? [0] : kept
        }
        result.exponent = target
        while result.digits.count > 1 && result.digits[0] == 0 { result.digits.removeFirst() }
        return result
    }

    /// The digits with `places` decimals; zero has no sign.
    func formatted(places: Int) -> String {
        var out: [UInt8] = negative && !isZero ? [UInt8(ascii: "-")] : []
        out.reserveCapacity(digits.count + places + 3)
        let padded = places > 0 && digits.count <= places ? Array(repeating: 0, count: places - digits.count + 1) + digits : digits
        for (index, digit) in padded.enumerated() {
            if places > 0 && index == padded.count - places { out.append(UInt8(ascii: ".")) }
            out.append(digit + 0x30)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
