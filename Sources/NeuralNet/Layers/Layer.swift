// The layer protocol of the vectorised network.
// Shapes: N = batch size; a layer maps an N×inputWidth matrix to an N×outputWidth one.
import Linalg

/// One step of the network, forward and backward.
///
/// Layers are classes that own their results as preallocated workspaces (`output`,
/// `inputGradient`, parameter gradients), reused while the batch size stays the same: the
/// steady state allocates nothing. A layer never keeps a reference to another layer's buffer:
/// `backward` is handed the same `input` that `forward` saw, so the caller (the `Network`)
/// owns the chain.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: Real

    /// A short name for tables and errors, e.g. "dense 784→250", "relu".
    var name: String { get }

    /// The last forward result (N×outputWidth).
    var output: Matrix<Scalar> { get }

    /// The last backward result ∂L/∂input (N×inputWidth).
    var inputGradient: Matrix<Scalar> { get }

    /// Computes `output` from `input` (N×inputWidth) and returns it.
    @discardableResult
    func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar>

    /// Given ∂L/∂output (N×outputWidth) and the `input` forward saw, computes
    /// `inputGradient` (and assigns, not accumulates, any parameter gradients); returns
    /// `inputGradient`.
    @discardableResult
    func backward(_ outputGradient: Matrix<Scalar>, input: Matrix<Scalar>) -> Matrix<Scalar>
}

extension Matrix {
    /// Replaces `matrix` by a zero rows×columns matrix unless it already has that shape.
    /// Workspaces call this so they allocate only when the batch size changes.
    @inlinable
    static func ensureWorkspaceShape(_ matrix: inout Matrix, rows: Int, columns: Int) {
        if matrix.rows != rows || matrix.columns != columns {
            matrix = Matrix(rows: rows, columns: columns)
        }
    }
}
