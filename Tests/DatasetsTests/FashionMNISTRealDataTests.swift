import Foundation
import Testing
@testable import Datasets

/// Runs only where Debian's dataset-fashion-mnist is installed; the rest of the suite never needs it.
@Suite("Fashion-MNIST real data", .enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.systemDirectory),
                                           "needs /usr/share/datasets/fashion-mnist"))
struct FashionMNISTRealDataTests {
    @Test("both splits load, verify their checksums, and have balanced classes",
          arguments: FashionMNIST.Split.allCases)
    func realSplit(split: FashionMNIST.Split) throws {
        let set = try FashionMNIST.load(split, fromDirectory: FashionMNIST.systemDirectory, checksums: .canonical)
        #expect(set.count == split.officialCount)
        #expect(set.pixels.count == split.officialCount * 784)
        #expect(set.classCounts() == Array(repeating: split.officialCount / 10, count: 10))
    }
}
