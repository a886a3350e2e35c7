// Synthetic data sets for the training tests.
import Foundation
import Linalg
@testable import NeuralNet

/// N samples in D dimensions whose class is the argmax of a fixed random linear map with a
/// margin: points closer than `margin` to a decision boundary are rejected, so the classes
/// are linearly separable with room to spare.
func separableData(count: Int, dimensions: Int, classes: Int, seed: UInt64, margin: Double = 0.3) -> LabelledData<Float> {
    var generator = Xoshiro256StarStar(seed: 12345)   // the same map for every split
    let map = (0..<classes).map { _ in (0..<dimensions).map { _ in generator.nextGaussian() } }
    var sampler = Xoshiro256StarStar(seed: seed)
    var rows: [Float] = []
    var labels: [Int] = []
    while labels.count < count {
        let x = (0..<dimensions).map { _ in sampler.nextGaussian() }
        let scores = map.map { w in zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let sorted = scores.sorted(by: >)
        guard sorted[0] - sorted[1] > margin else { continue }
        labels.append(scores.firstIndex(of: sorted[0]) ?? 0)
        rows += x.map { Float($0) }
    }
    return LabelledData(inputs: Matrix(rows: count, columns: dimensions, elements: rows), labels: labels, classCount: classes)
}

/// A fresh temporary file URL (the directory exists; the file does not).
func temporaryFile(_ name: String) -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("backprop-train-tests-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name)
}

/// Every parameter's bit patterns, for bit-exact comparisons.
func parameterBits(_ network: Network<Float>) -> [[UInt32]] {
    network.namedParameters.map { $0.value.elements.map(\.bitPattern) }
}

/// A seeded Float network from an architecture string.
func seededNetwork(_ sizes: String, activations: String = "relu", output: String = "softmax+ce", seed: UInt64 = 7) -> Network<Float> {
    var generator = Xoshiro256StarStar(seed: seed)
    let architecture = try? Architecture(parsing: sizes, activations: activations, output: output)
    guard let architecture else { preconditionFailure("bad test architecture \(sizes)") }
    return Network<Float>(architecture: architecture, using: &generator)
}
