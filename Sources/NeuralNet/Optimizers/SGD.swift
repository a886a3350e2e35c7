// Plain and momentum stochastic gradient descent. θ: any parameter tensor, g: its gradient.
import Linalg

/// Plain SGD: θ ← θ − η·g.
public final class SGD<Scalar: Real>: Optimizer {
    public var learningRate: Scalar
    public init(learningRate: Scalar) { self.learningRate = learningRate }

    // region sgd-step
    /// θ ← θ − η·g for every weight and bias.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step(_ network: Network<Scalar>) {
        let eta = learningRate
        forEachParameter(of: network) { theta, g, _, _ in
            // Large tensors: one slice per core (see `WorkerPool.forEachSlice`).
            WorkerPool.shared.forEachSlice(count: theta.count) { slice in
                let (theta, g) = (theta, g)
                for i in slice { theta[i] -= eta * g[i] }   // the compiler vectorises this
            }
        }
    }
    // endregion
}

/// SGD with (heavy-ball) momentum, PyTorch's formulation:
/// ```
/// v ← μ·v + g
/// θ ← θ − η·v
/// ```
/// (v starts at 0, so the first step equals plain SGD.)
public final class MomentumSGD<Scalar: Real>: Optimizer {
    public var learningRate: Scalar
    /// μ, typically 0.9.
    public var momentum: Scalar
    /// v per parameter tensor, created on the first step.
    public internal(set) var velocities: [[Scalar]] = []

    public init(learningRate: Scalar, momentum: Scalar = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    // region momentum-step
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step(_ network: Network<Scalar>) {
        if velocities.isEmpty { velocities = zeroState(like: network) }
        let (eta, mu) = (learningRate, momentum)
        forEachParameter(of: network) { theta, g, slot, _ in
            let count = theta.count
            velocities[slot].withUnsafeMutableBufferPointer { v in
                guard let theta = theta.baseAddress, let g = g.baseAddress, let v = v.baseAddress else { return }
                Lanes.parallelChunks(count: count) { i, valid in
                    let vi = mu * Lanes.load(v, i, valid) + Lanes.load(g, i, valid)
                    Lanes.store(vi, v, i, valid)
                    Lanes.store(Lanes.load(theta, i, valid) - eta * vi, theta, i, valid)
                }
            }
        }
    }
    // endregion
}
