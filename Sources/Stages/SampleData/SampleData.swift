// Small seeded networks and batches shared by lessons 2-7, so every lesson can say "the same
// network and batch as lesson 2".
// Shapes: N samples, D inputs, H hidden units, K outputs.
import Linalg
import NeuralNet

enum SampleData {
    /// Lesson 2's network size: D-H-K = 4-5-3, small enough to check every parameter.
    static let inputCount = 4
    static let hiddenCount = 5
    static let outputCount = 3
    /// Samples in the batch used by lessons 2-4.
    static let batchSize = 6

    /// A D-H-K sigmoid network with Xavier weights and small random biases (so no bias
    /// gradient is trivially zero), seeded.
    static func perElementNetwork(seed: UInt64) -> PerElementNetwork {
        var generator = Xoshiro256StarStar(seed: seed)
        var network = PerElementNetwork(inputCount: inputCount, hiddenCount: hiddenCount,
                                        outputCount: outputCount, using: &generator)
        network.hiddenBiases = (0..<hiddenCount).map { _ in generator.nextUniform(in: -0.5, 0.5) }
        network.outputBiases = (0..<outputCount).map { _ in generator.nextUniform(in: -0.5, 0.5) }
        return network
    }

    /// N inputs in [−1, 1] (N×D nested) and N targets in [0, 1] (N×K nested), seeded.
    static func batch(seed: UInt64, count: Int = batchSize, inputCount: Int = inputCount,
                      outputCount: Int = outputCount) -> (inputs: [[Double]], targets: [[Double]]) {
        var generator = Xoshiro256StarStar(seed: seed &+ 1)
        let inputs = (0..<count).map { _ in (0..<inputCount).map { _ in generator.nextUniform(in: -1, 1) } }
        let targets = (0..<count).map { _ in (0..<outputCount).map { _ in generator.nextUniform(in: 0, 1) } }
        return (inputs, targets)
    }

    /// One-hot targets for N random labels (N×K), seeded.
    static func oneHotTargets(seed: UInt64, count: Int, classCount: Int) -> Matrix<Double> {
        var generator = Xoshiro256StarStar(seed: seed &+ 2)
        let labels = (0..<count).map { _ in generator.nextIndex(below: classCount) }
        return Matrix.oneHot(labels: labels, classCount: classCount)
    }

    /// A rows×columns matrix with entries uniform in [low, high], seeded.
    static func uniformMatrix(rows: Int, columns: Int, low: Double = -1, high: Double = 1,
                              using generator: inout some RandomNumberGenerator) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns) { _, _ in generator.nextUniform(in: low, high) }
    }
}

extension PerElementGradients {
    /// The four families as matrices, in a fixed order with the lesson's names.
    var families: [(name: String, value: Matrix<Double>)] {
        [("∂L/∂w_h", Matrix(hiddenWeights)), ("∂L/∂b_h", Matrix(row: hiddenBiases)),
         ("∂L/∂w_o", Matrix(outputWeights)), ("∂L/∂b_o", Matrix(row: outputBiases))]
    }
}

/// Runs `body` and returns how long it took, in seconds (monotonic clock).
func measureSeconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
