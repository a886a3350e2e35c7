// Absurd declared sizes are refused quickly, before anything of the declared size is allocated.
import Foundation
import Testing
@testable import Datasets

@Suite struct DatasetLimitsTests {
    /// A header-only IDX file with the given dimensions.
    func header(_ dimensions: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 8, UInt8(dimensions.count)]
        for d in dimensions { bytes += [UInt8(d >> 24), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
        return bytes
    }

    @Test func idxHeaderDeclaringFourBillionImagesIsRefusedFast() {
        let start = Date()
        let dimensions: [UInt32] = [UInt32.max, 28, 28]   // 2³² − 1 images of 28×28
        #expect(throws: IDXError.declaredSizeTooLarge(path: "huge.idx", dimensions: dimensions.map(Int.init))) {
            try IDX.decode(header(dimensions) + [1, 2, 3], path: "huge.idx")
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func idxDimensionsWhoseProductOverflowsAreRefused() {
        let dimensions: [UInt32] = [UInt32.max, UInt32.max, UInt32.max, UInt32.max]   // product ≈ 2¹²⁸
        #expect(throws: IDXError.declaredSizeTooLarge(path: "x", dimensions: dimensions.map(Int.init))) {
            try IDX.decode(header(dimensions), path: "x")
        }
        // Just over the 1 GiB payload limit: 2³⁰ + 1 labels.
        #expect(throws: IDXError.declaredSizeTooLarge(path: "x", dimensions: [(1 << 30) + 1])) {
            try IDX.decode(header([(1 << 30) + 1]), path: "x")
        }
    }

    @Test func gzipTrailerClaimingFourGigabytesDoesNotSizeTheBuffer() throws {
        var compressed = try Gzip.compress(Array("tiny".utf8))
        compressed.replaceSubrange((compressed.count - 4)..., with: [0xff, 0xff, 0xff, 0xff])   // ISIZE = 2³² − 1
        // Deflate expands at most 1032:1, so the hint is bounded by the input, not the claim.
        #expect(Gzip.capacityHint(for: compressed, maximumOutputBytes: 1 << 30) == compressed.count * 1032)
        let start = Date()
        #expect(throws: GzipError.self) { try Gzip.decompress(compressed, path: "claim.gz") }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func gzipBombStopsAtTheOutputLimit() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 8 << 20))   // 8 MiB of zeros, ~8 KiB compressed
        #expect(bomb.count < 64 << 10)
        let start = Date()
        #expect(throws: GzipError.outputTooLarge(path: "bomb.gz", limit: 1 << 20)) {
            try Gzip.decompress(bomb, path: "bomb.gz", maximumOutputBytes: 1 << 20)
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }
}
