import CZlib

/// gzip as Django writes it (`django.utils.text.compress_string` and `compress_sequence`), byte
/// for byte as Python's `gzip` module does: a 10-byte header with modification time 0 and the
/// "unknown" OS byte (255), a raw deflate stream at level 6, then CRC-32 and length.
///
/// With `maxRandomBytes`, Django's BREACH mitigation ("Heal the Breach"): the header carries a
/// file name of 0 to maxRandomBytes − 1 `a`s, so the length of a response varies at random.
public enum GZip {
    /// Python's `gzip.FNAME` header flag.
    public static let fileNameFlag: UInt8 = 0x08

    /// `secrets.randbelow(n)`: a uniform integer in 0..<n from the system's secure generator.
    public static func secureRandomBelow(_ bound: Int) -> Int { Int.random(in: 0..<bound) }

    /// `compress_string(data, max_random_bytes=…)`. With a positive `maxRandomBytes`, the header
    /// has the FNAME flag and a random-length name, even an empty one, as Django's does.
    public static func compressString(
        _ data: [UInt8], maxRandomBytes: Int? = nil, randomBelow: (Int) -> Int = secureRandomBelow
    ) -> [UInt8] {
        let fileName = maxRandomBytes.flatMap { $0 > 0 ? randomFileName($0, randomBelow) : nil }
        let compressor = GZipCompressor(fileName: fileName)
        return compressor.header + compressor.compress(data) + compressor.finish()
    }

    /// `compress_sequence(sequence, max_random_bytes=…)`: a body pulled chunk by chunk, compressed
    /// as it goes. The header comes first as a chunk of its own, then whatever each input chunk
    /// yields (chunks that yield nothing are skipped), then the end of the stream and the trailer.
    /// With `flushEach` every input chunk is flushed (Z_SYNC_FLUSH), so it reaches the client at
    /// once, as Django does for `text/event-stream`. As with Python's GzipFile, a random name of
    /// length 0 leaves the FNAME flag off.
    public static func compressSequence(
        _ next: @escaping () throws -> [UInt8]?, maxRandomBytes: Int? = nil, flushEach: Bool = false,
        randomBelow: (Int) -> Int = secureRandomBelow
    ) -> () throws -> [UInt8]? {
        let fileName = maxRandomBytes.flatMap { $0 > 0 ? randomFileName($0, randomBelow) : nil }
        let compressor = GZipCompressor(fileName: fileName?.isEmpty == true ? nil : fileName)
        var header: [UInt8]? = compressor.header
        var finished = false
        return {
            if let pending = header {
                header = nil
                return pending
            }
            if finished { return nil }
            while let chunk = try next() {
                let output = compressor.compress(chunk, flush: flushEach)
                if !output.isEmpty { return output }
            }
            finished = true
            return compressor.finish()
        }
    }

    /// `_get_random_filename`: `b"a" * secrets.randbelow(max_random_bytes)`.
    static func randomFileName(_ maxRandomBytes: Int, _ randomBelow: (Int) -> Int) -> [UInt8] {
        [UInt8](repeating: UInt8(ascii: "a"), count: randomBelow(maxRandomBytes))
    }
}

/// One gzip member written incrementally: `header`, then `compress` for each piece of input,
/// then `finish` once for the end of the deflate stream and the trailer.
public final class GZipCompressor {
    /// The gzip header: magic, method 8, flags, mtime 0, extra flags, OS 255, and the name.
    public let header: [UInt8]
    private let stream: UnsafeMutablePointer<z_stream>
    private var checksum: UInt = 0
    private var length: UInt32 = 0
    private var finished = false

    /// - Parameters:
    ///   - level: the compression level; Django uses 6.
    ///   - fileName: the FNAME field (without its terminating zero); nil for none.
    public init(level: Int32 = 6, fileName: [UInt8]? = nil) {
        // Python's extra flags: 2 for the best compression, 4 for the fastest, else 0.
        let extraFlags: UInt8 = level == 9 ? 2 : level == 1 ? 4 : 0
        var header: [UInt8] = [0x1f, 0x8b, 8, fileName == nil ? 0 : GZip.fileNameFlag, 0, 0, 0, 0, extraFlags, 255]
        if let fileName { header += fileName + [0] }
        self.header = header

        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // A raw deflate stream (negative window bits): the header and trailer are written here.
        let status = shallot_deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `data`, returning what deflate has ready (often nothing for small input,
    /// unless `flush` asks for everything so far).
    public func compress(_ data: [UInt8], flush: Bool = false) -> [UInt8] {
        precondition(!finished, "compress after finish")
        data.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { checksum = crc32_z(checksum, base, buffer.count) }
        }
        length &+= UInt32(truncatingIfNeeded: data.count)
        return run(data, flush: flush ? Z_SYNC_FLUSH : Z_NO_FLUSH)
    }

    /// Ends the deflate stream and appends the trailer: CRC-32 and length mod 2³², little-endian.
    public func finish() -> [UInt8] {
        precondition(!finished, "finish called twice")
        finished = true
        var output = run([], flush: Z_FINISH)
        for value in [UInt32(truncatingIfNeeded: checksum), length] {
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return output
    }

    private func run(_ input: [UInt8], flush: Int32) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        input.withUnsafeBufferPointer { inputBuffer in
            var remaining = inputBuffer[...]
            repeat {
                // avail_in is 32 bits: feed larger input in slices.
                let slice = UnsafeBufferPointer(rebasing: remaining.prefix(Int(UInt32.max)))
                remaining = remaining.dropFirst(slice.count)
                let last = remaining.isEmpty
                stream.pointee.next_in = UnsafeMutablePointer(mutating: slice.baseAddress)
                stream.pointee.avail_in = UInt32(slice.count)
                let mode = last ? flush : Z_NO_FLUSH
                repeat {
                    buffer.withUnsafeMutableBufferPointer { out in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        let status = CZlib.deflate(stream, mode)
                        precondition(status != Z_STREAM_ERROR, "deflate failed")
                        output.append(contentsOf: out.prefix(out.count - Int(stream.pointee.avail_out)))
                    }
                } while stream.pointee.avail_out == 0
            } while !remaining.isEmpty
        }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        return output
    }
}
