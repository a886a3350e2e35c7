// Elementwise activation layers. Shapes: input Z and output A are both N×H.
import Linalg

/// A = max(0, Z), elementwise.
public final class ReLU<Scalar: Real>: Layer {
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    public var name: String { "relu" }
    public init() {}

    // region relu-forward
    /// A = max(0, Z). `input` Z: N×H; returns A: N×H.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: input.columns)
        input.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { a in
                // Large layers: one slice per core (see `WorkerPool.forEachSlice`).
                WorkerPool.shared.forEachSlice(count: z.count) { slice in
                    let (z, a) = (z, a)
                    for i in slice { a[i] = z[i] > 0 ? z[i] : 0 }
                }
            }
        }
        return output
    }
    // endregion

    // region relu-backward
    /// ∂L/∂Z = ∂L/∂A ⊙ [Z > 0]. At Z = 0 exactly we use slope 0 (the kink; see lesson 6).
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Matrix<Scalar>, input: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(outputGradient.rows == input.rows && outputGradient.columns == input.columns,
                     "ReLU backward: dA is \(outputGradient.shapeDescription), Z is \(input.shapeDescription)")
        Matrix.ensureWorkspaceShape(&inputGradient, rows: input.rows, columns: input.columns)
        input.elements.withUnsafeBufferPointer { z in
            outputGradient.elements.withUnsafeBufferPointer { dA in
                inputGradient.elements.withUnsafeMutableBufferPointer { dZ in
                    WorkerPool.shared.forEachSlice(count: z.count) { slice in
                        let (z, dA, dZ) = (z, dA, dZ)
                        for i in slice { dZ[i] = z[i] > 0 ? dA[i] : 0 }
                    }
                }
            }
        }
        return inputGradient
    }
    // endregion
}

/// A = σ(Z) = 1 / (1 + e^−Z), elementwise.
public final class Sigmoid<Scalar: Real>: Layer {
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    public var name: String { "sigmoid" }
    public init() {}

    // region sigmoid-forward
    /// A = σ(Z). `input` Z: N×H; returns A: N×H.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: input.columns)
        input.elements.withUnsafeBufferPointer { z in
            output.elements.withUnsafeMutableBufferPointer { a in
                for i in 0..<z.count { a[i] = 1 / (1 + Scalar.exp(-z[i])) }
            }
        }
        return output
    }
    // endregion

    // region sigmoid-backward
    /// ∂L/∂Z = ∂L/∂A ⊙ A ⊙ (1 − A), using the cached output A = σ(Z).
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Matrix<Scalar>, input: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(outputGradient.rows == output.rows && outputGradient.columns == output.columns,
                     "Sigmoid backward: dA is \(outputGradient.shapeDescription), A is \(output.shapeDescription)")
        Matrix.ensureWorkspaceShape(&inputGradient, rows: output.rows, columns: output.columns)
        output.elements.withUnsafeBufferPointer { a in
            outputGradient.elements.withUnsafeBufferPointer { dA in
                inputGradient.elements.withUnsafeMutableBufferPointer { dZ in
                    for i in 0..<a.count { dZ[i] = dA[i] * a[i] * (1 - a[i]) }
                }
            }
        }
        return inputGradient
    }
    // endregion
}
