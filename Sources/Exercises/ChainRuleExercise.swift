// Lesson 2 exercise: the chain rule, one weight at a time.
// Shapes: D inputs (i), H hidden units (j), K outputs (k).
//   w_h[j][i] H×D, b_h[j] H, w_o[k][j] K×H, b_o[k] K (W is out×in).
//
// Fill in the lines marked TODO, then run `backprop run 2`: the lesson checks every gradient
// you compute against central differences and says which family is off, and how.
import NeuralNet

public enum ExerciseChainRule {
    // region gradients
    /// All four gradient families of the MSE loss L = (1/K) Σ_k (y_k − o_k)² for one sample.
    public static func gradients(network: PerElementNetwork, input x: [Double], target y: [Double]) -> PerElementGradients {
        let (h, o) = network.forward(x)            // h: H hidden activations, o: K outputs
        var gradients = PerElementGradients(zeroLike: network)   // placeholder: all zeros
        let outputCount = network.outputCount, hiddenCount = network.hiddenCount, inputCount = network.inputCount

        var deltaOutput = [Double](repeating: 0, count: outputCount)
        for k in 0..<outputCount {
            let dLossdOutput = 0.0   // TODO: ∂L/∂o_k, a scalar for output k (derivation step 1)
            let dOutputdNet = 0.0    // TODO: ∂o_k/∂net_k, the output sigmoid's slope (step 2)
            deltaOutput[k] = dLossdOutput * dOutputdNet   // δ_k (step 3)
            for j in 0..<hiddenCount {
                gradients.outputWeights[k][j] = 0   // TODO: ∂L/∂w_o[k][j] (step 4); K×H in all
            }
            gradients.outputBiases[k] = 0           // TODO: ∂L/∂b_o[k] (step 4); K in all
        }
        for j in 0..<hiddenCount {
            let dLossdHidden = 0.0   // TODO: ∂L/∂h_j, gathered from every output (step 5)
            let deltaHidden = 0.0    // TODO: δ_j = ∂L/∂net_j (step 6)
            for i in 0..<inputCount {
                gradients.hiddenWeights[j][i] = 0   // TODO: ∂L/∂w_h[j][i] (step 7); H×D in all
            }
            gradients.hiddenBiases[j] = 0           // TODO: ∂L/∂b_h[j] (step 7); H in all
            _ = (dLossdHidden, deltaHidden)         // delete this line once you use them
        }
        _ = (h, o, y, x)                            // delete this line once you use them
        return gradients
    }
    // endregion
}
