// Lesson 2's per-element network (loops over Double arrays) against the vectorised `Network`
// on the same weights and data. Shapes: S samples, D inputs, H hidden, K outputs, B batch.
import Linalg

/// Seconds for one gradient pass over the same samples, both ways.
public struct PerElementComparison: Sendable, Codable {
    public var architecture: String
    public var samples: Int
    public var batchSize: Int
    public var perElementSeconds: Double
    public var vectorisedSeconds: Double
    /// perElementSeconds / vectorisedSeconds.
    public var speedUp: Double { perElementSeconds / vectorisedSeconds }
}

public enum PerElementBenchmark {
    /// Times the gradients over `samples` random inputs in batches of `batchSize`, per-element
    /// (`PerElementNetwork.gradients(inputs:targets:)`) and vectorised
    /// (`Network(copying:).lossAndGradients`), median of `runs` passes each.
    public static func run(inputCount: Int = 784, hiddenCount: Int = 32, outputCount: Int = 10,
                           samples: Int = 1000, batchSize: Int = 100, runs: Int = 3) -> PerElementComparison {
        var generator = Xoshiro256StarStar(seed: 7)
        let perElement = PerElementNetwork(inputCount: inputCount, hiddenCount: hiddenCount,
                                           outputCount: outputCount, using: &generator)
        let vectorised = Network(copying: perElement)
        let inputs = (0..<samples).map { _ in (0..<inputCount).map { _ in generator.nextUniform() } }
        let targets = (0..<samples).map { index in (0..<outputCount).map { $0 == index % outputCount ? 1.0 : 0.0 } }
        let starts = Array(stride(from: 0, to: samples, by: batchSize))
        let batches = starts.map { start -> (inputs: [[Double]], targets: [[Double]], x: Matrix<Double>, t: Matrix<Double>) in
            let end = Swift.min(start + batchSize, samples)
            let batchInputs = Array(inputs[start..<end]), batchTargets = Array(targets[start..<end])
            return (batchInputs, batchTargets, Matrix(batchInputs), Matrix(batchTargets))
        }
        var checksum = 0.0
        let perElementSeconds = Stopwatch.medianSeconds(runs: runs, warmups: 0) {
            for batch in batches {
                checksum += perElement.gradients(inputs: batch.inputs, targets: batch.targets).outputBiases[0]
            }
        }
        let vectorisedSeconds = Stopwatch.medianSeconds(runs: Swift.max(runs, 5), warmups: 1) {
            for batch in batches {
                checksum += vectorised.lossAndGradients(input: batch.x, targets: batch.t)
            }
        }
        precondition(checksum.isFinite, "PerElementBenchmark: non-finite gradients")
        return PerElementComparison(architecture: "\(inputCount)-\(hiddenCount)-\(outputCount) sigmoid+mse",
                                    samples: samples, batchSize: batchSize,
                                    perElementSeconds: perElementSeconds, vectorisedSeconds: vectorisedSeconds)
    }
}
