// Lesson 14: lesson 2's network rebuilt from the engine's scalar operations, so that one
// backward pass over the graph gives all 43 gradients lesson 2 derived by hand.
// Shapes: N samples (n), D = 4 inputs (i), H = 5 hidden units (j), K = 3 outputs (k).
//   w_h[j][i] H×D, b_h[j] H, w_o[k][j] K×H, b_o[k] K (W is out×in).
import NeuralNet

/// Lesson 2's network and a batch as one graph of `Value`s: the parameters are leaves, the
/// batch loss is the output.
struct ScalarNetworkGraph {
    let hiddenWeights: [[Value]]   // H×D
    let hiddenBiases: [Value]      // H
    let outputWeights: [[Value]]   // K×H
    let outputBiases: [Value]      // K
    /// L = (1/N) Σ_n (1/K) Σ_k (y_k − o_k)², lesson 2's batch loss.
    let loss: Value

    init(network: PerElementNetwork, inputs: [[Double]], targets: [[Double]]) {
        let wh = network.hiddenWeights.map { $0.map { Value($0) } }, bh = network.hiddenBiases.map { Value($0) }
        let wo = network.outputWeights.map { $0.map { Value($0) } }, bo = network.outputBiases.map { Value($0) }
        // region scalar-network
        // The forward pass of lesson 2, one scalar operation at a time; each line adds nodes.
        var sampleLosses: [Value] = []
        for (x, y) in zip(inputs, targets) {
            // h_j = σ(Σ_i w_h[j][i] · x_i + b_h[j])
            let h = wh.indices.map { j in
                Value.sum(x.indices.map { i in wh[j][i] * x[i] } + [bh[j]]).sigmoid()
            }
            // o_k = σ(Σ_j w_o[k][j] · h_j + b_o[k])
            let o = wo.indices.map { k in
                Value.sum(h.indices.map { j in wo[k][j] * h[j] } + [bo[k]]).sigmoid()
            }
            // (1/K) Σ_k (y_k − o_k)²
            let squaredErrors = o.indices.map { k in (o[k] - y[k]).power(2) }
            sampleLosses.append(Value.sum(squaredErrors) / Double(o.count))
        }
        let loss = Value.sum(sampleLosses) / Double(sampleLosses.count)   // mean over the batch
        // endregion
        hiddenWeights = wh; hiddenBiases = bh; outputWeights = wo; outputBiases = bo
        self.loss = loss
    }

    /// The 43 parameters in lesson 2's families, as leaves.
    var parameters: [Value] {
        hiddenWeights.flatMap { $0 } + hiddenBiases + outputWeights.flatMap { $0 } + outputBiases
    }

    /// Names the parameters as lesson 2 does (w_h[j][i], …), for diagnoses. Left out of the
    /// timed runs: building 43 strings would be a fair part of the N = 1 graph's time.
    func labelParameters() {
        for (j, row) in hiddenWeights.enumerated() { for (i, w) in row.enumerated() { w.label = "w_h[\(j)][\(i)]" } }
        for (j, b) in hiddenBiases.enumerated() { b.label = "b_h[\(j)]" }
        for (k, row) in outputWeights.enumerated() { for (j, w) in row.enumerated() { w.label = "w_o[\(k)][\(j)]" } }
        for (k, b) in outputBiases.enumerated() { b.label = "b_o[\(k)]" }
    }

    /// The grads a backward pass left on the parameters, laid out like lesson 2's gradients.
    var gradients: PerElementGradients {
        var g = PerElementGradients(zeroLike: PerElementNetwork(
            hiddenWeights: hiddenWeights.map { $0.map(\.value) }, hiddenBiases: hiddenBiases.map(\.value),
            outputWeights: outputWeights.map { $0.map(\.value) }, outputBiases: outputBiases.map(\.value)))
        g.hiddenWeights = hiddenWeights.map { $0.map(\.grad) }
        g.hiddenBiases = hiddenBiases.map(\.grad)
        g.outputWeights = outputWeights.map { $0.map(\.grad) }
        g.outputBiases = outputBiases.map(\.grad)
        return g
    }
}
