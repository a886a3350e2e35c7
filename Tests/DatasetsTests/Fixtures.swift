// Test fixtures: tiny IDX files made on the spot (never the real dataset).
import Foundation
@testable import Datasets

/// A fresh empty directory under the system temporary directory; remove it with `removeDirectory`.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.path + "/backprop-datasets-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func removeDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Three 28×28 images whose pixel (r, c) of image i is (i·100 + r·28 + c) mod 256, labelled 2, 0, 9.
struct TinyFixture {
    static let count = 3
    static let labels: [UInt8] = [2, 0, 9]
    static func pixel(image: Int, row: Int, column: Int) -> UInt8 {
        UInt8((image * 100 + row * 28 + column) % 256)
    }
    static var pixels: [UInt8] {
        var values: [UInt8] = []
        for image in 0..<count { for row in 0..<28 { for column in 0..<28 { values.append(pixel(image: image, row: row, column: column)) } } }
        return values
    }
    static var images: IDXArray { IDXArray(dimensions: [count, 28, 28], bytes: pixels) }
    static var labelArray: IDXArray { IDXArray(dimensions: [count], bytes: labels) }

    /// Writes the split's two files into `directory` (gzip-compressed if `compressed`).
    static func write(_ split: FashionMNIST.Split, into directory: String, compressed: Bool,
                      images: IDXArray = TinyFixture.images, labels: IDXArray = TinyFixture.labelArray) throws {
        let suffix = compressed ? ".gz" : ""
        try IDX.write(images, to: directory + "/" + split.imagesFileName + suffix, compressed: compressed)
        try IDX.write(labels, to: directory + "/" + split.labelsFileName + suffix, compressed: compressed)
    }

    /// SHA-256 of the fixture's decompressed files, keyed like `canonicalChecksums`.
    static func checksums(for split: FashionMNIST.Split) -> [String: String] {
        [split.imagesFileName: SHA256.hexDigest(IDX.encode(images)),
         split.labelsFileName: SHA256.hexDigest(IDX.encode(labelArray))]
    }
}

/// Options that search only `directory` (plus nothing system-wide) and never download.
func isolatedOptions(root: String, checksums: FashionMNIST.ChecksumPolicy = .skip) -> FashionMNIST.LoadOptions {
    FashionMNIST.LoadOptions(checksums: checksums, allowDownload: false, environment: ["HOME": root + "/home"],
                             currentDirectory: root, systemDirectories: [])
}

/// Runs python3 with a script; nil if python3 is missing or fails.
func runPython(_ script: String, arguments: [String] = []) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}

let pythonAvailable: Bool = runPython("print(1)") != nil
