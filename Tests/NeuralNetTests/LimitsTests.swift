// Absurd declared sizes in a safetensors file are refused quickly, without allocating them.
import Foundation
@testable import NeuralNet
import Testing

@Suite struct SafetensorsLimitsTests {
    @Test(arguments: [UInt64(1) << 63, UInt64.max, SafetensorsFile.maximumHeaderLength + 1])
    func absurdHeaderLengthIsRefusedFast(length: UInt64) {
        let start = Date()
        let bytes = craftedFile("{}", headerLength: length)
        #expect(throws: WeightsError.headerTooLarge(file: "huge.safetensors", headerLength: length)) {
            try SafetensorsFile.parse(bytes, file: "huge.safetensors")
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func shapeWhoseByteCountOverflowsIsASizeMismatch() {
        // 2⁴⁰ × 2⁴⁰ F32 elements: the byte count overflows Int; nothing is allocated for it.
        let bytes = craftedFile(oneTensorHeader(shape: "[1099511627776,1099511627776]", offsets: "[0,0]"))
        let start = Date()
        #expect(throws: WeightsError.sizeMismatch(file: "x", tensor: "t", expectedBytes: Int.max, actualBytes: 0)) {
            try SafetensorsFile.parse(bytes, file: "x")
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func offsetsFarBeyondTheFileAreRefused() {
        let end = 1 << 62
        let bytes = craftedFile(oneTensorHeader(shape: "[\(end / 4)]", offsets: "[0,\(end)]"))
        #expect(throws: WeightsError.offsetsOutOfRange(file: "x", tensor: "t", begin: 0, end: end, dataLength: 0)) {
            try SafetensorsFile.parse(bytes, file: "x")
        }
    }
}
