// The checker must fail planted bugs, flag ReLU kinks, sample big tensors, and pass correct nets.
import Testing
import Linalg
@testable import NeuralNet

@Suite("Gradient checker")
struct GradientCheckTests {
    /// A 3-3-2 per-element net (square hidden layer, so a transposed w_h has the right shape)
    /// and a batch of 4: the loss as a function of w_h and the correct gradient.
    static func squareFixture() -> (point: Matrix<Double>, correct: Matrix<Double>, loss: (Matrix<Double>) -> Double,
                                    network: PerElementNetwork, inputs: [[Double]], targets: [[Double]]) {
        var generator = Xoshiro256StarStar(seed: 40)
        let network = PerElementNetwork(inputCount: 3, hiddenCount: 3, outputCount: 2, using: &generator)
        let inputs = (0..<4).map { _ in (0..<3).map { _ in generator.nextGaussian() } }
        let targets = (0..<4).map { _ in (0..<2).map { _ in generator.nextUniform() } }
        let correct = Matrix(network.gradients(inputs: inputs, targets: targets).hiddenWeights)
        let loss: (Matrix<Double>) -> Double = { theta in
            var copy = network
            copy.hiddenWeights = nested(theta)
            return copy.loss(inputs: inputs, targets: targets)
        }
        return (Matrix(network.hiddenWeights), correct, loss, network, inputs, targets)
    }

    @Test("the correct per-element gradient passes")
    func correctPasses() {
        let f = Self.squareFixture()
        let tensor = GradientCheck.check(name: "w_h", at: f.point, analyticGradient: f.correct, function: f.loss)
        #expect(tensor.passed, "\(GradientCheckReport(tensors: [tensor]))")
    }

    @Test("a sign flip fails")
    func signFlipFails() {
        let f = Self.squareFixture()
        let buggy = (-1.0) * f.correct
        let tensor = GradientCheck.check(name: "w_h", at: f.point, analyticGradient: buggy, function: f.loss)
        #expect(!tensor.passed)
        #expect(tensor.maxRelativeError > 0.99)   // |a − n| / (|a| + |n|) = 1 for a = −n
    }

    @Test("a missing 1/m (summing instead of averaging over the batch) fails")
    func missingBatchMeanFails() {
        let f = Self.squareFixture()
        // Bug: accumulate per-sample gradients without dividing by m.
        var buggy = Matrix<Double>(rows: 3, columns: 3)
        for n in 0..<f.inputs.count {
            buggy += Matrix(f.network.gradients(input: f.inputs[n], target: f.targets[n]).hiddenWeights)
        }
        let tensor = GradientCheck.check(name: "w_h", at: f.point, analyticGradient: buggy, function: f.loss)
        #expect(!tensor.passed)
        #expect(tensor.maxRelativeError > 0.5)    // (4 − 1)/(4 + 1) = 0.6
        let report = GradientCheckReport(tensors: [tensor])
        #expect(!report.passed)
        #expect(report.description.contains("FAIL"))
        #expect(report.description.contains("worst entries of w_h"))
    }

