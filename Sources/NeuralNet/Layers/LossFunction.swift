// The loss at the end of a network. Shapes: N = batch, K = outputs; input, output, targets N×K.
import Linalg

/// The network's last step: turns the final layer's output into predictions (`forward`),
/// scores them against targets (`loss`) and starts backpropagation (`backward`).
public protocol LossFunction<Scalar>: AnyObject {
    associatedtype Scalar: Real

    /// A short name, e.g. "softmax+ce", "mse".
    var name: String { get }

    /// Predictions from the last `forward` (N×K): probabilities for softmax + CE, the input
    /// itself for MSE.
    var output: Matrix<Scalar> { get }

    /// ∂L/∂input (N×K) from the last `backward`.
    var inputGradient: Matrix<Scalar> { get }

    /// Computes and returns `output` from `input` (N×K).
    @discardableResult
    func forward(_ input: Matrix<Scalar>) -> Matrix<Scalar>

    /// The batch-mean loss of the last `forward` against `targets` (N×K).
    func loss(targets: Matrix<Scalar>) -> Scalar

    /// ∂L/∂input (N×K) for the last `forward` and `targets`; assigns and returns `inputGradient`.
    @discardableResult
    func backward(targets: Matrix<Scalar>) -> Matrix<Scalar>
}
