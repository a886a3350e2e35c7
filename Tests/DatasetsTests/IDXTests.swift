import Foundation
import Testing
@testable import Datasets

@Suite("IDX format")
struct IDXTests {
    /// A 2×3 array written out by hand from the format description.
    static let handWritten: [UInt8] = [0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 10, 11, 12, 20, 21, 22]

    @Test("decodes a hand-written file")
    func decodeHandWritten() throws {
        let array = try IDX.decode(Self.handWritten, path: "h")
        #expect(array.dimensions == [2, 3])
        #expect(array.bytes == [10, 11, 12, 20, 21, 22])
    }

    @Test("encodes to the hand-written bytes; big-endian dimensions above 255")
    func encode() {
        #expect(IDX.encode(IDXArray(dimensions: [2, 3], bytes: [10, 11, 12, 20, 21, 22])) == Self.handWritten)
        let wide = IDX.encode(IDXArray(dimensions: [0x0102, 0], bytes: []))
        #expect(wide == [0, 0, 8, 2, 0, 0, 0x01, 0x02, 0, 0, 0, 0])
    }

    @Test("round trip through files, raw and gzip", arguments: [false, true])
    func fileRoundTrip(compressed: Bool) throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/a"
        try IDX.write(TinyFixture.images, to: path, compressed: compressed)
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect((raw.prefix(2) == Data([0x1f, 0x8b])) == compressed)
        #expect(try IDX.read(path: path) == TinyFixture.images)
    }

    @Test("reads an IDX file written by numpy", .enabled(if: pythonAvailable, "needs python3 + numpy"))
    func numpyWritten() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/n"
        let script = """
        import numpy as np, struct, sys
        a = (np.arange(4*5*6) * 7 % 256).astype(np.uint8).reshape(4, 5, 6)
        open(sys.argv[1], 'wb').write(struct.pack('>BBBB', 0, 0, 8, 3) + struct.pack('>III', *a.shape) + a.tobytes())
        """
        _ = try #require(runPython(script, arguments: [path]))
        let array = try IDX.read(path: path)
        #expect(array.dimensions == [4, 5, 6])
        #expect(array.bytes == (0..<120).map { UInt8($0 * 7 % 256) })
    }

    @Test("wrong magic")
    func wrongMagic() {
        var bytes = Self.handWritten
        bytes[1] = 0x01
        #expect(throws: IDXError.wrongMagic(path: "m", found: [0, 1, 8, 2])) { try IDX.decode(bytes, path: "m") }
    }

    @Test("gzip bytes given to the raw decoder get a gzip hint")
    func gzipGivenToDecoder() throws {
        let error = try #require(throws: IDXError.self) { try IDX.decode(Gzip.compress(Self.handWritten), path: "z") }
        #expect(error.hint.contains("gzip"))
    }

    @Test("unsupported element type and rank")
    func typeAndRank() {
        var wrongType = Self.handWritten
        wrongType[2] = 0x0d   // float32
        #expect(throws: IDXError.unsupportedElementType(path: "t", typeCode: 0x0d)) { try IDX.decode(wrongType, path: "t") }
        #expect(throws: IDXError.unsupportedRank(path: "r", rank: 0)) { try IDX.decode([0, 0, 8, 0], path: "r") }
    }

    @Test("truncated header")
    func truncatedHeader() {
        #expect(throws: IDXError.truncatedHeader(path: "s", byteCount: 3, headerBytes: 4)) { try IDX.decode([0, 0, 8], path: "s") }
        #expect(throws: IDXError.truncatedHeader(path: "s", byteCount: 10, headerBytes: 12)) {
            try IDX.decode(Array(Self.handWritten.prefix(10)), path: "s")
        }
    }

    @Test("truncated payload names declared and actual sizes")
    func truncatedPayload() {
        #expect(throws: IDXError.truncatedPayload(path: "p", expectedBytes: 6, actualBytes: 4)) {
            try IDX.decode(Array(Self.handWritten.dropLast(2)), path: "p")
        }
    }

    @Test("trailing bytes")
    func trailingBytes() {
        #expect(throws: IDXError.trailingBytes(path: "p", expectedBytes: 6, actualBytes: 7)) {
            try IDX.decode(Self.handWritten + [0], path: "p")
        }
    }

    @Test("absurd declared sizes are rejected before allocating (including Int overflow)")
    func absurdSizes() {
        let max = UInt8(0xff)
        // 4 × 0xffffffff overflows Int64.
        let overflowing: [UInt8] = [0, 0, 8, 4] + [UInt8](repeating: max, count: 16)
        #expect(throws: IDXError.declaredSizeTooLarge(path: "o", dimensions: Array(repeating: 0xffff_ffff, count: 4))) {
            try IDX.decode(overflowing, path: "o")
        }
        // 2 GiB declared, 0 bytes present: too large, not "truncated".
        let huge: [UInt8] = [0, 0, 8, 1, 0x80, 0, 0, 0]
        #expect(throws: IDXError.declaredSizeTooLarge(path: "h", dimensions: [1 << 31])) { try IDX.decode(huge, path: "h") }
    }

    @Test("error messages name the file and carry a hint")
    func messages() {
        let error = IDXError.truncatedPayload(path: "/tmp/x-idx3-ubyte", expectedBytes: 6, actualBytes: 4)
        #expect(error.description.contains("/tmp/x-idx3-ubyte"))
        #expect(error.description.contains("6") && error.description.contains("4"))
        #expect(error.description.contains("\nhint: "))
    }
}
