// Lesson 12: the reference optimiser steps on flat arrays (the exercise's signature).
// Shapes: a parameter tensor θ, its gradient g and its moments m, v all have the same count P.
import Foundation

/// The reference code of lesson 12's exercise (`ExerciseAdam`, same signature), and the
/// momentum and weight-decay steps the lesson compares it with.
public enum Optimisers {
    /// One Adam step as a function, the way the stage calls the learner's and the reference:
    /// (θ, g, m, v, t, η, β₁, β₂, ε).
    public typealias AdamStepFunction = (inout [Float], [Float], inout [Float], inout [Float], Int, Float, Float, Float, Float) -> Void

    // region adam-step-reference
    /// One Adam step on one parameter tensor, in place. `stepCount` is t, counting from 1.
    /// ```
    /// m ← β₁·m + (1 − β₁)·g          running mean of g
    /// v ← β₂·v + (1 − β₂)·g²         running mean of g²
    /// m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   undo the pull towards the zero start
    /// θ ← θ − η · m̂ / (√v̂ + ε)
    /// ```
    public static func step(parameter theta: inout [Float], gradient g: [Float],
                            firstMoment m: inout [Float], secondMoment v: inout [Float],
                            stepCount t: Int, learningRate eta: Float,
                            beta1: Float, beta2: Float, epsilon: Float) {
        precondition(theta.count == g.count && m.count == g.count && v.count == g.count,
                     "step: θ, g, m, v have \(theta.count), \(g.count), \(m.count), \(v.count) entries")
        let correction1 = 1 - pow(beta1, Float(t))   // 1 − β₁ᵗ
        let correction2 = 1 - pow(beta2, Float(t))   // 1 − β₂ᵗ
        for i in 0..<theta.count {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            let mHat = m[i] / correction1
            let vHat = v[i] / correction2
            theta[i] -= eta * mHat / (vHat.squareRoot() + epsilon)
        }
    }
    // endregion

    // region momentum-step
    /// One momentum step: m is a running average of the gradients, and θ moves against it.
    /// ```
    /// m ← β·m + (1 − β)·g
    /// θ ← θ − η·m
    /// ```
    static func momentumStep(parameter theta: inout [Double], gradient g: [Double],
                             momentum m: inout [Double], learningRate eta: Double, beta: Double) {
        for i in 0..<theta.count {
            m[i] = beta * m[i] + (1 - beta) * g[i]
            theta[i] -= eta * m[i]
        }
    }
    // endregion

    // region decoupled-decay
    /// AdamW's decoupled weight decay, applied before the Adam step of the same iteration:
    /// every weight shrinks by the same factor, whatever its gradients were.
    /// ```
    /// θ ← θ − η·λ·θ = (1 − ηλ)·θ
    /// ```
    /// (Adam's move does not depend on θ, so this order gives `NeuralNet.Adam`'s
    /// θ ← θ − η·(m̂/(√v̂ + ε) + λ·θ) exactly.)
    public static func decoupledDecay(parameter theta: inout [Float], learningRate eta: Float, weightDecay lambda: Float) {
        for i in 0..<theta.count { theta[i] -= eta * lambda * theta[i] }
    }
    // endregion

    /// The reference step as an `AdamStepFunction`.
    public static var reference: AdamStepFunction {
        { step(parameter: &$0, gradient: $1, firstMoment: &$2, secondMoment: &$3, stepCount: $4,
               learningRate: $5, beta1: $6, beta2: $7, epsilon: $8) }
    }
}
