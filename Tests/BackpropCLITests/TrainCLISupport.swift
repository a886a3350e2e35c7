// Shared fixtures for the model-command tests (train, evaluate, predict, gradients): a tiny
// synthetic data set in Fashion-MNIST's IDX format, and a trained model on it.
import Datasets
import Foundation
import Linalg
import NeuralNet

/// A tiny data set in Fashion-MNIST's format (28×28 bytes, labels 0…9), uncompressed IDX,
/// so a test can read it back independently. Class k is a bright horizontal band at rows
/// 2k+2…2k+5 over dim noise: learnable in one epoch, but not trivially perfect.
enum SyntheticFashion {
    static let trainCount = 200
    static let testCount = 50

    /// A fresh directory holding the four files.
    static func directory(trainCount: Int = trainCount, testCount: Int = testCount) throws -> URL {
        let directory = temporaryDirectory().appendingPathComponent("data")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {   // SplitMix64, written out so the data does not depend on the code under test
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for (split, count) in [(FashionMNIST.Split.train, trainCount), (.test, testCount)] {
            var pixels: [UInt8] = []
            var labels: [UInt8] = []
            for _ in 0..<count {
                let label = Int(next() % 10)
                labels.append(UInt8(label))
                for row in 0..<28 {
                    for _ in 0..<28 {
                        let inBand = row >= 2 * label + 2 && row < 2 * label + 6
                        let noise = Int(next() % 120)
                        pixels.append(UInt8(inBand ? 135 + noise : noise))
                    }
                }
            }
            try IDX.write(IDXArray(dimensions: [count, 28, 28], bytes: pixels),
                          to: directory.appendingPathComponent(split.imagesFileName).path)
            try IDX.write(IDXArray(dimensions: [count], bytes: labels),
                          to: directory.appendingPathComponent(split.labelsFileName).path)
        }
        return directory
    }

    /// Images of a split as the network sees them (pixel / 255), read straight from the IDX
    /// files, with labels.
    static func read(_ split: FashionMNIST.Split, from directory: URL) throws -> (inputs: Matrix<Double>, labels: [Int]) {
        let images = try IDX.read(path: directory.appendingPathComponent(split.imagesFileName).path)
        let labels = try IDX.read(path: directory.appendingPathComponent(split.labelsFileName).path)
        let count = images.dimensions[0]
        return (Matrix(rows: count, columns: 784, elements: images.bytes.map { Double($0) / 255 }),
                labels.bytes.map(Int.init))
    }
}

/// A small, quick model for tests.
let testArchitecture = "784-32-10"

/// Trains `epochs` epochs on `data` into a new file; returns the file and the run's output.
func trainTestModel(data: URL, epochs: Int = 1, extra: [String] = []) throws -> (file: URL, output: Output) {
    let file = temporaryDirectory().appendingPathComponent("model.safetensors")
    let output = try backprop(["train", "--data", data.path, "--arch", testArchitecture, "--epochs", "\(epochs)",
                               "--batch", "32", "--save", file.path, "--quiet"] + extra)
    return (file, output)
}

/// Row-wise argmax.
func argmaxRows(_ matrix: Matrix<Double>) -> [Int] {
    (0..<matrix.rows).map { row in
        let values = matrix.row(row)
        return values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) } ?? 0
    }
}

/// stderr without the loader's `note:` lines (the synthetic data is not the official set, so
/// every load notes that checksums were skipped).
func diagnostics(_ output: Output) -> String {
    output.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("note: ") }.joined(separator: "\n")
}
