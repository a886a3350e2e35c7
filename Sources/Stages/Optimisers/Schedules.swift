// Lesson 12: learning-rate schedules as functions of the epoch e (counted from 0).
import Foundation
import NeuralNet

enum Schedules {
    // region schedules
    /// Step decay: η multiplied by `factor` every `every` epochs.
    /// ```
    /// η_e = η₀ · factor^⌊e / every⌋
    /// ```
    static func stepDecay(epoch e: Double, base eta0: Double, every: Double, factor: Double) -> Double {
        eta0 * pow(factor, (e / every).rounded(.down))
    }

    /// Cosine: from η₀ at e = 0 down to η_min at e = E along half a cosine wave.
    /// ```
    /// η_e = η_min + ½·(η₀ − η_min)·(1 + cos(π·e/E))
    /// ```
    static func cosine(epoch e: Double, base eta0: Double, minimum etaMin: Double, epochs E: Double) -> Double {
        etaMin + 0.5 * (eta0 - etaMin) * (1 + cos(Double.pi * min(e, E) / E))
    }
    // endregion

    /// The course's default model (lesson 10, `backprop train`): η₀ = 10⁻³, × 0.3 every 5 epochs, 15 epochs.
    static let base = 1e-3, every = 5.0, factor = 0.3, epochs = 15.0

    /// The trainer's own schedule for the same settings, to check ours against.
    static func trainer(epoch: Int) -> Double {
        LearningRateSchedule.step(everyEpochs: Int(every), factor: factor).learningRate(base: base, epoch: epoch)
    }
}
