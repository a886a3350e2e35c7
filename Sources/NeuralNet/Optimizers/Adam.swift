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
        let (keep1, keep2) = (1 - b1, 1 - b2)
        // Divisors as whole vectors: vector ÷ vector compiles to vdivps, vector ÷ scalar to a
        // lane-by-lane loop. Same quotients either way.
        let (divisor1, divisor2) = (SIMD16<Scalar>(repeating: correction1), SIMD16<Scalar>(repeating: correction2))
        let epsilonVector = SIMD16<Scalar>(repeating: eps)
        forEachParameter(of: network) { theta, g, slot, isWeight in
            let decay = SIMD16<Scalar>(repeating: isWeight ? lambda : 0), count = theta.count
            firstMoments[slot].withUnsafeMutableBufferPointer { m in
                secondMoments[slot].withUnsafeMutableBufferPointer { v in
                    guard let theta = theta.baseAddress, let g = g.baseAddress,
                          let m = m.baseAddress, let v = v.baseAddress else { return }
                    // 16 parameters per step; each lane is the scalar update, term for term.
                    // Large tensors are cut in one slice per core (see `Lanes.parallelChunks`).
                    Lanes.parallelChunks(count: count) { i, valid in
                        let gi = Lanes.load(g, i, valid), thetaI = Lanes.load(theta, i, valid)
                        let mi = b1 * Lanes.load(m, i, valid) + keep1 * gi
                        let vi = b2 * Lanes.load(v, i, valid) + keep2 * gi * gi
                        let mHat = mi / divisor1
                        let vHat = vi / divisor2
                        Lanes.store(mi, m, i, valid)
                        Lanes.store(vi, v, i, valid)
                        Lanes.store(thetaI - eta * (mHat / (Lanes.squareRoot(vHat) + epsilonVector) + decay * thetaI),
                                    theta, i, valid)
                    }
                }
            }
        }
    }
    // endregion
}
