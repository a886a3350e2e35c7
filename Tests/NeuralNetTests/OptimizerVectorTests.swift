// The SIMD optimiser updates against the scalar formulas, element by element, on parameter
// tensors whose sizes are not multiples of the 16-lane vectors (the zero-padded tail path).
// Shapes: a 7-13-5 network: weights 13×7 (91 = 5·16 + 11), 5×13 (65 = 4·16 + 1), biases 13 and 5.
import Testing
import Linalg
@testable import NeuralNet

@Suite("Optimisers, vectorised")
struct OptimizerVectorTests {
    /// A network with fresh gradients, and copies of its parameters and gradients.
    static func fixture() throws -> (Network<Float>, params: [[Float]], grads: [[Float]]) {
        var generator = Xoshiro256StarStar(seed: 14)
        let network = try Network<Float>(architecture: "7-13-5", using: &generator)
        let input = gaussianMatrix(9, 7, using: &generator).converted(to: Float.self)
        let targets = Matrix<Float>.oneHot(labels: randomLabels(9, classCount: 5, using: &generator), classCount: 5)
        network.lossAndGradients(input: input, targets: targets)
        return (network, network.namedParameters.map(\.value.elements), network.namedGradients.map(\.value.elements))
    }

    @Test("Adam (with weight decay): bit-identical to the scalar update over three steps")
    func adamMatchesScalar() throws {
        let (network, start, grads) = try Self.fixture()
        let optimizer = Adam<Float>(learningRate: 0.01, weightDecay: 0.1)
        var params = start
        var m = params.map { $0.map { _ in Float(0) } }, v = m
        for t in 1...3 {
            optimizer.step(network)   // the gradients stay those of the fixture
            let (b1, b2, eta, eps): (Float, Float, Float, Float) = (0.9, 0.999, 0.01, 1e-8)
            let c1 = 1 - Float.pow(b1, Float(t)), c2 = 1 - Float.pow(b2, Float(t))
            for slot in params.indices {
                let decay: Float = slot % 2 == 0 ? 0.1 : 0
                for i in params[slot].indices {
                    let g = grads[slot][i]
                    m[slot][i] = b1 * m[slot][i] + (1 - b1) * g
                    v[slot][i] = b2 * v[slot][i] + (1 - b2) * g * g
                    let mHat = m[slot][i] / c1, vHat = v[slot][i] / c2
                    params[slot][i] -= eta * (mHat / (vHat.squareRoot() + eps) + decay * params[slot][i])
                }
            }
            #expect(network.namedParameters.map(\.value.elements) == params, "step \(t)")
            #expect(optimizer.firstMoments == m && optimizer.secondMoments == v, "step \(t)")
        }
    }

    @Test("momentum: bit-identical to v ← μv + g, θ ← θ − ηv over three steps")
    func momentumMatchesScalar() throws {
        let (network, start, grads) = try Self.fixture()
        let optimizer = MomentumSGD<Float>(learningRate: 0.05, momentum: 0.9)
        var params = start
        var velocity = params.map { $0.map { _ in Float(0) } }
        for t in 1...3 {
            optimizer.step(network)
            for slot in params.indices {
                for i in params[slot].indices {
                    velocity[slot][i] = 0.9 * velocity[slot][i] + grads[slot][i]
                    params[slot][i] -= 0.05 * velocity[slot][i]
                }
            }
            #expect(network.namedParameters.map(\.value.elements) == params, "step \(t)")
            #expect(optimizer.velocities == velocity, "step \(t)")
        }
    }
}

@Suite("Optimisers, split over cores")
struct OptimizerParallelTests {
    /// A 301-81-5 network: its first weight (81×301 = 24,381 = 1,523·16 + 13 scalars) is above
    /// `Lanes.parallelMinimum`, so its update is cut into one slice per core, with a ragged tail.
    static func fixture() throws -> (Network<Float>, params: [[Float]], grads: [[Float]]) {
        var generator = Xoshiro256StarStar(seed: 15)
        let network = try Network<Float>(architecture: "301-81-5", using: &generator)
        let input = gaussianMatrix(6, 301, using: &generator).converted(to: Float.self)
        let targets = Matrix<Float>.oneHot(labels: randomLabels(6, classCount: 5, using: &generator), classCount: 5)
        network.lossAndGradients(input: input, targets: targets)
        return (network, network.namedParameters.map(\.value.elements), network.namedGradients.map(\.value.elements))
    }

    @Test("the split tensor really is above the threshold")
    func fixtureIsLargeEnough() throws {
        let (network, _, _) = try Self.fixture()
        #expect(network.denseLayers[0].weight.count >= Lanes.parallelMinimum)
        #expect(network.denseLayers[0].weight.count % Lanes.width != 0)
    }

    @Test("SGD on a split tensor: bit-identical to θ ← θ − ηg")
    func sgdMatchesScalar() throws {
        let (network, start, grads) = try Self.fixture()
        SGD<Float>(learningRate: 0.05).step(network)
        let expected = zip(start, grads).map { theta, g in zip(theta, g).map { $0 - 0.05 * $1 } }
        #expect(network.namedParameters.map(\.value.elements) == expected)
    }

    @Test("Adam on a split tensor: bit-identical to the scalar update over two steps")
    func adamMatchesScalar() throws {
        let (network, start, grads) = try Self.fixture()
        let optimizer = Adam<Float>(learningRate: 0.01)
        var params = start
        var m = params.map { $0.map { _ in Float(0) } }, v = m
        for t in 1...2 {
            optimizer.step(network)
            let (b1, b2, eta, eps): (Float, Float, Float, Float) = (0.9, 0.999, 0.01, 1e-8)
            let c1 = 1 - Float.pow(b1, Float(t)), c2 = 1 - Float.pow(b2, Float(t))
            for slot in params.indices {
                for i in params[slot].indices {
                    let g = grads[slot][i]
                    m[slot][i] = b1 * m[slot][i] + (1 - b1) * g
                    v[slot][i] = b2 * v[slot][i] + (1 - b2) * g * g
                    params[slot][i] -= eta * ((m[slot][i] / c1) / ((v[slot][i] / c2).squareRoot() + eps))
                }
            }
            #expect(network.namedParameters.map(\.value.elements) == params, "step \(t)")
        }
    }
}
