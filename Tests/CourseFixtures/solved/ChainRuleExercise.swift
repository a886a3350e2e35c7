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
            let dLossdOutput = 2 * (o[k] - y[k]) / Double(outputCount)
            let dOutputdNet = o[k] * (1 - o[k])
            deltaOutput[k] = dLossdOutput * dOutputdNet   // δ_k (step 3)
            for j in 0..<hiddenCount {
                gradients.outputWeights[k][j] = deltaOutput[k] * h[j]
            }
            gradients.outputBiases[k] = deltaOutput[k]
        }
        for j in 0..<hiddenCount {
            var dLossdHidden = 0.0
            for k in 0..<outputCount { dLossdHidden += deltaOutput[k] * network.outputWeights[k][j] }
            let deltaHidden = dLossdHidden * h[j] * (1 - h[j])
            for i in 0..<inputCount {
                gradients.hiddenWeights[j][i] = deltaHidden * x[i]
            }
            gradients.hiddenBiases[j] = deltaHidden
        }
        return gradients
    }
    // endregion
}
