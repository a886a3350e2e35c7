// Large arrays filled in slices, and copies: the same elements as the plain loops.
import Testing
@testable import Datasets

@Suite("Large arrays")
struct LargeArrayTests {
    /// Sizes below and above the 8 MiB line where filling switches to two slices, odd ones too,
    /// so the second slice is shorter than the first.
    @Test("filled in slices: every element written once, by its own index", arguments: [0, 1, 7, 1_000, 2_097_153, 3_000_001])
    func slicesCoverEverything(count: Int) {
        let array: [Int32] = LargeArray.makeInSlices(count: count) { buffer, range in
            for index in range { buffer[index] = Int32(truncatingIfNeeded: index &* 7 &+ 3) }
        }
        #expect(array.count == count)
        #expect(array.indices.allSatisfy { array[$0] == Int32(truncatingIfNeeded: $0 &* 7 &+ 3) })
    }

    @Test("a copy of a slice equals Array(slice), small and large")
    func copyMatches() {
        for count in [0, 16, 9 << 20] {
            let source = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let slice = source[Swift.min(16, count)...]
            #expect(LargeArray.copy(slice) == Array(slice))
        }
    }

    @Test("scaledPixels is pixel / 255 for every pixel of a training-sized set")
    func scaledPixelsMatchFormula() {
        let count = 12_000   // 9.4 M pixels: above the slicing line
        let pixels = (0..<(count * 784)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 9) }
        let images = LabelledImages(imageRows: 28, imageColumns: 28, pixels: pixels, labels: [UInt8](repeating: 0, count: count))
        let scaled = images.scaledPixels()
        #expect(scaled.count == pixels.count)
        #expect(zip(scaled, pixels).allSatisfy { $0 == Float($1) / 255 })
    }
}
