// The benchmark's epoch loop against a straightforward per-sample reference trainer written
// here from the formulas (no Network, no Matrix): same shuffle, same batches, same SGD steps.
// Shapes: S samples, D = 6 inputs, hidden 5 and 4 (ReLU), K = 3 classes (softmax + CE).
import Linalg
@testable import NeuralNet
import Testing

/// Plain nested-array parameters of a D-H1-H2-K MLP: weights out×in, biases per output.
private struct ReferenceMLP {
    var weights: [[[Double]]]
    var biases: [[Double]]

    init(_ network: Network<Double>) {
        weights = network.denseLayers.map { layer in (0..<layer.weight.rows).map { layer.weight.row($0) } }
        biases = network.denseLayers.map { $0.bias.elements }
    }

    /// One SGD step on the mean cross-entropy of a batch, sample by sample:
    /// z = W·a + b, a = relu(z) (hidden), p = softmax(z) (last), dz_last = (p − onehot)/B,
    /// dW += dz ⊗ a_in, db += dz, da_in = Wᵀ·dz, dz_in = da_in ⊙ [z_in > 0].
    mutating func step(inputs: [[Double]], labels: [Int], learningRate: Double) {
        var gradW = weights.map { $0.map { $0.map { _ in 0.0 } } }
        var gradB = biases.map { $0.map { _ in 0.0 } }
        let batch = Double(inputs.count)
        for (x, label) in zip(inputs, labels) {
            var activations = [x], preActivations: [[Double]] = []
            for layer in weights.indices {
                let z = weights[layer].indices.map { j in
                    zip(weights[layer][j], activations[layer]).reduce(biases[layer][j]) { $0 + $1.0 * $1.1 }
                }
                preActivations.append(z)
                activations.append(layer == weights.count - 1 ? z : z.map { max($0, 0) })
            }
            let logits = activations.last!
            let top = logits.max()!
            let exps = logits.map { Double.exp($0 - top) }
            let total = exps.reduce(0, +)
            var dz = exps.indices.map { (exps[$0] / total - ($0 == label ? 1 : 0)) / batch }
            for layer in stride(from: weights.count - 1, through: 0, by: -1) {
                let input = activations[layer]
                for j in dz.indices {
                    gradB[layer][j] += dz[j]
                    for i in input.indices { gradW[layer][j][i] += dz[j] * input[i] }
                }
                guard layer > 0 else { break }
                dz = input.indices.map { i in
                    let da = dz.indices.reduce(0.0) { $0 + weights[layer][$1][i] * dz[$1] }
                    return preActivations[layer - 1][i] > 0 ? da : 0
                }
            }
        }
        for layer in weights.indices {
            for j in weights[layer].indices {
                biases[layer][j] -= learningRate * gradB[layer][j]
                for i in weights[layer][j].indices { weights[layer][j][i] -= learningRate * gradW[layer][j][i] }
            }
        }
    }
}

@Suite("Benchmark epoch loop")
struct BenchmarkEpochTests {
    @Test("two epochs (with a short last batch) match a per-sample reference trainer", arguments: [8, 37, 50])
    func matchesReference(batchSize: Int) throws {
        let (samples, features, classes) = (37, 6, 3)
        var data = Xoshiro256StarStar(seed: 11)
        let images = (0..<(samples * features)).map { _ in data.nextUniform(in: -1, 1) }
        let labels = randomLabels(samples, classCount: classes, using: &data)
        var initial = Xoshiro256StarStar(seed: 5)
        let network = try Network<Double>(architecture: "6-5-4-3", using: &initial)
        var reference = ReferenceMLP(network)

        var shuffle = Xoshiro256StarStar(seed: 99)
        var workspace = EpochWorkspace<Double>(sampleCount: samples, featureCount: features, classCount: classes, batchSize: batchSize)
        let optimizer = SGD<Double>(learningRate: 0.5)
        for _ in 0..<2 {
            EpochBenchmark.trainEpoch(network: network, optimizer: optimizer, images: images, labels: labels,
                                      batchSize: batchSize, workspace: &workspace, using: &shuffle)
        }

        var referenceShuffle = Xoshiro256StarStar(seed: 99)
        var order = Array(0..<samples)   // each epoch reshuffles the previous epoch's order
        for _ in 0..<2 {
            order.fisherYatesShuffle(using: &referenceShuffle)
            for start in stride(from: 0, to: samples, by: batchSize) {
                let indices = order[start..<min(start + batchSize, samples)]
                reference.step(inputs: indices.map { Array(images[($0 * features)..<(($0 + 1) * features)]) },
                               labels: indices.map { labels[$0] }, learningRate: 0.5)
            }
        }

        var largestDifference = 0.0
        var largestChange = 0.0
        for (layer, dense) in network.denseLayers.enumerated() {
            for j in 0..<dense.weight.rows {
                largestDifference = max(largestDifference, abs(dense.bias[0, j] - reference.biases[layer][j]))
                for i in 0..<dense.weight.columns {
                    largestDifference = max(largestDifference, abs(dense.weight[j, i] - reference.weights[layer][j][i]))
                }
            }
        }
        var untrained = Xoshiro256StarStar(seed: 5)
        let before = ReferenceMLP(try Network<Double>(architecture: "6-5-4-3", using: &untrained))
        for layer in before.weights.indices {
            for j in before.weights[layer].indices {
                for i in before.weights[layer][j].indices {
                    largestChange = max(largestChange, abs(before.weights[layer][j][i] - reference.weights[layer][j][i]))
                }
            }
        }
        #expect(largestChange > 1e-3, "training should move the weights (largest change \(largestChange))")
        #expect(largestDifference < 1e-12, "epoch loop differs from the reference by \(largestDifference)")
    }

    @Test("the workspace's short-batch buffers fit the remainder")
    func workspaceShapes() {
        let workspace = EpochWorkspace<Float>(sampleCount: 100, featureCount: 4, classCount: 2, batchSize: 64)
        #expect(workspace.batchInput.rows == 64 && workspace.batchInput.columns == 4)
        #expect(workspace.tailInput.rows == 36 && workspace.tailTargets.columns == 2)
        #expect(workspace.order == Array(0..<100))
    }
}
