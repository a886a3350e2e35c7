// Lesson 13: inverted dropout, the reference the learner's exercise is checked against, and a
// small network that runs a dropout forward/backward pair so it can be gradient-checked.
// Shapes: N samples, D inputs, H hidden units, K classes; W is out×in.
//   X N×D, T N×K (one-hot), W1 H×D, b1 1×H, W2 K×H, b2 1×K; Z1, H1, mask M, A1: N×H; Z2 N×K.
import Exercises
import Linalg
import NeuralNet

/// The reference code of lesson 13's exercise (`ExerciseDropout`, same signatures).
public enum DropoutReference {
    public typealias Function = (Matrix<Double>, Matrix<Double>, Double) -> Matrix<Double>

    // region dropout-forward-reference
    /// A = H ⊙ M / (1 − p): kept units scaled up by 1/(1 − p), dropped ones 0.
    public static func forward(input h: Matrix<Double>, mask m: Matrix<Double>, rate p: Double) -> Matrix<Double> {
        precondition(h.rows == m.rows && h.columns == m.columns, "forward: H is \(h.shapeDescription), M is \(m.shapeDescription)")
        return h.hadamard(m).map { $0 / (1 - p) }
    }
    // endregion

    // region dropout-backward-reference
    /// ∂L/∂H = ∂L/∂A ⊙ M / (1 − p), with the forward pass's mask M (a constant here).
    public static func backward(outputGradient dA: Matrix<Double>, mask m: Matrix<Double>, rate p: Double) -> Matrix<Double> {
        precondition(dA.rows == m.rows && dA.columns == m.columns, "backward: ∂L/∂A is \(dA.shapeDescription), M is \(m.shapeDescription)")
        return dA.hadamard(m).map { $0 / (1 - p) }
    }
    // endregion
}

/// A D-H-K network with ReLU then dropout in the hidden layer, softmax + CE on top, whose
/// dropout forward and backward are passed in (the learner's or the reference).
struct DropoutNetwork {
    var parameters: TwoLayerParameters
    let input: Matrix<Double>
    let targets: Matrix<Double>
    let rate: Double
    let forward: DropoutReference.Function
    let backward: DropoutReference.Function

    // region dropout-network-loss
    /// L(θ) with the mask M held fixed: Z1 = X·W1ᵀ + b1, H1 = relu(Z1), A1 = dropout(H1; M),
    /// Z2 = A1·W2ᵀ + b2, L = CE(softmax(Z2), T). Every finite-difference nudge reuses M.
    func loss(_ p: TwoLayerParameters, mask m: Matrix<Double>) -> Double {
        let h1 = ReLUKinks.preActivations(parameters: p, input: input).map { max(0, $0) }
        let a1 = forward(h1, m, rate)
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)
        return SoftmaxAndCrossEntropy.crossEntropy(logits: z2, targets: targets)
    }
    // endregion

    // region dropout-network-backward
    /// The backward pass: (P − T)/N at the top, through W2, then dropout's backward with the
    /// same mask M, then ReLU's (lesson 6), then the first layer.
    func gradients(mask m: Matrix<Double>) -> TwoLayerGradients {
        let p = parameters
        let z1 = ReLUKinks.preActivations(parameters: p, input: input)                    // N×H
        let h1 = z1.map { max(0, $0) }                                                     // N×H
        let a1 = forward(h1, m, rate)                                                      // N×H
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)        // N×K
        let dZ2 = SoftmaxAndCrossEntropy.logitGradient(logits: z2, targets: targets)       // N×K
        let dA1 = dZ2.multiplied(by: p.w2)                                                 // N×H
        let dH1 = backward(dA1, m, rate)                                                   // N×H
        let dZ1 = ReLUKinks.reluBackward(outputGradient: dH1, preActivation: z1)           // N×H
        return TwoLayerGradients(dW1: dZ1.multiplied(by: input, layout: .transposeA), db1: dZ1.sumOfRows(),
                                 dW2: dZ2.multiplied(by: a1, layout: .transposeA), db2: dZ2.sumOfRows())
    }
    // endregion

    /// Central differences of all four tensors against `analytic`, the loss evaluated by
    /// `lossAt` (a fixed mask, or one redrawn per evaluation to show why that fails); entries
    /// whose nudge flips a ReLU are skipped (lesson 6).
    func gradientCheck(analytic: TwoLayerGradients, lossAt: @escaping (TwoLayerParameters) -> Double) -> GradientCheckReport {
        ReLUKinks.gradientCheck(parameters: parameters, input: input, analytic: analytic, detectKinks: true, lossAt: lossAt)
    }

    /// A seeded small network and batch (He / Xavier weights, small positive biases, inputs in [−1, 1)).
    static func sample(seed: UInt64, sampleCount n: Int, rate: Double,
                       forward: @escaping DropoutReference.Function, backward: @escaping DropoutReference.Function) -> DropoutNetwork {
        var generator = Xoshiro256StarStar(seed: seed &+ 13)
        let (d, h, k) = (6, 10, 4)
        let p = TwoLayerParameters(
            w1: Initialization.he.weights(outputCount: h, inputCount: d, using: &generator),
            b1: SampleData.uniformMatrix(rows: 1, columns: h, low: 0.05, high: 0.2, using: &generator),
            w2: Initialization.xavier.weights(outputCount: k, inputCount: h, using: &generator),
            b2: Matrix(rows: 1, columns: k))
        let x = SampleData.uniformMatrix(rows: n, columns: d, using: &generator)
        let t = SampleData.oneHotTargets(seed: seed &+ 13, count: n, classCount: k)
        return DropoutNetwork(parameters: p, input: x, targets: t, rate: rate, forward: forward, backward: backward)
    }
}
