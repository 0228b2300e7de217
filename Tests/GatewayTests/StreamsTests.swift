import Gateway
import Testing

@Suite("Streams: wsgi.input and wsgi.errors")
struct StreamsTests {
    let data = bytes("first line\nsecond\nlast, no newline")

    @Test func readWithSizeThenTheRest() {
        let input = BytesInput(data)
        #expect(text(input.read(5)) == "first")
        #expect(text(input.read(1)) == " ")
        #expect(text(input.read()) == "line\nsecond\nlast, no newline")
        #expect(input.read() == [])
        #expect(input.read(10) == [])
    }

    @Test func readNegativeMeansEverythingLeft() {
        let input = BytesInput(data)
        #expect(text(input.read(6)) == "first ")
        #expect(text(input.read(-1)) == "line\nsecond\nlast, no newline")
        #expect(input.read(-1) == [])
    }

    @Test func readZeroAndPastEnd() {
        let input = BytesInput(bytes("abc"))
        #expect(input.read(0) == [])
        #expect(text(input.read(100)) == "abc")
        #expect(input.read(100) == [])
        #expect(input.read(nil) == [])
    }

    @Test func readlineKeepsTheNewline() {
        let input = BytesInput(data)
        #expect(text(input.readline()) == "first line\n")
        #expect(text(input.readline()) == "second\n")
        #expect(text(input.readline()) == "last, no newline")
        #expect(input.readline() == [])
    }

    @Test func readlineWithSizeLimit() {
        let input = BytesInput(data)
        #expect(text(input.readline(5)) == "first")
        #expect(text(input.readline(100)) == " line\n")
        #expect(text(input.readline(7)) == "second\n")
        #expect(text(input.readline(0)) == "")
        #expect(text(input.readline(-1)) == "last, no newline")
        #expect(input.readline(3) == [])
    }

    @Test func readlinesReturnsEveryRemainingLine() {
        let input = BytesInput(data)
        _ = input.read(6)
        #expect(input.readlines().map(text) == ["line\n", "second\n", "last, no newline"])
        #expect(input.readlines().isEmpty)
    }

    @Test func readlinesWithBlankLines() {
        let input = BytesInput(bytes("\n\na\n"))
        #expect(input.readlines().map(text) == ["\n", "\n", "a\n"])
    }

    @Test func emptyInput() {
        let input = BytesInput([])
        #expect(input.count == 0)
        #expect(input.read() == [])
        #expect(input.readline() == [])
        #expect(input.readlines().isEmpty)
    }

    @Test func mixingReadAndReadline() {
        let input = BytesInput(bytes("ab\ncd\n"))
        #expect(text(input.read(1)) == "a")
        #expect(text(input.readline()) == "b\n")
        #expect(text(input.read(1)) == "c")
        #expect(input.readlines().map(text) == ["d\n"])
    }

    @Test func countAndDescription() {
        let input = BytesInput(data)
        _ = input.read(3)
        #expect(input.count == data.count)
        #expect(input.displayDescription == "<wsgi.input: \(data.count) bytes>")
    }

    @Test func capturedErrorStreamKeepsWhatWasWritten() {
        let errors = CapturedErrorStream()
        errors.write("one\n")
        errors.writelines(["two\n", "three\n"])
        errors.flush()
        #expect(errors.text == "one\ntwo\nthree\n")
        #expect(errors.displayDescription == "<captured>")
        #expect(StandardErrorStream().displayDescription == "<stderr>")
    }
}
