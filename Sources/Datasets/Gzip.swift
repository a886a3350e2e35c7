// gzip through the system zlib: decompression for reading datasets, compression for fixtures.
import CZlib

/// gzip (RFC 1952) decompression and compression using the system's zlib.
public enum Gzip {
    /// Default cap on decompressed size (1 GiB), so a damaged or hostile file can't exhaust memory.
    public static let defaultMaximumOutputBytes = 1 << 30
    /// Deflate's largest possible expansion ratio (zlib technical details: 1032:1).
    static let maximumExpansion = 1032
    /// Bytes inflated per zlib call.
    static let chunkBytes = 1 << 20

    /// The first `count` decompressed bytes of gzip `input` (fewer if it holds fewer), or nil
    /// if zlib rejects the start of the stream. Inflates only as far as needed.
    static func decompressedPrefix(_ input: [UInt8], count: Int) -> [UInt8]? {
        guard isCompressed(input), count > 0 else { return nil }
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: count)
        let status: Int32 = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress!)
                stream.avail_in = UInt32(min(inputBuffer.count, Int(UInt32.max)))
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(count)
                var status = Z_OK
                while stream.avail_out > 0 && status == Z_OK { status = inflate(&stream, Z_NO_FLUSH) }
                return status
            }
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { return nil }
        let produced = count - Int(stream.avail_out)
        return produced == count || status == Z_STREAM_END ? Array(output.prefix(produced)) : nil
    }

    /// True if `bytes` starts with the gzip magic 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses gzip data: one member, or several concatenated (as `cat a.gz b.gz` makes).
    ///
    /// - Parameters:
    ///   - input: the compressed bytes, starting with 1f 8b.
    ///   - path: the file's path, used only in error messages.
    ///   - maximumOutputBytes: refuse to produce more than this.
    /// - Throws: `GzipError.truncated` if the data stops early, `.corrupt` if zlib rejects it.
    public static func decompress(_ input: [UInt8], path: String,
                                  maximumOutputBytes: Int = defaultMaximumOutputBytes) throws -> [UInt8] {
        guard isCompressed(input) else { throw GzipError.notGzip(path: path) }
        guard input.count <= Int(UInt32.max) else { throw GzipError.outputTooLarge(path: path, limit: maximumOutputBytes) }
        var output: [UInt8] = []
        // The last 4 bytes of a member hold its uncompressed size mod 2³²: a good capacity hint,
        // but only a claim. Deflate expands at most ~1032:1, so never reserve more than that
        // (a 30-byte file claiming 4 GiB must not allocate 1 GiB up front).
        output.reserveCapacity(capacityHint(for: input, maximumOutputBytes: maximumOutputBytes))

        var stream = z_stream()
        // windowBits 16 + 15: expect a gzip header, 32 KiB window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError.corrupt(path: path, detail: "zlib could not start: \(zlibMessage(stream))")
        }
        defer { inflateEnd(&stream) }

        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        try input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress!)
            stream.avail_in = UInt32(inputBuffer.count)
            try chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                while true {
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    let produced = chunkBuffer.count - Int(stream.avail_out)
                    guard output.count + produced <= maximumOutputBytes else {
                        throw GzipError.outputTooLarge(path: path, limit: maximumOutputBytes)
                    }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: chunkBuffer[0..<produced]))
                    switch status {
                    case Z_OK:
                        continue
                    case Z_STREAM_END:
                        let remaining = Int(stream.avail_in)
                        if remaining == 0 { return }
                        let rest = UnsafeBufferPointer(start: stream.next_in, count: remaining)
                        if remaining >= 2 && rest[0] == 0x1f && rest[1] == 0x8b {
                            inflateReset(&stream)   // another member follows
                            continue
                        }
                        if rest.allSatisfy({ $0 == 0 }) { return }   // zero padding, as gzip(1) allows
                        throw GzipError.corrupt(path: path, detail: "\(remaining) unexpected bytes after the end of the compressed data")
                    case Z_BUF_ERROR where stream.avail_in == 0:
                        throw GzipError.truncated(path: path)
                    default:
                        throw GzipError.corrupt(path: path, detail: zlibMessage(stream))
                    }
                }
            }
        }
        return output
    }

    /// How many output bytes to reserve for decompressing `input`: the size its trailer claims,
    /// capped by `maximumOutputBytes` and by what deflate can possibly expand `input` to.
    static func capacityHint(for input: [UInt8], maximumOutputBytes: Int) -> Int {
        let tail = input.count >= 4 ? input.suffix(4).map(Int.init) : [0, 0, 0, 0]
        let claimed = tail[0] | tail[1] << 8 | tail[2] << 16 | tail[3] << 24
        return min(claimed, maximumOutputBytes, input.count * maximumExpansion)
    }

    /// Compresses `input` as a single gzip member (used to make test fixtures).
    public static func compress(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError.compressionFailed(detail: zlibMessage(stream))
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count))) + 64
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw GzipError.compressionFailed(detail: zlibMessage(stream))
        }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// zlib's own description of the last error, if any.
    static func zlibMessage(_ stream: z_stream) -> String {
        stream.msg.map { String(cString: $0) } ?? "unknown zlib error"
    }
}
