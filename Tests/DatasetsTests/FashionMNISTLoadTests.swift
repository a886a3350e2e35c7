import Foundation
import Testing
@testable import Datasets

@Suite("Fashion-MNIST loading (tiny fixtures)")
struct FashionMNISTLoadTests {
    @Test("loads a 3-image fixture, raw or gzip, and pixels land where the format says",
          arguments: [false, true])
    func loadFixture(compressed: Bool) throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: compressed)
        let set = try FashionMNIST.load(.test, fromDirectory: root,
                                        checksums: .custom(TinyFixture.checksums(for: .test)))
        #expect(set.count == 3 && set.imageRows == 28 && set.imageColumns == 28)
        #expect(set.labels == [2, 0, 9])
        #expect(set.labelIndices == [2, 0, 9])
        // Image 2, row 5, column 7 → (200 + 140 + 7) mod 256 = 91, at index 2·784 + 5·28 + 7.
        #expect(set.pixels[2 * 784 + 5 * 28 + 7] == 91)
        #expect(Array(set.pixels(ofImage: 1)).first == 100)
        #expect(set.classCounts() == [1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test("scaled pixels are N×784 row-major Floats, pixel/255, in [0, 1]")
    func scaledPixels() throws {
        let set = LabelledImages(imageRows: 1, imageColumns: 3, pixels: [0, 51, 255, 255, 102, 0], labels: [1, 2])
        #expect(set.scaledPixels() == [0, 0.2, 1, 1, 0.4, 0])
        #expect(set.pixelsPerImage == 3)
        #expect(set.prefix(1) == LabelledImages(imageRows: 1, imageColumns: 3, pixels: [0, 51, 255], labels: [1]))
    }

    @Test("class names: ten, in label order")
    func classNames() {
        #expect(FashionMNIST.classNames.count == FashionMNIST.classCount)
        #expect(FashionMNIST.classNames[0] == "T-shirt/top" && FashionMNIST.classNames[9] == "Ankle boot")
        #expect(FashionMNIST.Split.train.imagesFileName == "train-images-idx3-ubyte")
        #expect(FashionMNIST.Split.test.labelsFileName == "t10k-labels-idx1-ubyte")
    }

    @Test("wrong magic in a dataset file is IDXError.wrongMagic naming the file")
    func wrongMagic() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: false)
        let path = root + "/t10k-labels-idx1-ubyte"
        try Data([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: IDXError.wrongMagic(path: path, found: [0x50, 0x4b, 0x03, 0x04])) {
            try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip)
        }
    }

    @Test("truncated gzip dataset file is GzipError.truncated naming the file")
    func truncatedGzip() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: true)
        let path = root + "/t10k-images-idx3-ubyte.gz"
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(throws: GzipError.truncated(path: path)) {
            try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip)
        }
    }

    @Test("truncated IDX payload is IDXError.truncatedPayload with both sizes")
    func truncatedPayload() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: false)
        let path = root + "/t10k-images-idx3-ubyte"
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.dropLast(100).write(to: URL(fileURLWithPath: path))
        #expect(throws: IDXError.truncatedPayload(path: path, expectedBytes: 3 * 784, actualBytes: 3 * 784 - 100)) {
            try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip)
        }
    }

    @Test("images/labels count mismatch")
    func countMismatch() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: false, labels: IDXArray(dimensions: [2], bytes: [1, 2]))
        #expect(throws: DatasetError.countMismatch(imagesPath: root + "/t10k-images-idx3-ubyte", imageCount: 3,
                                                   labelsPath: root + "/t10k-labels-idx1-ubyte", labelCount: 2)) {
            try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip)
        }
    }

    @Test("wrong image size (3×27×28)")
    func wrongImageSize() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let images = IDXArray(dimensions: [3, 27, 28], bytes: [UInt8](repeating: 0, count: 3 * 27 * 28))
        try TinyFixture.write(.test, into: root, compressed: true, images: images)
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip) }
        #expect(error == .wrongImageSize(path: root + "/t10k-images-idx3-ubyte.gz", dimensions: [3, 27, 28],
                                         expectedRows: 28, expectedColumns: 28))
        #expect(error.description.contains("3×27×28"))
    }

    @Test("label out of range (10)")
    func labelOutOfRange() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: false, labels: IDXArray(dimensions: [3], bytes: [0, 10, 3]))
        #expect(throws: DatasetError.labelOutOfRange(path: root + "/t10k-labels-idx1-ubyte", index: 1, value: 10, classCount: 10)) {
            try FashionMNIST.load(.test, fromDirectory: root, checksums: .skip)
        }
    }

    @Test("checksum mismatch names the file, the expected and the actual digest")
    func checksumMismatch() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.test, into: root, compressed: true)
        // Canonical checksums are for the real files, so the fixture must fail them.
        let error = try #require(throws: DatasetError.self) { try FashionMNIST.load(.test, fromDirectory: root) }
        let path = root + "/t10k-images-idx3-ubyte.gz"
        let actual = SHA256.hexDigest(IDX.encode(TinyFixture.images))
        #expect(error == .checksumMismatch(path: path, expected: FashionMNIST.canonicalChecksums["t10k-images-idx3-ubyte"]!, actual: actual))
        #expect(error.description.contains(path) && error.description.contains(actual) && error.description.contains("5b4141f0"))
    }

    @Test("checksums verify the decompressed bytes: same digest for raw and .gz of one file")
    func checksumOfDecompressed() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try TinyFixture.write(.train, into: root, compressed: true)
        let digests = TinyFixture.checksums(for: .train)
        _ = try FashionMNIST.load(.train, fromDirectory: root, checksums: .custom(digests))
    }
}
