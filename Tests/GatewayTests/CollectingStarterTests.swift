import Gateway
import Testing

/// A collecting ResponseStarter (what `collect` uses): it is the `start_response` and `write` the
/// application calls, with PEP 3333's rules, and keeps `write()` bytes and chunks in order.
@Suite("ResponseStarter: collecting, as start_response's target")
struct CollectingStarterTests {
    @Test func writeThenChunksInOrder() throws {
        let starter = ResponseStarter()
        let start = starter.startResponse
        #expect(throws: GatewayError.writeBeforeStartResponse) { try starter.write(bytes("early")) }
        let write = try start("200 OK", plainText)
        #expect(starter.headersSent == false)
        try write(bytes("a"))
        #expect(starter.headersSent)
        try starter.send(bytes("b"))
        try starter.send([])
        try write(bytes("c"))
        try starter.finish()
        #expect(String(decoding: starter.collected, as: UTF8.self) == "abc")
        #expect(starter.status == "200 OK")
    }

    @Test func rulesOfStartResponseThroughTheTarget() throws {
        let starter = ResponseStarter()
        let start = starter.startResponse
        try start("200 OK", plainText)
        #expect(throws: GatewayError.startResponseCalledTwice) { try start("500 Internal Server Error", []) }
        // Before any bytes, exc_info replaces the response; after them, it is rethrown.
        try start("500 Internal Server Error", [("Content-Type", "text/plain"), ("X-B", "2")], excInfo: Boom(id: 1))
        #expect(starter.headers.map(\.name) == ["Content-Type", "X-B"])
        try starter.send(bytes("x"))
        #expect(throws: Boom(id: 2)) { try start("502 Bad Gateway", plainText, excInfo: Boom(id: 2)) }
        #expect(starter.status == "500 Internal Server Error")
        #expect(throws: GatewayError.startResponseNotCalled) { try ResponseStarter().send(bytes("y")) }
        #expect(throws: GatewayError.startResponseNotCalled) { try ResponseStarter().finish() }
    }

    @Test func anOutputStarterSendsAndKeepsNothing() throws {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        let write = try starter.startResponse("200 OK", plainText)
        try write(bytes("w"))
        try starter.send(bytes("chunk"))
        #expect(output.strings == ["w", "chunk"])
        #expect(starter.collected.isEmpty)
    }

    @Test func closureStartResponseStillWorks() throws {
        let log = ChunkLog()
        let start = StartResponse { status, _, _ in
            log.append(bytes(status))
            return Write { log.append($0) }
        }
        try start("204 No Content", [])(bytes("late"))
        #expect(log.strings == ["204 No Content", "late"])
    }
}
