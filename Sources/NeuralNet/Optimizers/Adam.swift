// Adam (Kingma & Ba, 2015) with optional decoupled weight decay (AdamW, Loshchilov & Hutter).
// θ: a parameter tensor, g: its gradient, m and v: running moments of g and g², t: step count.
import Linalg

/// Adam:
/// ```
/// t ← t + 1
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − η·( m̂ / (√v̂ + ε) + λ·θ )      (λ = weightDecay, weights only, 0 by default)
/// ```
public final class Adam<Scalar: Real>: Optimizer {
    public var learningRate: Scalar
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    /// λ: decoupled weight decay applied to weights (not biases); 0 turns it off.
    public var weightDecay: Scalar
    /// Steps taken so far (t).
    public internal(set) var stepCount = 0
    public internal(set) var firstMoments: [[Scalar]] = []
    public internal(set) var secondMoments: [[Scalar]] = []

    public init(learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    // region adam-step
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step(_ network: Network<Scalar>) {
        if firstMoments.isEmpty {
            firstMoments = zeroState(like: network)
            secondMoments = zeroState(like: network)
        }
        stepCount += 1
        let (eta, b1, b2, eps, lambda) = (learningRate, beta1, beta2, epsilon, weightDecay)
        let correction1 = 1 - Scalar.pow(b1, Scalar(stepCount))   // 1 − β₁ᵗ
        let correction2 = 1 - Scalar.pow(b2, Scalar(stepCount))   // 1 − β₂ᵗ
        forEachParameter(of: network) { theta, g, slot, isWeight in
            let decay = isWeight ? lambda : 0
            firstMoments[slot].withUnsafeMutableBufferPointer { m in
                secondMoments[slot].withUnsafeMutableBufferPointer { v in
                    for i in 0..<theta.count {
                        m[i] = b1 * m[i] + (1 - b1) * g[i]
                        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                        let mHat = m[i] / correction1
                        let vHat = v[i] / correction2
                        theta[i] -= eta * (mHat / (Scalar.sqrt(vHat) + eps) + decay * theta[i])
                    }
                }
            }
        }
    }
    // endregion
}
