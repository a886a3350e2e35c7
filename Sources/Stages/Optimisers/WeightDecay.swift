// Lesson 12: weight decay under Adam, two ways: an L2 term in the loss (its gradient λθ goes
// through Adam's per-parameter scaling) against AdamW's decoupled decay (it does not).
// Shapes: two weights, one with large loss gradients and one with small ones.
import Foundation

enum WeightDecayDemo {
    /// The two weights' loss-gradient sizes: the gradient alternates ±s (a zero-mean signal,
    /// so without decay neither weight drifts).
    static let gradientScales: [Float] = [10, 0.01]
    static let learningRate: Float = 0.01
    static let weightDecay: Float = 0.1
    static let steps = 200

    /// The loss gradient of weight i at step t (from 1): +sᵢ, −sᵢ, +sᵢ, …
    static func lossGradient(step t: Int) -> [Float] {
        gradientScales.map { t % 2 == 1 ? $0 : -$0 }
    }

    // region l2-vs-decoupled
    /// Both weights from 1 after `steps` Adam steps, with the decay done one of two ways.
    static func run(decoupled: Bool, step adam: Optimisers.AdamStepFunction = Optimisers.reference) -> [Float] {
        let (eta, lambda) = (learningRate, weightDecay)
        var theta: [Float] = [1, 1]
        var m: [Float] = [0, 0], v: [Float] = [0, 0]
        for t in 1...steps {
            var g = lossGradient(step: t)
            if decoupled {
                // AdamW: shrink θ by (1 − ηλ) directly; the gradient is the loss's alone.
                Optimisers.decoupledDecay(parameter: &theta, learningRate: eta, weightDecay: lambda)
            } else {
                // L2 in the loss: L + ½λ‖θ‖² adds λθ to the gradient, and Adam divides
                // it by √v̂ like the rest: large for small-gradient weights, small otherwise.
                for i in 0..<g.count { g[i] += lambda * theta[i] }
            }
            adam(&theta, g, &m, &v, t, eta, 0.9, 0.999, 1e-8)
        }
        return theta
    }
    // endregion

    /// (1 − ηλ)^T: what decoupled decay alone leaves of a weight after T steps.
    static var decayFactor: Double { pow(1 - Double(learningRate * weightDecay), Double(steps)) }
}
