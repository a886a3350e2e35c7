import Foundation
import Testing
@testable import Datasets

@Suite("gzip")
struct GzipTests {
    static let sample: [UInt8] = (0..<50_000).map { (index: Int) -> UInt8 in
        let square: Int = index * index / 7
        return UInt8((square + index / 300) % 251)
    }

    @Test("compress then decompress returns the input; output has the gzip magic")
    func roundTrip() throws {
        let compressed = try Gzip.compress(Self.sample)
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try Gzip.decompress(compressed, path: "x.gz") == Self.sample)
        #expect(try Gzip.decompress(Gzip.compress([]), path: "empty.gz") == [])
    }

    @Test("decompresses what Python's gzip module wrote", .enabled(if: pythonAvailable, "needs python3"))
    func pythonWritten() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeDirectory(directory) }
        let path = directory + "/p.gz"
        _ = try #require(runPython("import gzip,sys; gzip.open(sys.argv[1],'wb').write(bytes(range(256))*40)", arguments: [path]))
        let expected = (0..<40).flatMap { _ in (0..<256).map(UInt8.init) }
        #expect(try IDX.readDecompressedBytes(path: path) == expected)
    }

    @Test("concatenated members decompress to the concatenation")
    func concatenatedMembers() throws {
        let first: [UInt8] = Array("first part, ".utf8), second: [UInt8] = Array("second part".utf8)
        let joined = try Gzip.compress(first) + Gzip.compress(second)
        #expect(try Gzip.decompress(joined, path: "two.gz") == first + second)
    }

    @Test("truncated gzip is GzipError.truncated, at any cut point")
    func truncated() throws {
        let compressed = try Gzip.compress(Self.sample)
        for cut in [2, 3, 10, compressed.count / 2, compressed.count - 4, compressed.count - 1] {
            #expect(throws: GzipError.truncated(path: "cut.gz")) {
                try Gzip.decompress(Array(compressed.prefix(cut)), path: "cut.gz")
            }
        }
    }

    @Test("corrupt data (bad CRC, garbage deflate) is GzipError.corrupt naming the file")
    func corrupt() throws {
        var badCRC = try Gzip.compress(Self.sample)
        badCRC[badCRC.count - 6] ^= 0xff   // inside the CRC-32 trailer
        let error = try #require(throws: GzipError.self) { try Gzip.decompress(badCRC, path: "crc.gz") }
        guard case .corrupt(let path, _) = error else { Issue.record("expected .corrupt, got \(error)"); return }
        #expect(path == "crc.gz")
        #expect(error.description.contains("crc.gz") && error.description.contains("hint:"))

        let garbage: [UInt8] = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff] + [UInt8](repeating: 0xff, count: 64)
        #expect(throws: GzipError.self) { try Gzip.decompress(garbage, path: "g.gz") }
    }

    @Test("output larger than the limit is refused")
    func outputLimit() throws {
        let compressed = try Gzip.compress([UInt8](repeating: 0, count: 100_000))
        #expect(throws: GzipError.outputTooLarge(path: "big.gz", limit: 50_000)) {
            try Gzip.decompress(compressed, path: "big.gz", maximumOutputBytes: 50_000)
        }
    }
}
