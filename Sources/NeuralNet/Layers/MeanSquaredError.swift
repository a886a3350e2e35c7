// Mean squared error. Shapes: N = batch, K = outputs; predictions O and targets Y: N×K.
import Linalg

/// L = (1/N) Σ_n (1/K) Σ_k (Y_nk − O_nk)²: each sample's mean over its K outputs (lesson 2's
/// per-sample loss), averaged over the batch. ∂L/∂O = 2 (O − Y) / (N·K).
public final class MeanSquaredError<Scalar: Real>: LossFunction {
    /// O (N×K): a copy of the last `forward` input (MSE does not transform it).
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    /// ∂L/∂O (N×K) from the last `backward`.
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    public var name: String { "mse" }
    public init() {}

    /// O = input (copied into the workspace); returns O.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: input.columns)
        input.elements.withUnsafeBufferPointer { source in
            output.elements.withUnsafeMutableBufferPointer { destination in
                for i in 0..<source.count { destination[i] = source[i] }
            }
        }
        return output
    }

    // region mse-loss
    /// L = (1/(N·K)) Σ_n Σ_k (Y_nk − O_nk)².
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func loss(targets: Matrix<Scalar>) -> Scalar {
        precondition(targets.rows == output.rows && targets.columns == output.columns,
                     "MeanSquaredError loss: targets \(targets.shapeDescription) vs outputs \(output.shapeDescription)")
        var total: Scalar = 0
        for i in 0..<output.count {
            let difference = targets.elements[i] - output.elements[i]
            total += difference * difference
        }
        return total / Scalar(output.count)
    }
    // endregion

    // region mse-backward
    /// ∂L/∂O = 2 (O − Y) / (N·K) (assigned).
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(targets: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(targets.rows == output.rows && targets.columns == output.columns,
                     "MeanSquaredError backward: targets \(targets.shapeDescription) vs outputs \(output.shapeDescription)")
        Matrix.ensureWorkspaceShape(&inputGradient, rows: output.rows, columns: output.columns)
        let scale = 2 / Scalar(output.count)
        output.elements.withUnsafeBufferPointer { o in
            targets.elements.withUnsafeBufferPointer { y in
                inputGradient.elements.withUnsafeMutableBufferPointer { dO in
                    for i in 0..<o.count { dO[i] = (o[i] - y[i]) * scale }
                }
            }
        }
        return inputGradient
    }
    // endregion
}
