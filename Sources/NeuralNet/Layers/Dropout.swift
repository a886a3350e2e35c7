// Inverted dropout. Shapes: input H and output A are both N×W (a hidden layer's activations).
import Linalg

/// Inverted dropout: while training, each activation is kept with probability 1 − p and
/// zeroed otherwise; the kept ones are scaled by 1/(1 − p) so every activation's expected
/// value is unchanged. At inference (`isTraining` false) it is the identity.
///
/// The mask M (N×W, entries 0 or 1) is drawn in `forward` and kept for `backward`: the
/// backward pass treats it as a constant of the step. `freezesMask` keeps the same mask over
/// later forward passes of the same shape, which a finite-difference gradient check needs
/// (a new mask per nudged loss would compare two different functions).
public final class Dropout<Scalar: Real>: Layer {
    /// The drop probability p ∈ [0, 1).
    public let rate: Double
    /// False: the identity (inference). The trainer sets it for the training batches only.
    public var isTraining = false
    /// True: reuse the current mask instead of drawing a new one (gradient checks).
    public var freezesMask = false
    /// The mask of the last training forward pass (N×W, 0 = dropped, 1 = kept).
    public private(set) var mask = Matrix<Scalar>(rows: 0, columns: 0)
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    /// Draws the masks; `reseed` restarts it (the trainer does at every epoch, so a resumed
    /// run draws the same masks as an uninterrupted one).
    public var generator: Xoshiro256StarStar

    public var name: String { "dropout p=\(rate)" }

    /// A dropout layer with drop probability `rate` ∈ [0, 1).
    public init(rate: Double, seed: UInt64 = 1) {
        precondition(rate >= 0 && rate < 1, "Dropout: the rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = Xoshiro256StarStar(seed: seed)
    }

    /// Restarts the mask generator from `seed`.
    public func reseed(_ seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

    /// 1/(1 − p): the factor that keeps E[A] = H.
    public var keepScale: Scalar { Scalar(1 / (1 - rate)) }

    /// Replaces the mask (tests and the lesson's gradient check use a mask they chose).
    public func setMask(_ newMask: Matrix<Scalar>) {
        precondition(newMask.elements.allSatisfy { $0 == 0 || $0 == 1 }, "Dropout.setMask: entries must be 0 or 1")
        mask = newMask
    }

    // region dropout-forward
    /// Training: M_ij ~ Bernoulli(1 − p), A = H ⊙ M / (1 − p). Inference: A = H.
    /// `input` H: N×W; returns A: N×W.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        guard isTraining && rate > 0 else {
            output = input
            return output
        }
        let sameShape = mask.rows == input.rows && mask.columns == input.columns
        if !(freezesMask && sameShape) { drawMask(rows: input.rows, columns: input.columns) }
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: input.columns)
        let scale = keepScale
        input.elements.withUnsafeBufferPointer { h in
            mask.elements.withUnsafeBufferPointer { m in
                output.elements.withUnsafeMutableBufferPointer { a in
                    for i in 0..<h.count { a[i] = h[i] * m[i] * scale }
                }
            }
        }
        return output
    }
    // endregion

    // region dropout-backward
    /// ∂L/∂H = ∂L/∂A ⊙ M / (1 − p), with the mask M of the forward pass (a constant here).
    /// Inference: ∂L/∂H = ∂L/∂A.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Matrix<Scalar>, input: Matrix<Scalar>) -> Matrix<Scalar> {
        guard isTraining && rate > 0 else {
            inputGradient = outputGradient
            return inputGradient
        }
        precondition(outputGradient.rows == mask.rows && outputGradient.columns == mask.columns,
                     "Dropout backward: dA is \(outputGradient.shapeDescription), the mask is \(mask.shapeDescription)")
        Matrix.ensureWorkspaceShape(&inputGradient, rows: mask.rows, columns: mask.columns)
        let scale = keepScale
        outputGradient.elements.withUnsafeBufferPointer { dA in
            mask.elements.withUnsafeBufferPointer { m in
                inputGradient.elements.withUnsafeMutableBufferPointer { dH in
                    for i in 0..<dA.count { dH[i] = dA[i] * m[i] * scale }
                }
            }
        }
        return inputGradient
    }
    // endregion

    /// A fresh Bernoulli(1 − p) mask: entry kept (1) when a uniform draw u ≥ p.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func drawMask(rows: Int, columns: Int) {
        Matrix.ensureWorkspaceShape(&mask, rows: rows, columns: columns)
        // Compare the top 32 bits of each draw with p·2³² (two draws per 64-bit number).
        let threshold = UInt64(rate * 4_294_967_296.0)
        mask.elements.withUnsafeMutableBufferPointer { m in
            var i = 0
            while i < m.count {
                let bits = generator.next()
                m[i] = (bits >> 32) >= threshold ? 1 : 0
                if i + 1 < m.count { m[i + 1] = (bits & 0xFFFF_FFFF) >= threshold ? 1 : 0 }
                i += 2
            }
        }
    }
}
