// Lesson 2 exercise: the chain rule, one weight at a time.
// Shapes: D inputs (i), H hidden units (j), K outputs (k).
//   w_h[j][i] H×D, b_h[j] H, w_o[k][j] K×H, b_o[k] K (W is out×in).
//
// Fill in the lines marked TODO, then run `backprop run 2 --mine`: the lesson checks every
// gradient you compute against central differences and shows the worst entries if any is off.
// The reference is `PerElementNetwork.gradients(input:target:)` in
// Sources/NeuralNet/PerElementNetwork+Gradients.swift — try without peeking first.
import NeuralNet

public enum ExerciseChainRule {
    /// All four gradient families of the MSE loss L = (1/K) Σ_k (y_k − o_k)² for one sample.
    /// Same signature as the reference `ChainRule.gradients(network:input:target:)`.
    public static func gradients(network: PerElementNetwork, input x: [Double], target y: [Double]) -> PerElementGradients {
        let (h, o) = network.forward(x)            // h: H hidden activations, o: K outputs
        var gradients = PerElementGradients(zeroLike: network)   // placeholder: all zeros
        let outputCount = network.outputCount, hiddenCount = network.hiddenCount, inputCount = network.inputCount

        var deltaOutput = [Double](repeating: 0, count: outputCount)
        for k in 0..<outputCount {
            let dLossdOutput = 0.0   // TODO: ∂L/∂o_k = 2 (o_k − y_k) / K
            let dOutputdNet = 0.0    // TODO: ∂o_k/∂net_k = o_k (1 − o_k)
            deltaOutput[k] = dLossdOutput * dOutputdNet
            for j in 0..<hiddenCount {
                gradients.outputWeights[k][j] = 0   // TODO: ∂L/∂w_o[k][j] = δ_k · h_j
            }
            gradients.outputBiases[k] = 0           // TODO: ∂L/∂b_o[k] = δ_k
        }
        for j in 0..<hiddenCount {
            let dLossdHidden = 0.0   // TODO: ∂L/∂h_j = Σ_k δ_k · w_o[k][j]
            let deltaHidden = 0.0    // TODO: δ_j = ∂L/∂h_j · h_j (1 − h_j)
            for i in 0..<inputCount {
                gradients.hiddenWeights[j][i] = 0   // TODO: ∂L/∂w_h[j][i] = δ_j · x_i
            }
            gradients.hiddenBiases[j] = 0           // TODO: ∂L/∂b_h[j] = δ_j
            _ = (dLossdHidden, deltaHidden)         // delete this line once you use them
        }
        _ = (h, o, y, x)                            // delete this line once you use them
        return gradients
    }
}
