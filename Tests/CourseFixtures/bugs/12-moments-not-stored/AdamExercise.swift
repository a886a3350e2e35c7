// Lesson 12 exercise: one Adam step on one parameter tensor.
// Shapes: θ, its gradient g and the moments m, v are flat arrays of the same count P.
//
// Replace the placeholder (marked TODO), then run `backprop run 12`: your step is checked on the
// lesson's worked case, then trains lesson 9's 100 images against plain SGD.
import Foundation   // pow(_:_:) for Float

public enum ExerciseAdam {
    // region step
    /// One Adam step, in place: updates the moments m and v from g, then moves θ.
    /// `stepCount` is t, the number of this step: 1 on the first call, 2 on the next, …
    public static func step(parameter theta: inout [Float], gradient g: [Float],
                            firstMoment m: inout [Float], secondMoment v: inout [Float],
                            stepCount t: Int, learningRate eta: Float,
                            beta1: Float, beta2: Float, epsilon: Float) {
        precondition(theta.count == g.count && m.count == g.count && v.count == g.count,
                     "step: θ, g, m, v have \(theta.count), \(g.count), \(m.count), \(v.count) entries")
        let correction1 = 1 - pow(beta1, Float(t))
        let correction2 = 1 - pow(beta2, Float(t))
        for i in 0..<theta.count {
            let mi = beta1 * m[i] + (1 - beta1) * g[i]   // bug: never stored back in m, v
            let vi = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            let mHat = mi / correction1
            let vHat = vi / correction2
            theta[i] -= eta * mHat / (vHat.squareRoot() + epsilon)
        }
    }
    // endregion
}
