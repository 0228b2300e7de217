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
}
