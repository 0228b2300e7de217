import Templates
import Testing

/// RenderBuffer keeps its bytes in memory of its own, written through a pointer: it must still
/// behave as a value (a copy does not see what the other appends) and grow without losing bytes.
@Suite("Templates: the render buffer")
struct RenderBufferTests {
    @Test func copiesAreIndependent() {
        var first = RenderBuffer()
        first.append("shared ")
        var second = first
        first.append("first")
        second.append("second, which is longer")
        #expect(first.string == "shared first")
        #expect(second.string == "shared second, which is longer")
        var third = second
        third.appendEscaped("<&>")
        #expect(second.string == "shared second, which is longer")
        #expect(third.string == "shared second, which is longer&lt;&amp;&gt;")
    }

    @Test func growsKeepingEveryByte() {
        var buffer = RenderBuffer()
        var expected = ""
        for index in 0..<2000 {
            let piece = index % 3 == 0 ? "<\(index)>" : "row \(index) ünï "
            index % 2 == 0 ? buffer.appendEscaped(piece) : buffer.append(piece)
            expected += index % 2 == 0 ? piece.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;") : piece
        }
        #expect(buffer.string == expected)
        #expect(buffer.bytes == Array(expected.utf8))
        #expect(buffer.count == expected.utf8.count)
        #expect(RenderBuffer().string == "")
    }

    @Test func escapesEverySpecialByte() {
        var buffer = RenderBuffer()
        buffer.appendEscaped("a&b<c>d\"e'f")
        buffer.appendEscaped("")
        buffer.appendEscaped("&")
        #expect(buffer.string == "a&amp;b&lt;c&gt;d&quot;e&#x27;f&amp;")
    }

    /// Escaping skips eight bytes at a time while none is special: a special byte at any place
    /// of a word, in text of any length, is still found (compared with `Rendering.escape`).
    @Test func escapesAtEveryPositionOfAWord() {
        let specials: [Character] = ["&", "<", ">", "\"", "'"]
        for length in 0..<34 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    var text = String(repeating: "abcdefgh", count: 5).prefix(length)
                    if length > 0 {
                        let at = text.index(text.startIndex, offsetBy: position)
                        text.replaceSubrange(at...at, with: String(special))
                    }
                    var buffer = RenderBuffer()
                    buffer.appendEscaped(String(text))
                    #expect(buffer.string == Rendering.escape(String(text)))
                }
            }
        }
        // Bytes near the special ones (and multi-byte UTF-8) are left alone.
        let near = "%()=;:?[]{}!#$\u{00A6}\u{00BC}\u{00BE}\u{2026}é日本語 near & far"
        var buffer = RenderBuffer()
        buffer.appendEscaped(near)
        #expect(buffer.string == Rendering.escape(near))
    }
}

/// Escaping reads eight bytes at a time and finds a special byte from a mask: every length
/// and every position of a special byte (or of several) gives what escaping byte by byte gives.
@Suite("Templates: escaping into the render buffer")
struct RenderBufferEscapeTests {
    @Test func everyLengthAndPosition() {
        let specials: [Character] = ["&", "<", ">", "\"", "'"]
        for length in 0...20 {
            for position in -1..<length {
                for special in specials {
                    var text = Array(repeating: Character("a"), count: length)
                    if position >= 0 { text[position] = special }
                    if length > 3 { text[length - 1] = "é" }
                    let source = String(text)
                    var buffer = RenderBuffer()
                    buffer.appendEscaped(source)
                    #expect(buffer.string == Rendering.escape(source), "\(source)")
                }
            }
        }
        for source in ["&&&&&&&&&&", "<>\"'&<>\"'&<>", "abcdefg'", "'abcdefgh", "abcdefgh'ijk", "ab<cdefghijklmn>o", "&#x27;&lt;é日本<"] {
            var buffer = RenderBuffer()
            buffer.append("x")
            buffer.appendEscaped(source)
            #expect(buffer.string == "x" + Rendering.escape(source), "\(source)")
        }
    }
}
