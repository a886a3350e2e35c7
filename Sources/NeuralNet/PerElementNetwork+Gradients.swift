// Lesson 2's gradients, one scalar at a time, by the chain rule.
// Shapes: D inputs (i), H hidden units (j), K outputs (k), n samples in a batch.

extension PerElementNetwork {
    // region per-element-gradients
    /// All four gradient families for one sample (x, y), assigned (not accumulated).
    ///
    /// ```
    /// ∂L/∂o_k      = 2 (o_k − y_k) / K                 (MSE, K = number of outputs)
    /// ∂o_k/∂net_k  = o_k (1 − o_k)                     (sigmoid')
    /// δ_k          = ∂L/∂net_k = ∂L/∂o_k · o_k (1 − o_k)
    /// ∂L/∂w_o[k][j] = δ_k · h_j          ∂L/∂b_o[k] = δ_k
    /// ∂L/∂h_j      = Σ_k δ_k · w_o[k][j]               (h_j feeds every output)
    /// δ_j          = ∂L/∂net_j = ∂L/∂h_j · h_j (1 − h_j)
    /// ∂L/∂w_h[j][i] = δ_j · x_i          ∂L/∂b_h[j] = δ_j
    /// ```
    public func gradients(input x: [Double], target y: [Double]) -> PerElementGradients {
        precondition(y.count == outputCount, "gradients: target has \(y.count) values, network has \(outputCount) outputs")
        let (h, o) = forward(x)
        var gradients = PerElementGradients(zeroLike: self)

        // Output layer: δ_k = ∂L/∂o_k · ∂o_k/∂net_k
        var deltaOutput = [Double](repeating: 0, count: outputCount)
        for k in 0..<outputCount {
            let dLossdOutput = 2 * (o[k] - y[k]) / Double(outputCount)
            let dOutputdNet = o[k] * (1 - o[k])
            deltaOutput[k] = dLossdOutput * dOutputdNet
            for j in 0..<hiddenCount {
                gradients.outputWeights[k][j] = deltaOutput[k] * h[j]  // ∂net_k/∂w_o[k][j] = h_j
            }
            gradients.outputBiases[k] = deltaOutput[k]                // ∂net_k/∂b_o[k] = 1
        }

        // Hidden layer: δ_j = (Σ_k δ_k · w_o[k][j]) · h_j (1 − h_j)
        for j in 0..<hiddenCount {
            var dLossdHidden = 0.0
            for k in 0..<outputCount { dLossdHidden += deltaOutput[k] * outputWeights[k][j] }
            let deltaHidden = dLossdHidden * h[j] * (1 - h[j])
            for i in 0..<inputCount {
                gradients.hiddenWeights[j][i] = deltaHidden * x[i]     // ∂net_j/∂w_h[j][i] = x_i
            }
            gradients.hiddenBiases[j] = deltaHidden                    // ∂net_j/∂b_h[j] = 1
        }
        return gradients
    }

    /// Gradients of the batch loss (1/n) Σ_samples L: the per-sample gradients, averaged.
    public func gradients(inputs: [[Double]], targets: [[Double]]) -> PerElementGradients {
        precondition(inputs.count == targets.count && !inputs.isEmpty,
                     "gradients: \(inputs.count) inputs vs \(targets.count) targets (need equal, non-zero)")
        let n = Double(inputs.count)
        var total = PerElementGradients(zeroLike: self)
        for sample in 0..<inputs.count {
            let g = gradients(input: inputs[sample], target: targets[sample])
            for j in 0..<hiddenCount {
                for i in 0..<inputCount { total.hiddenWeights[j][i] += g.hiddenWeights[j][i] / n }
                total.hiddenBiases[j] += g.hiddenBiases[j] / n
            }
            for k in 0..<outputCount {
                for j in 0..<hiddenCount { total.outputWeights[k][j] += g.outputWeights[k][j] / n }
                total.outputBiases[k] += g.outputBiases[k] / n
            }
        }
        return total
    }
    // endregion
}
