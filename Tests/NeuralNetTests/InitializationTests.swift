import Testing
import Linalg
@testable import NeuralNet

@Suite("Weight initialisation")
struct InitializationTests {
    @Test("He normal has mean 0 and standard deviation √(2/fan_in)")
    func he() {
        var generator = Xoshiro256StarStar(seed: 1)
        let w: Matrix<Double> = Initialization.he.weights(outputCount: 200, inputCount: 250, using: &generator)
        #expect(w.rows == 200 && w.columns == 250)
        let n = Double(w.count)
        let mean = w.sum() / n
        let variance = w.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let expected = 2.0 / 250
        // 50,000 samples: relative standard error of a variance ≈ √(2/n) ≈ 0.6%; allow 3%.
        #expect(abs(variance / expected - 1) < 0.03)
        #expect(abs(mean) < 5 * expected.squareRoot() / n.squareRoot())
    }

    @Test("Xavier uniform stays within ±√(6/(in+out)) with variance a²/3")
    func xavier() {
        var generator = Xoshiro256StarStar(seed: 2)
        let w: Matrix<Double> = Initialization.xavier.weights(outputCount: 100, inputCount: 300, using: &generator)
        let limit = (6.0 / 400).squareRoot()
        #expect(w.elements.allSatisfy { abs($0) <= limit })
        #expect(w.maxAbs() > 0.99 * limit)
        let variance = w.elements.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        #expect(abs(variance / (limit * limit / 3) - 1) < 0.03)
    }

    @Test("networks start with zero biases and He weights before ReLU")
    func networkInitialisation() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        let network = try Network<Double>(architecture: "400-300-10", activations: "relu", using: &generator)
        #expect(network.denseLayers.allSatisfy { $0.bias.maxAbs() == 0 })
        let w = network.denseLayers[0].weight
        let variance = w.elements.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        #expect(abs(variance / (2.0 / 400) - 1) < 0.03)
        #expect(network.denseLayers[1].weight.maxAbs() <= (6.0 / 310).squareRoot())
    }
}
