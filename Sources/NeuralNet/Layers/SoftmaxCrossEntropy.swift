// Fused softmax + cross-entropy. Shapes: N = batch, K = classes.
//   logits Z: N×K   probabilities P: N×K   targets T: N×K (one-hot, or any rows summing to 1)
import Linalg

/// P = softmax(Z) row by row, L = −(1/N) Σ_n Σ_k T_nk · log P_nk, and ∂L/∂Z = (P − T)/N.
/// See lesson 5 for why the softmax Jacobian collapses to P − T.
public final class SoftmaxCrossEntropy<Scalar: Real>: LossFunction {
    /// P (N×K) from the last `forward`.
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    /// log P (N×K), computed stably (never log 0) and used for the loss.
    public private(set) var logProbabilities = Matrix<Scalar>(rows: 0, columns: 0)
    /// ∂L/∂Z (N×K) from the last `backward`.
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    public var name: String { "softmax+ce" }
    public init() {}

    // region softmax-forward
    /// Stable softmax of each row of `input` Z (N×K); returns P.
    /// ```
    /// m = max_k z_k                    (subtract it so exp never overflows)
    /// log p_k = (z_k − m) − log Σ_j e^(z_j − m)
    /// p_k = e^(log p_k)
    /// ```
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        let (n, k) = (input.rows, input.columns)
        precondition(k > 0, "SoftmaxCrossEntropy: input \(input.shapeDescription) has no classes")
        Matrix.ensureWorkspaceShape(&output, rows: n, columns: k)
        Matrix.ensureWorkspaceShape(&logProbabilities, rows: n, columns: k)
        input.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { p in
                logProbabilities.elements.withUnsafeMutableBufferPointer { logP in
                    for r in 0..<n {
                        let row = r &* k
                        var rowMax = z[row]
                        for c in 1..<k where z[row &+ c] > rowMax { rowMax = z[row &+ c] }
                        var sumOfExps: Scalar = 0
                        for c in 0..<k { sumOfExps += Scalar.exp(z[row &+ c] - rowMax) }
                        let logSum = Scalar.log(sumOfExps)
                        for c in 0..<k {
                            let value = (z[row &+ c] - rowMax) - logSum
                            logP[row &+ c] = value
                            p[row &+ c] = Scalar.exp(value)
                        }
                    }
                }
            }
        }
        return output
    }
    // endregion

    // region cross-entropy-loss
    /// L = −(1/N) Σ_n Σ_k T_nk · log P_nk, from the last `forward`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func loss(targets: Matrix<Scalar>) -> Scalar {
        precondition(targets.rows == output.rows && targets.columns == output.columns,
                     "SoftmaxCrossEntropy loss: targets \(targets.shapeDescription) vs probabilities \(output.shapeDescription)")
        var total: Scalar = 0
        for i in 0..<targets.count where targets.elements[i] != 0 {
            total -= targets.elements[i] * logProbabilities.elements[i]
        }
        return total / Scalar(output.rows)
    }
    // endregion

    // region softmax-cross-entropy-backward
    /// ∂L/∂Z = (P − T) / N (assigned).
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(targets: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(targets.rows == output.rows && targets.columns == output.columns,
                     "SoftmaxCrossEntropy backward: targets \(targets.shapeDescription) vs probabilities \(output.shapeDescription)")
        Matrix.ensureWorkspaceShape(&inputGradient, rows: output.rows, columns: output.columns)
        let scale = 1 / Scalar(output.rows)
        output.elements.withUnsafeBufferPointer { p in
            targets.elements.withUnsafeBufferPointer { t in
                inputGradient.elements.withUnsafeMutableBufferPointer { dZ in
                    for i in 0..<p.count { dZ[i] = (p[i] - t[i]) * scale }
                }
            }
        }
        return inputGradient
    }
    // endregion
}
