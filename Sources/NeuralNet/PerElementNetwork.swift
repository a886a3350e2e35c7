// The per-element ("naive") network of lesson 2: one hidden layer, sigmoid on hidden and
// output, MSE loss, plain loops over scalars. It is the readable reference the vectorised
// `Network` is tested against (to 1e-12).
//
// Shapes: D = inputs (index i), H = hidden units (index j), K = outputs (index k).
//   hiddenWeights  w_h[j][i]  H×D        hiddenBiases  b_h[j]  H
//   outputWeights  w_o[k][j]  K×H        outputBiases  b_o[k]  K
// (W is out×in, the course's convention: net_j = Σ_i w_h[j][i] · x_i + b_h[j].)
import Linalg

/// A one-hidden-layer sigmoid network on nested arrays, computed one scalar at a time.
public struct PerElementNetwork: Sendable, Equatable {
    /// w_h[j][i]: weight from input i to hidden unit j (H×D).
    public var hiddenWeights: [[Double]]
    /// b_h[j] (H).
    public var hiddenBiases: [Double]
    /// w_o[k][j]: weight from hidden unit j to output k (K×H).
    public var outputWeights: [[Double]]
    /// b_o[k] (K).
    public var outputBiases: [Double]

    public var inputCount: Int { hiddenWeights.first?.count ?? 0 }
    public var hiddenCount: Int { hiddenWeights.count }
    public var outputCount: Int { outputWeights.count }

    /// A network with the given parameters (shapes checked).
    public init(hiddenWeights: [[Double]], hiddenBiases: [Double],
                outputWeights: [[Double]], outputBiases: [Double]) {
        precondition(!hiddenWeights.isEmpty && !outputWeights.isEmpty, "PerElementNetwork: empty layer")
        let d = hiddenWeights[0].count, h = hiddenWeights.count, k = outputWeights.count
        precondition(hiddenWeights.allSatisfy { $0.count == d } && hiddenBiases.count == h,
                     "PerElementNetwork: hidden weights must be H×D = \(h)×\(d) with \(h) biases")
        precondition(outputWeights.allSatisfy { $0.count == h } && outputBiases.count == k,
                     "PerElementNetwork: output weights must be K×H = \(k)×\(h) with \(k) biases")
        self.hiddenWeights = hiddenWeights
        self.hiddenBiases = hiddenBiases
        self.outputWeights = outputWeights
        self.outputBiases = outputBiases
    }

    /// A D-H-K network with Xavier-uniform weights and zero biases.
    public init(inputCount: Int, hiddenCount: Int, outputCount: Int,
                using generator: inout some RandomNumberGenerator) {
        self.init(hiddenWeights: Initialization.xavier.nestedWeights(outputCount: hiddenCount, inputCount: inputCount, using: &generator),
                  hiddenBiases: Array(repeating: 0, count: hiddenCount),
                  outputWeights: Initialization.xavier.nestedWeights(outputCount: outputCount, inputCount: hiddenCount, using: &generator),
                  outputBiases: Array(repeating: 0, count: outputCount))
    }

    /// σ(x) = 1 / (1 + e⁻ˣ).
    @inlinable
    public static func sigmoid(_ x: Double) -> Double { 1 / (1 + Double.exp(-x)) }

    // region per-element-forward
    /// Forward pass for one sample x (D values): hidden activations h (H) and outputs o (K).
    /// ```
    /// net_j = Σ_i w_h[j][i] · x_i + b_h[j]      h_j = σ(net_j)
    /// net_k = Σ_j w_o[k][j] · h_j + b_o[k]      o_k = σ(net_k)
    /// ```
    public func forward(_ x: [Double]) -> (hidden: [Double], output: [Double]) {
        precondition(x.count == inputCount, "forward: input has \(x.count) values, network expects \(inputCount)")
        var h = [Double](repeating: 0, count: hiddenCount)
        for j in 0..<hiddenCount {
            var net = hiddenBiases[j]
            for i in 0..<inputCount { net += hiddenWeights[j][i] * x[i] }
            h[j] = Self.sigmoid(net)
        }
        var o = [Double](repeating: 0, count: outputCount)
        for k in 0..<outputCount {
            var net = outputBiases[k]
            for j in 0..<hiddenCount { net += outputWeights[k][j] * h[j] }
            o[k] = Self.sigmoid(net)
        }
        return (h, o)
    }

    /// MSE loss of one sample: L = (1/K) Σ_k (y_k − o_k)².
    public func loss(input x: [Double], target y: [Double]) -> Double {
        precondition(y.count == outputCount, "loss: target has \(y.count) values, network has \(outputCount) outputs")
        let o = forward(x).output
        var total = 0.0
        for k in 0..<outputCount { total += (y[k] - o[k]) * (y[k] - o[k]) }
        return total / Double(outputCount)
    }
    // endregion

    /// Mean of the per-sample losses over a batch.
    public func loss(inputs: [[Double]], targets: [[Double]]) -> Double {
        precondition(inputs.count == targets.count && !inputs.isEmpty,
                     "loss: \(inputs.count) inputs vs \(targets.count) targets (need equal, non-zero)")
        var total = 0.0
        for n in 0..<inputs.count { total += loss(input: inputs[n], target: targets[n]) }
        return total / Double(inputs.count)
    }
}

/// The four gradient families of `PerElementNetwork`, laid out like its parameters.
public struct PerElementGradients: Sendable, Equatable {
    /// ∂L/∂w_h[j][i] (H×D).
    public var hiddenWeights: [[Double]]
    /// ∂L/∂b_h[j] (H).
    public var hiddenBiases: [Double]
    /// ∂L/∂w_o[k][j] (K×H).
    public var outputWeights: [[Double]]
    /// ∂L/∂b_o[k] (K).
    public var outputBiases: [Double]

    /// All zeros, shaped like `network`'s parameters.
    public init(zeroLike network: PerElementNetwork) {
        hiddenWeights = Array(repeating: Array(repeating: 0, count: network.inputCount), count: network.hiddenCount)
        hiddenBiases = Array(repeating: 0, count: network.hiddenCount)
        outputWeights = Array(repeating: Array(repeating: 0, count: network.hiddenCount), count: network.outputCount)
        outputBiases = Array(repeating: 0, count: network.outputCount)
    }
}