    @Test("a transposed weight gradient fails")
    func transposedFails() {
        let f = Self.squareFixture()
        let buggy = f.correct.transposed()
        #expect((buggy - f.correct).maxAbs() > 1e-6, "fixture must not be symmetric")
        let tensor = GradientCheck.check(name: "w_h", at: f.point, analyticGradient: buggy, function: f.loss)
        #expect(!tensor.passed)
        // The diagonal is unaffected by a transpose; the worst entry must be off-diagonal.
        if let worst = tensor.worstEntries.first { #expect(worst.row != worst.column) }
    }

    @Test("an entry whose ±h step crosses a ReLU kink is flagged and excluded")
    func kinkDetected() throws {
        // 2-2-1 ReLU net, linear output, MSE. Hidden unit 0's pre-activation for the single sample
        // is 1e-7: a ±1e-5 step on layer1.bias[0] moves it across 0.
        let architecture = try Architecture(layerSizes: [2, 2, 1], hiddenActivations: [.relu], output: .linearMeanSquaredError)
        let hidden = Dense<Double>(weight: Matrix([[0.5, -0.25], [0.3, 0.8]]), bias: Matrix(row: [1e-7, 0.1]))
        let output = Dense<Double>(weight: Matrix([[1.5, -0.7]]), bias: Matrix(row: [0.2]))
        let network = Network(architecture: architecture, denseLayers: [hidden, output])
        let input = Matrix<Double>([[0.4, 0.8]])   // 0.5·0.4 − 0.25·0.8 = 0  ⇒  z₀ = 1e-7
        let targets = Matrix<Double>([[3]])
        // Only layer 1: layer2.weight[0]'s true gradient is δ·h₀ ≈ 1e-7, so round-off in the
        // loss (~1e-15 / 2h) alone gives it a relative error ~1e-5 — a different lesson.
        let report = try GradientCheck.check(network: network, input: input, targets: targets,
                                             parameterNames: ["layer1.weight", "layer1.bias"])
        #expect(report.tensor(named: "layer1.weight")?.kinkCount == 2)   // both weights into unit 0
        let bias = try #require(report.tensor(named: "layer1.bias"))
        #expect(bias.kinkCount == 1)
        #expect(bias.kinkEntries.first?.index == 0)
        // Without kink handling this entry would fail: the one-sided slopes differ, so the
        // central difference is about half the analytic value.
        if let entry = bias.kinkEntries.first { #expect(entry.relativeError > 1e-3) }
        #expect(report.passed, "\(report)")
        #expect(report.description.contains("skipped at ReLU kinks in layer1.bias"))
        // Hidden unit 1 (z = 0.1 + …) is far from its kink: its bias entry is checked normally.
        #expect(bias.checkedCount == 2 && bias.maxRelativeError <= 1e-7)
    }

    @Test("closure-based kink detection through preActivations")
    func closureKink() {
        let point = Matrix<Double>(row: [1e-7, 0.5, -0.5])
        let gradient = Matrix<Double>(row: [1, 1, 0])        // d/dθ Σ relu(θ) with slope 1 at 1e-7
        let tensor = GradientCheck.check(name: "θ", at: point, analyticGradient: gradient,
                                         preActivations: { $0.elements }) { theta in
            theta.elements.reduce(0) { $0 + max($1, 0) }
        }
        #expect(tensor.kinkCount == 1 && tensor.kinkEntries.first?.index == 0)
        #expect(tensor.passed)
        // Without the detector, entry 0's central difference is ≈ 0.505, not 1: it fails.
        let blind = GradientCheck.check(name: "θ", at: point, analyticGradient: gradient) { theta in
            theta.elements.reduce(0) { $0 + max($1, 0) }
        }
        #expect(!blind.passed)
    }

    @Test("big tensors are sampled reproducibly and the counts are reported")
    func sampling() throws {
        var generator = Xoshiro256StarStar(seed: 41)
        let network = try Network<Double>(architecture: "30-20-4", activations: "sigmoid", output: "softmax+ce", using: &generator)
        let input = gaussianMatrix(3, 30, using: &generator)
        let targets = Matrix<Double>.oneHot(labels: [0, 3, 1], classCount: 4)
        let options = GradientCheck.Options(maxEntriesPerTensor: 25, seed: 5)
        let first = try GradientCheck.check(network: network, input: input, targets: targets, options: options)
        let second = try GradientCheck.check(network: network, input: input, targets: targets, options: options)
        let weight = try #require(first.tensor(named: "layer1.weight"))
        #expect(weight.checkedCount == 25 && weight.totalCount == 600)
        #expect(first.tensor(named: "layer2.bias")?.checkedCount == 4)   // small tensors: all entries
        #expect(first.description.contains("25/600"))
        #expect(weight.worstEntries.map(\.index) == second.tensor(named: "layer1.weight")?.worstEntries.map(\.index))
        #expect(first.passed, "\(first)")
    }

    @Test("a deeper ReLU network passes the network check (kinks excluded)")
    func reluNetworkPasses() throws {
        var generator = Xoshiro256StarStar(seed: 42)
        let network = try Network<Double>(architecture: "6-5-4-3", activations: "relu", output: "softmax+ce", using: &generator)
        let input = gaussianMatrix(4, 6, using: &generator)
        let targets = Matrix<Double>.oneHot(labels: [0, 1, 2, 1], classCount: 3)
        let before = network.namedParameters.map(\.value)
        let report = try GradientCheck.check(network: network, input: input, targets: targets)
        #expect(report.passed && report.maxRelativeError <= 1e-7, "\(report)")
        #expect(report.tensors.count == 6)
        #expect(network.namedParameters.map(\.value) == before, "parameters must be restored")
    }

    @Test("unknown parameter names are a typed error")
    func unknownName() throws {
        var generator = Xoshiro256StarStar(seed: 43)
        let network = try Network<Double>(architecture: "2-2", using: &generator)
        #expect(throws: NetworkError.self) {
            try GradientCheck.check(network: network, input: Matrix(rows: 1, columns: 2),
                                    targets: Matrix(rows: 1, columns: 2), parameterNames: ["layer9.weight"])
        }
    }

    @Test("relative error formula and its floor")
    func relativeError() {
        #expect(GradientCheck.relativeError(analytic: 0, numeric: 0) == 0)
        #expect(GradientCheck.relativeError(analytic: 1, numeric: -1) == 1)
        #expect(abs(GradientCheck.relativeError(analytic: 3, numeric: 1) - 0.5) < 1e-16)
        #expect(GradientCheck.relativeError(analytic: 1e-13, numeric: 0) == 1e-13 / GradientCheck.relativeErrorFloor)
    }
}
