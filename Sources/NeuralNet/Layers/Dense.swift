// Fully connected layer. Shapes: N = batch, I = inputs (fan_in), O = outputs (fan_out).
//   weight W: O×I (out×in, like PyTorch nn.Linear)   bias b: 1×O
//   input X: N×I   output Z: N×O
import Linalg

/// Z = X·Wᵀ + b, and its backward pass.
public final class Dense<Scalar: Real>: Layer {
    /// W (O×I): row j holds the weights into output unit j.
    public var weight: Matrix<Scalar>
    /// b (1×O).
    public var bias: Matrix<Scalar>
    /// ∂L/∂W (O×I), assigned by `backward`.
    public private(set) var weightGradient: Matrix<Scalar>
    /// ∂L/∂b (1×O), assigned by `backward`.
    public private(set) var biasGradient: Matrix<Scalar>
    /// Z (N×O) from the last `forward`.
    public private(set) var output = Matrix<Scalar>(rows: 0, columns: 0)
    /// ∂L/∂X (N×I) from the last `backward` (left empty when `computesInputGradient` is false).
    public private(set) var inputGradient = Matrix<Scalar>(rows: 0, columns: 0)
    /// False for a network's first layer: nobody needs ∂L/∂X there, and it costs a matmul.
    public var computesInputGradient = true
    /// Which matmul kernel the passes use: `.fastest` (threaded on large shapes) by default,
    /// `.simd` to stay on one core (benchmarks compare both).
    public var matmulVariant: MatmulVariant = .fastest

    public var inputCount: Int { weight.columns }
    public var outputCount: Int { weight.rows }
    public var name: String { "dense \(inputCount)→\(outputCount)" }

    /// A layer with the given parameters: `weight` O×I, `bias` 1×O.
    public init(weight: Matrix<Scalar>, bias: Matrix<Scalar>) {
        precondition(bias.rows == 1 && bias.columns == weight.rows,
                     "Dense: bias must be 1×\(weight.rows) for weight \(weight.shapeDescription), got \(bias.shapeDescription)")
        self.weight = weight
        self.bias = bias
        weightGradient = Matrix(rows: weight.rows, columns: weight.columns)
        biasGradient = Matrix(rows: 1, columns: weight.rows)
    }

    /// A layer with `initialization` weights and zero biases.
    public convenience init(inputCount: Int, outputCount: Int, initialization: Initialization,
                            using generator: inout some RandomNumberGenerator) {
        self.init(weight: initialization.weights(outputCount: outputCount, inputCount: inputCount, using: &generator),
                  bias: Matrix(rows: 1, columns: outputCount))
    }

    // region dense-forward
    /// Z = X·Wᵀ + b (b added to every row). `input`: N×I; returns Z: N×O.
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(input.columns == inputCount,
                     "Dense \(name): input is \(input.shapeDescription), expected N×\(inputCount)")
        Matrix.ensureWorkspaceShape(&output, rows: input.rows, columns: outputCount)
        Matmul.multiply(input, weight, layout: .transposeB, into: &output, variant: matmulVariant)   // X·Wᵀ
        let columns = outputCount
        bias.elements.withUnsafeBufferPointer { b in
            output.elements.withUnsafeMutableBufferPointer { z in
                // Large outputs: one block of rows per core (see `WorkerPool.forEachSlice`).
                WorkerPool.shared.forEachSlice(count: input.rows, minimum: Swift.max(1, 16_384 / Swift.max(columns, 1))) { rows in
                    let (b, z) = (b, z)
                    for r in rows {
                        for c in 0..<columns { z[r &* columns &+ c] += b[c] }
                    }
                }
            }
        }
        return output
    }
    // endregion

    // region dense-backward
    /// Backward pass; assigns the gradients (does not accumulate).
    /// ```
    /// ∂L/∂W = dZᵀ·X        (O×N · N×I → O×I)
    /// ∂L/∂b = Σ_rows dZ    (1×O)
    /// ∂L/∂X = dZ·W         (N×O · O×I → N×I)
    /// ```
    /// `outputGradient` dZ: N×O, `input` X: N×I (what `forward` saw). Any 1/N of a batch mean
    /// is already inside dZ (the loss puts it there).
    @discardableResult
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Matrix<Scalar>, input: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(outputGradient.columns == outputCount && input.columns == inputCount
                     && outputGradient.rows == input.rows,
                     "Dense \(name) backward: dZ is \(outputGradient.shapeDescription), X is \(input.shapeDescription), expected N×\(outputCount) and N×\(inputCount)")
        Matmul.multiply(outputGradient, input, layout: .transposeA, into: &weightGradient, variant: matmulVariant)  // dZᵀ·X
        let columns = outputCount
        outputGradient.elements.withUnsafeBufferPointer { dZ in
            biasGradient.elements.withUnsafeMutableBufferPointer { dB in
                // Large dZ: one block of columns per core, each summed down the rows in order.
                let rows = outputGradient.rows
                WorkerPool.shared.forEachSlice(count: columns, minimum: rows * columns >= 16_384 ? 64 : columns + 1) { block in
                    let (dZ, dB) = (dZ, dB)
                    for c in block { dB[c] = 0 }
                    for r in 0..<rows {
                        for c in block { dB[c] += dZ[r &* columns &+ c] }
                    }
                }
            }
        }
        if computesInputGradient {
            Matrix.ensureWorkspaceShape(&inputGradient, rows: input.rows, columns: inputCount)
            Matmul.multiply(outputGradient, weight, layout: .normal, into: &inputGradient, variant: matmulVariant)  // dZ·W
        }
        return inputGradient
    }
    // endregion
}
