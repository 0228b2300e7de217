import Gateway
import NIOCore
import Testing
import Wire

@testable import Server

@Suite("serve: the response head written in one pass")
struct ResponseHeadTests {
    static func bytes(_ head: ResponseHead) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        head.write(to: &buffer)
        #expect(buffer.readableBytes <= head.size)
        return Array(buffer.readableBytesView)
    }

    @Test("status line, the application's fields less Connection and Keep-Alive, then the server's, in order")
    func order() {
        var head = ResponseHead(version: .http11, status: "200 OK", applicationHeaders: [
            ("Content-Type", "text/plain"), ("Connection", "close"), ("Keep-Alive", "timeout=5"), ("X-A", ""),
        ])
        head.framing = .contentLength(1_234_567)
        head.server = "shallot"
        head.date = "Sun, 06 Nov 1994 08:49:37 GMT"
        head.connection = .close
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: \r\nContent-Length: 1234567\r\nServer: shallot\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n"
        #expect(Self.bytes(head) == Array(text.utf8))
        #expect(head.fields.map(\.name) == ["Content-Type", "X-A", "Content-Length", "Server", "Date", "Connection"])
        #expect(head.fields.map(\.value) == ["text/plain", "", "1234567", "shallot", "Sun, 06 Nov 1994 08:49:37 GMT", "close"])
    }

    @Test("chunked framing, HTTP/1.0 keep-alive, Content-Length 0, a long value")
    func variants() {
        var chunked = ResponseHead(version: .http11, status: "404 Not Found", applicationHeaders: [])
        chunked.framing = .chunked
        #expect(Self.bytes(chunked) == Array("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))

        let long = String(repeating: "x", count: 5000)
        var old = ResponseHead(version: .http10, status: "200 OK", applicationHeaders: [("X-Long", long)])
        old.framing = .contentLength(0)
        old.connection = .keepAlive
        #expect(Self.bytes(old) == Array("HTTP/1.0 200 OK\r\nX-Long: \(long)\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n".utf8))
    }

    @Test("a character above U+007F goes out as its latin-1 byte, as PEP 3333 says")
    func latin1() {
        var head = ResponseHead(version: .http11, status: "200 Très bien", applicationHeaders: [("X-Name", "café")])
        head.framing = .contentLength(3)
        let expected: [UInt8] = Array("HTTP/1.1 200 Tr".utf8) + [0xE8] + Array("s bien\r\nX-Name: caf".utf8) + [0xE9]
            + Array("\r\nContent-Length: 3\r\n\r\n".utf8)
        #expect(Self.bytes(head) == expected)
    }
}
