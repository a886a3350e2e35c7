// Lesson 5 exercise: a stable softmax, and the gradient of cross-entropy ∘ softmax.
// Shapes: N samples (rows), K classes (columns); logits Z, probabilities P, targets T: N×K.
//
// Replace each placeholder (zeros, marked TODO), then run `backprop run 5`: your softmax is
// tried at logits of ±1000 and your gradient is compared with the explicit Jacobian route and
// with central differences.
import Linalg

public enum ExerciseSoftmaxCrossEntropy {
    // region softmax
    /// Softmax of each row, stable for any finite logits: N×K, each row sums to 1.
    public static func softmax(logits z: Matrix<Double>) -> Matrix<Double> {
        var p = Matrix<Double>(rows: z.rows, columns: z.columns)   // placeholder: zeros
        for n in 0..<z.rows {
            let row = z.row(n)
            let m = 0.0
            let e = row.map { Double.exp($0 - m) }
            let total = e.reduce(0, +)
            for k in 0..<z.columns { p[n, k] = e[k] / total }
        }
        return p
    }
    // endregion

    // region logit-gradient
    /// ∂L/∂Z for L = −(1/N) Σ_n Σ_k T_nk log P_nk with P = softmax(Z): N×K.
    public static func logitGradient(logits z: Matrix<Double>, targets t: Matrix<Double>) -> Matrix<Double> {
        let p = softmax(logits: z)
        return (1 / Double(z.rows)) * (p - t)
    }
    // endregion
}
