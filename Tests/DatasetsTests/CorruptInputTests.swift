// The corrupt-input matrix for IDX files, raw and gzip-compressed: a valid small file cut at
// every eighth of its length, a flipped byte in the header and in the payload, an empty file
// and a directory. Every case must give a typed error naming the file, except a flipped raw
// pixel byte: raw IDX has no checksum, so that corruption is undetectable by design and the
// file decodes (with the flipped byte). In gzip files the CRC-32 catches a flipped payload byte.
import Foundation
import Testing
@testable import Datasets

/// Runs `body` and checks that it throws an `E` whose description names `path`.
func expectError<E: Error & CustomStringConvertible>(_ errorType: E.Type, naming path: String,
                                                     sourceLocation: Testing.SourceLocation = #_sourceLocation,
                                                     _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a \(E.self), got a result", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(error.description.contains(path), "the error does not name \(path): \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a \(E.self), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct IDXCorruptInputTests {
    /// 2×3×4 bytes: header 4 + 3·4 = 16 bytes, payload 24 bytes, 40 in all.
    static let array = IDXArray(dimensions: [2, 3, 4], bytes: (0..<24).map { UInt8($0 * 7 % 256) })
    static let raw = IDX.encode(array)

    func withFile(_ bytes: [UInt8], _ body: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/images-idx3-ubyte"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try body(path)
    }

    @Test func fixtureLayoutIsAsDocumented() {
        #expect(Self.raw.count == 40)
        #expect(Array(Self.raw.prefix(8)) == [0, 0, 8, 3, 0, 0, 0, 2])
    }

    @Test(arguments: 0..<8)
    func truncatedRawFileGivesTheExactTruncationError(eighth: Int) throws {
        let cut = Self.raw.count * eighth / 8   // 0, 5, 10, …, 35
        try withFile(Array(Self.raw.prefix(cut))) { path in
            let expected: IDXError = cut < 4 ? .truncatedHeader(path: path, byteCount: cut, headerBytes: 4)
                : cut < 16 ? .truncatedHeader(path: path, byteCount: cut, headerBytes: 16)
                : .truncatedPayload(path: path, expectedBytes: 24, actualBytes: cut - 16)
            #expect(throws: expected) { try IDX.read(path: path) }
            expectError(IDXError.self, naming: path) { _ = try IDX.read(path: path) }
        }
    }

    @Test func flippedHeaderBytesAreDetected() throws {
        var typeFlipped = Self.raw
        typeFlipped[2] ^= 0xff   // element type 0x08 → 0xf7
        try withFile(typeFlipped) { path in
            #expect(throws: IDXError.unsupportedElementType(path: path, typeCode: 0xf7)) { try IDX.read(path: path) }
        }
        var dimensionFlipped = Self.raw
        dimensionFlipped[7] ^= 0xff  // first dimension 2 → 253: 253·3·4 = 3036 bytes declared
        try withFile(dimensionFlipped) { path in
            #expect(throws: IDXError.truncatedPayload(path: path, expectedBytes: 3036, actualBytes: 24)) { try IDX.read(path: path) }
        }
    }

    @Test func flippedRawPayloadByteIsUndetectableByDesign() throws {
        var flipped = Self.raw
        flipped[16 + 10] ^= 0xff
        var expectedBytes = Self.array.bytes
        expectedBytes[10] ^= 0xff
        try withFile(flipped) { path in
            let decoded = try IDX.read(path: path)
            #expect(decoded == IDXArray(dimensions: [2, 3, 4], bytes: expectedBytes))
        }
    }

    @Test(arguments: 0..<8)
    func truncatedGzipFileIsATypedError(eighth: Int) throws {
        let compressed = try Gzip.compress(Self.raw)
        let cut = compressed.count * eighth / 8
        try withFile(Array(compressed.prefix(cut))) { path in
            if cut < 2 {
                // Too short to carry the gzip magic: read as raw IDX, too short for its header.
                #expect(throws: IDXError.truncatedHeader(path: path, byteCount: cut, headerBytes: 4)) { try IDX.read(path: path) }
            } else {
                #expect(throws: GzipError.truncated(path: path)) { try IDX.read(path: path) }
            }
        }
    }

    @Test func flippedGzipHeaderAndPayloadBytesAreDetected() throws {
        let compressed = try Gzip.compress(Self.raw)
        // Byte 2 is the compression method (8 = deflate); byte 0 the first magic byte.
        for (offset, kind) in [(2, "header method"), (compressed.count / 2, "deflate payload"), (compressed.count - 6, "CRC-32")] {
            var flipped = compressed
            flipped[offset] ^= 0xff
            try withFile(flipped) { path in
                do {
                    _ = try IDX.read(path: path)
                    Issue.record("a flipped \(kind) byte went unnoticed")
                } catch let error as GzipError {
                    guard case .corrupt = error else { Issue.record("\(kind): expected .corrupt, got \(error)"); return }
                    #expect(error.description.contains(path))
                }
            }
        }
        var magicFlipped = compressed
        magicFlipped[0] ^= 0xff   // no longer gzip: read as raw IDX, whose magic is wrong
        try withFile(magicFlipped) { path in
            expectError(IDXError.self, naming: path) { _ = try IDX.read(path: path) }
        }
    }

    @Test func emptyFileAndDirectoryAreTypedErrors() throws {
        try withFile([]) { path in
            #expect(throws: IDXError.truncatedHeader(path: path, byteCount: 0, headerBytes: 4)) { try IDX.read(path: path) }
        }
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        expectError(DatasetError.self, naming: directory) { _ = try IDX.read(path: directory) }
        // No-permission files are not tested: the tests may run as root, who can read anything.
    }
}
