// Optimisers update a network's parameters in place from its current gradients.
// Shapes: every state buffer has its parameter's shape (weights out×in, biases 1×out).
import Linalg

/// Something that moves parameters against their gradients, one step per call.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: Real
    /// The step size η; a schedule may change it between steps.
    var learningRate: Scalar { get set }
    /// Updates every parameter of `network` in place from the gradients of its last
    /// `lossAndGradients` call. Allocates only on the first step (its state buffers).
    func step(_ network: Network<Scalar>)
}

extension Optimizer {
    /// Runs `update(parameter, gradient, slot)` over every weight and bias of `network`, with
    /// raw buffers (no allocation). `slot` numbers the tensors 0, 1, 2, … in `parameterNames`
    /// order so optimisers can keep per-tensor state.
    @inlinable
    func forEachParameter(of network: Network<Scalar>,
                          _ update: (_ parameter: UnsafeMutableBufferPointer<Scalar>,
                                     _ gradient: UnsafeBufferPointer<Scalar>,
                                     _ slot: Int, _ isWeight: Bool) -> Void) {
        for (index, layer) in network.denseLayers.enumerated() {
            let weightGradient = layer.weightGradient
            let biasGradient = layer.biasGradient
            weightGradient.elements.withUnsafeBufferPointer { g in
                layer.weight.elements.withUnsafeMutableBufferPointer { p in update(p, g, 2 * index, true) }
            }
            biasGradient.elements.withUnsafeBufferPointer { g in
                layer.bias.elements.withUnsafeMutableBufferPointer { p in update(p, g, 2 * index + 1, false) }
            }
        }
    }

    /// Zero state buffers shaped like each parameter of `network`.
    func zeroState(like network: Network<Scalar>) -> [[Scalar]] {
        network.namedParameters.map { Array(repeating: 0, count: $0.value.count) }
    }
}
