import Gateway
import Testing

@Suite("ResponseStarter: the server side of start_response")
struct ResponseStarterTests {
    @Test func recordsStatusAndHeaders() throws {
        let starter = ResponseStarter(output: { _ in })
        #expect(starter.status == nil)
        #expect(starter.headers.isEmpty)
        try starter.startResponse("200 OK", [("Content-Type", "text/plain"), ("X-A", "1")])
        #expect(starter.status == "200 OK")
        #expect(starter.headers.map(\.name) == ["Content-Type", "X-A"])
        #expect(starter.headers.map(\.value) == ["text/plain", "1"])
        #expect(starter.headersSent == false)
    }

    @Test func secondCallWithoutExcInfoThrows() throws {
        let starter = ResponseStarter(output: { _ in })
        try starter.startResponse("200 OK", plainText)
        #expect(throws: GatewayError.startResponseCalledTwice) {
            try starter.startResponse("500 Internal Server Error", [])
        }
        // The first response stands.
        #expect(starter.status == "200 OK")
        #expect(starter.headers.map(\.name) == ["Content-Type"])
    }

    @Test func excInfoBeforeHeadersAreSentReplacesTheResponse() throws {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        try starter.startResponse("200 OK", [("Content-Type", "text/html"), ("X-Old", "1")])
        try starter.send([])
        try starter.startResponse("500 Internal Server Error", [("Content-Type", "text/plain")], excInfo: Boom(id: 1))
        #expect(starter.status == "500 Internal Server Error")
        #expect(starter.headers.map(\.name) == ["Content-Type"])
        #expect(starter.headers.map(\.value) == ["text/plain"])
        #expect(starter.headersSent == false)
        #expect(output.chunks.isEmpty)
    }

    @Test func excInfoOnTheFirstCallJustStarts() throws {
        let starter = ResponseStarter(output: { _ in })
        try starter.startResponse("500 Internal Server Error", plainText, excInfo: Boom())
        #expect(starter.status == "500 Internal Server Error")
    }

    @Test func excInfoAfterHeadersAreSentRethrowsIt() throws {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        try starter.startResponse("200 OK", plainText)
        try starter.send(bytes("partial"))
        #expect(starter.headersSent)
        #expect(throws: Boom(id: 7)) {
            try starter.startResponse("500 Internal Server Error", plainText, excInfo: Boom(id: 7))
        }
        #expect(starter.status == "200 OK")
        #expect(output.strings == ["partial"])
    }

    @Test func excInfoAfterFinishRethrowsIt() throws {
        let starter = ResponseStarter(output: { _ in })
        try starter.startResponse("200 OK", plainText)
        try starter.finish()
        #expect(throws: Boom(id: 3)) {
            try starter.startResponse("500 Internal Server Error", plainText, excInfo: Boom(id: 3))
        }
    }

    @Test func emptyChunksDoNotMarkHeadersSent() throws {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        try starter.startResponse("200 OK", plainText)
        try starter.send([])
        try starter.send([])
        #expect(starter.headersSent == false)
        #expect(output.chunks.isEmpty)
        try starter.send(bytes("x"))
        #expect(starter.headersSent)
        #expect(output.strings == ["x"])
    }

    @Test func emptyChunkBeforeStartIsIgnored() throws {
        let starter = ResponseStarter(output: { _ in })
        try starter.send([])
        #expect(starter.headersSent == false)
    }

    @Test func writeAndBodyChunksReachTheOutputInOrder() throws {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        let write = try starter.startResponse("200 OK", plainText)
        try write(bytes("one"))
        try write([])
        try starter.send(bytes("two"))
        try write(bytes("three"))
        try starter.send(bytes("four"))
        try starter.finish()
        #expect(output.strings == ["one", "two", "three", "four"])
        #expect(starter.headersSent)
    }

    @Test func writeMarksHeadersSent() throws {
        let starter = ResponseStarter(output: { _ in })
        let write = try starter.startResponse("200 OK", plainText)
        try write(bytes("w"))
        #expect(starter.headersSent)
        #expect(throws: Boom(id: 2)) {
            try starter.startResponse("500 Internal Server Error", plainText, excInfo: Boom(id: 2))
        }
    }

    @Test func outputErrorsPropagate() throws {
        let starter = ResponseStarter(output: { _ in throw Boom(id: 9) })
        try starter.startResponse("200 OK", plainText)
        #expect(throws: Boom(id: 9)) { try starter.send(bytes("x")) }
    }

    @Test func finishWithoutStartThrows() {
        let starter = ResponseStarter(output: { _ in })
        #expect(throws: GatewayError.startResponseNotCalled) { try starter.finish() }
        #expect(starter.headersSent == false)
    }

    @Test func sendWithoutStartThrows() {
        let output = ChunkLog()
        let starter = ResponseStarter(output: { output.append($0) })
        #expect(throws: GatewayError.startResponseNotCalled) { try starter.send(bytes("early")) }
        #expect(output.chunks.isEmpty)
        #expect(starter.headersSent == false)
    }

    @Test func finishMarksHeadersSent() throws {
        let starter = ResponseStarter(output: { _ in })
        try starter.startResponse("204 No Content", [])
        try starter.finish()
        #expect(starter.headersSent)
    }

    @Test func gatewayErrorDescriptions() {
        #expect(GatewayError.startResponseCalledTwice.description == "start_response was called a second time without exc_info")
        #expect(GatewayError.startResponseNotCalled.description == "the body was iterated (or ended) before start_response was called")
        #expect(GatewayError.writeBeforeStartResponse.description == "write() was called before start_response")
    }
}
