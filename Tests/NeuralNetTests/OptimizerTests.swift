// Each optimiser against updates computed by hand on a 1-1 linear network.
//
// Fixture: w = 2, b = 1, x = 3, y = 4, MSE. z = w·x + b = 7, L = (y − z)² = 9,
// ∂L/∂z = 2(z − y) = 6, so ∂L/∂w = 6·3 = 18 and ∂L/∂b = 6.
import Testing
import Linalg
@testable import NeuralNet

@Suite("Optimisers")
struct OptimizerTests {
    static let input = Matrix<Double>([[3]])
    static let target = Matrix<Double>([[4]])

    static func network() throws -> Network<Double> {
        let architecture = try Architecture(layerSizes: [1, 1], hiddenActivations: [], output: .linearMeanSquaredError)
        return Network(architecture: architecture, denseLayers: [Dense(weight: Matrix([[2]]), bias: Matrix([[1]]))])
    }

    static func weightAndBias(_ network: Network<Double>) -> (Double, Double) {
        (network.denseLayers[0].weight[0, 0], network.denseLayers[0].bias[0, 0])
    }

    @Test("the fixture's gradients are 18 and 6")
    func fixture() throws {
        let network = try Self.network()
        #expect(network.lossAndGradients(input: Self.input, targets: Self.target) == 9)
        #expect(try network.gradient(named: "layer1.weight") == Matrix([[18]]))
        #expect(try network.gradient(named: "layer1.bias") == Matrix([[6]]))
    }

    @Test("SGD: θ ← θ − η·g")
    func sgd() throws {
        let network = try Self.network()
        network.lossAndGradients(input: Self.input, targets: Self.target)
        SGD<Double>(learningRate: 0.1).step(network)
        let (w, b) = Self.weightAndBias(network)
        #expect(abs(w - 0.2) < 1e-15 && abs(b - 0.4) < 1e-15)   // 2 − 0.1·18, 1 − 0.1·6
    }

    @Test("momentum: v ← μv + g, θ ← θ − ηv, over two steps")
    func momentum() throws {
        let network = try Self.network()
        let optimizer = MomentumSGD<Double>(learningRate: 0.1, momentum: 0.9)
        network.lossAndGradients(input: Self.input, targets: Self.target)
        optimizer.step(network)                      // v = (18, 6): w = 0.2, b = 0.4
        // Now z = 0.2·3 + 0.4 = 1, ∂L/∂z = −6: g = (−18, −6).
        network.lossAndGradients(input: Self.input, targets: Self.target)
        optimizer.step(network)                      // v = 0.9·(18, 6) − (18, 6) = (−1.8, −0.6)
        let (w, b) = Self.weightAndBias(network)
        #expect(abs(w - 0.38) < 1e-14 && abs(b - 0.46) < 1e-14)   // 0.2 + 0.18, 0.4 + 0.06
    }

    @Test("Adam: bias-corrected moments, two steps")
    func adam() throws {
        let network = try Self.network()
        let optimizer = Adam<Double>(learningRate: 0.1)
        network.lossAndGradients(input: Self.input, targets: Self.target)
        optimizer.step(network)
        // Step 1: m̂ = g, v̂ = g², so θ moves by η·g/(|g| + ε) ≈ η: w = 2 − 0.1·18/(18 + 1e-8).
        var (w, b) = Self.weightAndBias(network)
        #expect(abs(w - 1.9000000000555555) < 1e-14 && abs(b - 0.9) < 1e-8)
        // Step 2 at z = 6.6: g = (15.6, 5.2). Computed by hand (Python, same formulas):
        // m = 0.9·1.8 + 0.1·15.6, v = 0.999·0.324 + 0.001·15.6², m̂ = m/(1 − 0.9²), v̂ = v/(1 − 0.999²)
        network.lossAndGradients(input: Self.input, targets: Self.target)
        optimizer.step(network)
        (w, b) = Self.weightAndBias(network)
        #expect(abs(w - 1.8006255816496277) < 1e-9 && abs(b - 0.8006255817676341) < 1e-9)
        #expect(optimizer.stepCount == 2)
    }

    @Test("AdamW decays weights (not biases): θ ← θ − η(m̂/(√v̂+ε) + λθ)")
    func adamWeightDecay() throws {
        let network = try Self.network()
        network.lossAndGradients(input: Self.input, targets: Self.target)
        Adam<Double>(learningRate: 0.1, epsilon: 0, weightDecay: 0.5).step(network)
        let (w, b) = Self.weightAndBias(network)
        #expect(abs(w - 1.8) < 1e-14)   // 2 − 0.1·(1 + 0.5·2)
        #expect(abs(b - 0.9) < 1e-14)   // 1 − 0.1·1
    }

    @Test("Float optimisers update in place without changing shapes")
    func floatInPlace() throws {
        var generator = Xoshiro256StarStar(seed: 60)
        let network = try Network<Float>(architecture: "5-4-3", using: &generator)
        let input = gaussianMatrix(2, 5, using: &generator).converted(to: Float.self)
        let targets = Matrix<Float>.oneHot(labels: [0, 2], classCount: 3)
        let before = network.loss(input: input, targets: targets)
        let optimizers: [any Optimizer<Float>] = [SGD(learningRate: 0.1), MomentumSGD(learningRate: 0.1), Adam(learningRate: 0.01)]
        for optimizer in optimizers {
            for _ in 0..<5 {
                network.lossAndGradients(input: input, targets: targets)
                optimizer.step(network)
            }
        }
        #expect(network.loss(input: input, targets: targets) < before)
        #expect(try network.parameter(named: "layer1.weight").shapeDescription == "4×5")
    }
}
