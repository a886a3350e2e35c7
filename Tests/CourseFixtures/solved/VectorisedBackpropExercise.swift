// Lesson 4 exercise: backprop for a whole batch with matrix products.
// Shapes: N samples, D inputs, H hidden units, K outputs; W is out×in.
//   X N×D, Y N×K, W1 H×D, b1 1×H, W2 K×H, b2 1×K.
//
// Replace each placeholder (a zero matrix of the right shape, marked TODO), then run
// `backprop run 4`: your gradients are compared with lesson 2's loops and with central
// differences. Useful calls: `a.multiplied(by: b)` (A·B), `a.multiplied(by: b, layout:
// .transposeA)` (Aᵀ·B), `layout: .transposeB` (A·Bᵀ), `a.hadamard(b)` (A ⊙ B),
// `a.sumOfRows()` (1×C column sums), `a.map { … }`, `s * a`, `a - b`.
import Linalg

public enum ExerciseVectorisedBackprop {
    // region gradients
    /// Gradients of L = (1/(N·K)) Σ (O − Y)² for the sigmoid-sigmoid network.
    public static func gradients(parameters p: TwoLayerParameters, input x: Matrix<Double>,
                                 targets y: Matrix<Double>) -> TwoLayerGradients {
        let n = x.rows, h = p.w1.rows, k = p.w2.rows
        // Forward pass (given).
        let z1 = x.multiplied(by: p.w1, layout: .transposeB).addingRowVector(p.b1)    // N×H
        let a1 = z1.map { 1 / (1 + Double.exp(-$0)) }                                  // N×H
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)   // N×K
        let o = z2.map { 1 / (1 + Double.exp(-$0)) }                                   // N×K

        // Backward pass: your turn.
        let dO = (2 / Double(n * k)) * (o - y)
        let dZ2 = dO.hadamard(o.map { $0 * (1 - $0) })
        let dW2 = dZ2.multiplied(by: a1, layout: .transposeA)
        let db2 = dZ2.sumOfRows()
        let dA1 = dZ2.multiplied(by: p.w2)
        let dZ1 = dA1.hadamard(a1.map { $0 * (1 - $0) })
        let dW1 = dZ1.multiplied(by: x, layout: .transposeA)
        let db1 = dZ1.sumOfRows()
        _ = h
        return TwoLayerGradients(dW1: dW1, db1: db1, dW2: dW2, db2: db2)
    }
    // endregion
}
