import Gateway

/// Byte tests over a string's UTF-8 that run on its contiguous bytes: a `String.UTF8View`
/// walked through an iterator decodes a small string a byte at a time, which costs more than
/// the rest of a short header's handling.
enum ASCIIScan {
    /// Whether any byte of `text` lies in `range`.
    @inline(__always)
    static func contains(_ text: String, in range: ClosedRange<UInt8>) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes in
            for byte in bytes where range.contains(byte) { return true }
            return false
        }) { return found }
        return text.utf8.contains { range.contains($0) }
    }

    /// Whether every byte of `text` is ASCII.
    @inline(__always)
    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(Latin1.isASCII) ?? text.utf8.allSatisfy { $0 < 0x80 }
    }
}
