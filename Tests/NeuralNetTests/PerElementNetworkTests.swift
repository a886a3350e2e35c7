// Lesson 2's per-element network: its gradients pass a gradient check, and the vectorised
// Network computes the same numbers to 1e-12.
import Foundation
import Testing
import Linalg
@testable import NeuralNet

@Suite("Per-element network")
struct PerElementNetworkTests {
    /// A 4-3-2 sigmoid/MSE per-element network and a batch of 5 samples.
    static func fixture() -> (PerElementNetwork, [[Double]], [[Double]]) {
        var generator = Xoshiro256StarStar(seed: 20)
        var network = PerElementNetwork(inputCount: 4, hiddenCount: 3, outputCount: 2, using: &generator)
        network.hiddenBiases = (0..<3).map { _ in generator.nextGaussian(mean: 0, standardDeviation: 0.5) }
        network.outputBiases = (0..<2).map { _ in generator.nextGaussian(mean: 0, standardDeviation: 0.5) }
        let inputs = (0..<5).map { _ in (0..<4).map { _ in generator.nextGaussian() } }
        let targets = (0..<5).map { _ in (0..<2).map { _ in generator.nextUniform() } }
        return (network, inputs, targets)
    }

    @Test("forward matches the closed form on a hand-sized 2-1-1 net")
    func handSized() {
        // net_h = 0.5·1 − 0.25·2 + 0.1 = 0.1, h = σ(0.1); net_o = 2h − 1, o = σ(net_o)
        let network = PerElementNetwork(hiddenWeights: [[0.5, -0.25]], hiddenBiases: [0.1],
                                        outputWeights: [[2]], outputBiases: [-1])
        let (h, o) = network.forward([1, 2])
        let expectedHidden = 1 / (1 + exp(-0.1))
        let expectedOutput = 1 / (1 + exp(-(2 * expectedHidden - 1)))
        #expect(abs(h[0] - expectedHidden) < 1e-15)
        #expect(abs(o[0] - expectedOutput) < 1e-15)
        #expect(abs(network.loss(input: [1, 2], target: [1]) - (1 - expectedOutput) * (1 - expectedOutput)) < 1e-15)
    }

    @Test("all four gradient families pass a central-difference check at ≤ 1e-7")
    func gradientCheck() {
        let (network, inputs, targets) = Self.fixture()
        let analytic = network.gradients(inputs: inputs, targets: targets)
        func lossWith(_ edit: @escaping (inout PerElementNetwork, Matrix<Double>) -> Void) -> (Matrix<Double>) -> Double {
            { theta in var copy = network; edit(&copy, theta); return copy.loss(inputs: inputs, targets: targets) }
        }
        let tensors = [
            GradientCheck.check(name: "w_h", at: Matrix(network.hiddenWeights), analyticGradient: Matrix(analytic.hiddenWeights),
                                function: lossWith { $0.hiddenWeights = nested($1) }),
            GradientCheck.check(name: "b_h", at: Matrix(row: network.hiddenBiases), analyticGradient: Matrix(row: analytic.hiddenBiases),
                                function: lossWith { $0.hiddenBiases = $1.elements }),
            GradientCheck.check(name: "w_o", at: Matrix(network.outputWeights), analyticGradient: Matrix(analytic.outputWeights),
                                function: lossWith { $0.outputWeights = nested($1) }),
            GradientCheck.check(name: "b_o", at: Matrix(row: network.outputBiases), analyticGradient: Matrix(row: analytic.outputBiases),
                                function: lossWith { $0.outputBiases = $1.elements }),
        ]
        let report = GradientCheckReport(tensors: tensors)
        #expect(report.passed && report.maxRelativeError <= 1e-7, "\(report)")
        #expect(report.checkedCount == 12 + 3 + 6 + 2)
    }

    @Test("vectorised Network gradients equal the per-element ones to 1e-12")
    func vectorisedMatchesPerElement() throws {
        let (perElement, inputs, targets) = Self.fixture()
        let expected = perElement.gradients(inputs: inputs, targets: targets)
        let network = Network<Double>(copying: perElement)
        let loss = network.lossAndGradients(input: Matrix(inputs), targets: Matrix(targets))
        #expect(abs(loss - perElement.loss(inputs: inputs, targets: targets)) <= 1e-12)
        let pairs: [(String, Matrix<Double>)] = [
            ("layer1.weight", Matrix(expected.hiddenWeights)), ("layer1.bias", Matrix(row: expected.hiddenBiases)),
            ("layer2.weight", Matrix(expected.outputWeights)), ("layer2.bias", Matrix(row: expected.outputBiases)),
        ]
        for (name, value) in pairs {
            let gradient = try network.gradient(named: name)
            #expect(gradient.rows == value.rows && gradient.columns == value.columns, "\(name) shape")
            #expect((gradient - value).maxAbs() <= 1e-12, "\(name) differs by \((gradient - value).maxAbs())")
        }
        // Outputs too, sample by sample.
        let outputs = network.forward(Matrix(inputs))
        for n in 0..<inputs.count {
            let o = perElement.forward(inputs[n]).output
            for k in 0..<2 { #expect(abs(outputs[n, k] - o[k]) <= 1e-15) }
        }
    }
}

