import Gateway
import Testing

@Suite("ResponseBody: chunks, drain and close")
struct ResponseBodyTests {
    @Test func drainYieldsEveryChunkThenClosesOnce() throws {
        let closes = Counter()
        let body = ChunkedBody([bytes("a"), [], bytes("bc")], onClose: { closes.increment() })
        let seen = ChunkLog()
        try body.drain { seen.append($0) }
        #expect(seen.strings == ["a", "", "bc"])
        #expect(closes.count == 1)
    }

    @Test func drainClosesOnceWhenNextThrows() {
        let closes = Counter()
        let produced = Counter()
        let body = GeneratedBody(onClose: { closes.increment() }) {
            produced.increment()
            if produced.count == 2 { throw Boom(id: 2) }
            return bytes("chunk \(produced.count)")
        }
        let seen = ChunkLog()
        #expect(throws: Boom(id: 2)) {
            try body.drain { seen.append($0) }
        }
        #expect(seen.strings == ["chunk 1"])
        #expect(closes.count == 1)
    }

    @Test func drainClosesOnceWhenEachThrows() {
        let closes = Counter()
        let body = ChunkedBody([bytes("a"), bytes("b"), bytes("c")], onClose: { closes.increment() })
        let seen = ChunkLog()
        #expect(throws: Boom(id: 5)) {
            try body.drain { chunk in
                seen.append(chunk)
                if chunk == bytes("b") { throw Boom(id: 5) }
            }
        }
        #expect(seen.strings == ["a", "b"])
        #expect(closes.count == 1)
        // Iteration stopped where `each` threw.
        #expect(body.next() == bytes("c"))
    }

    @Test func emptyBodyDrainsAndCloses() throws {
        let closes = Counter()
        let body = ChunkedBody([], onClose: { closes.increment() })
        try body.drain { _ in Issue.record("no chunk expected") }
        #expect(closes.count == 1)
    }

    @Test func chunkedBodyFromText() {
        let body = ChunkedBody("héllo")
        #expect(body.next() == Array("héllo".utf8))
        #expect(body.next() == nil)
        #expect(body.next() == nil)
        body.close()  // no onClose: nothing happens
    }

    @Test func generatedBodyStopsAtNil() throws {
        let remaining = Counter()
        let body = GeneratedBody {
            remaining.increment()
            return remaining.count <= 2 ? bytes("\(remaining.count)") : nil
        }
        let seen = ChunkLog()
        try body.drain { seen.append($0) }
        #expect(seen.strings == ["1", "2"])
    }
}
