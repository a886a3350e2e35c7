// Lesson 5 exercise: a stable softmax, and the gradient of cross-entropy ∘ softmax.
// Shapes: N samples (rows), K classes (columns); logits Z, probabilities P, targets T: N×K.
//
// Replace each placeholder (zeros, marked TODO), then run `backprop run 5 --mine`: your
// softmax is tried at logits of ±1000 and your gradient is compared with the explicit
// Jacobian route and with central differences.
import Linalg

public enum ExerciseSoftmaxCrossEntropy {
    /// Softmax of each row, stable for any finite logits: p_k = e^(z_k − m) / Σ_j e^(z_j − m),
    /// m = max_j z_j. Same signature as the reference `SoftmaxAndCrossEntropy.softmax(logits:)`.
    public static func softmax(logits z: Matrix<Double>) -> Matrix<Double> {
        var p = Matrix<Double>(rows: z.rows, columns: z.columns)   // placeholder: zeros
        for n in 0..<z.rows {
            let row = z.row(n)
            _ = row                                                // delete once you use it
            // TODO: m = the row's max; e_k = exp(z_k − m); p[n, k] = e_k / Σ_j e_j
            for k in 0..<z.columns { p[n, k] = 0 }
        }
        return p
    }

    /// ∂L/∂Z for L = −(1/N) Σ_n Σ_k T_nk log P_nk with P = softmax(Z): N×K.
    /// Same signature as the reference `SoftmaxAndCrossEntropy.logitGradient(logits:targets:)`.
    public static func logitGradient(logits z: Matrix<Double>, targets t: Matrix<Double>) -> Matrix<Double> {
        let p = softmax(logits: z)
        _ = (p, t)                                                 // delete once you use them
        return Matrix(rows: z.rows, columns: z.columns)            // TODO: (P − T) / N
    }
}
