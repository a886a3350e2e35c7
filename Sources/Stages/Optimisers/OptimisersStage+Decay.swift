// Lesson 12: weight decay (L2 in the loss against AdamW) and learning-rate schedules.
import Foundation
import LessonEngine

extension OptimisersStage {
    /// AdamW: Adam's move does not depend on the gradient's scale, and the decay does not
    /// depend on the gradient at all, so the two weights stay equal up to Float rounding and
    /// ε/|g| ≈ 1e-6 (the small weight's gradient is 0.01).
    static let decoupledTolerance = 1e-4
    /// Under L2-in-the-loss, the small-gradient weight must lose at least this many times
    /// as much as the large-gradient one (AdamW: exactly as much).
    static let coupledRatio = 10.0

    func weightDecay(_ context: StageContext) {
        let l2 = WeightDecayDemo.run(decoupled: false)
        let adamW = WeightDecayDemo.run(decoupled: true)
        let factor = WeightDecayDemo.decayFactor
        let rows = WeightDecayDemo.gradientScales.indices.map { i in
            ["w\(i + 1)", String(format: "±%g", WeightDecayDemo.gradientScales[i]), Format.fixed(Double(l2[i])),
             Format.fixed(Double(adamW[i])), Format.fixed(factor)]
        }
        context.table(Table(title: "\(WeightDecayDemo.steps) Adam steps from w = 1, η = \(WeightDecayDemo.learningRate), λ = \(WeightDecayDemo.weightDecay)",
                            headers: ["weight", "loss gradient", "L2 in the loss", "AdamW (decoupled)", "(1 − ηλ)ᵀ"], rows: rows))
        let difference = abs(Double(adamW[0] - adamW[1]))
        context.check(Check(name: "AdamW shrinks both weights alike, whatever their gradients", value: difference,
                            threshold: Self.decoupledTolerance, comparison: .lessOrEqual,
                            detail: "|w1 − w2| = \(Format.scientific(difference, digits: 2)); both ≈ \(Format.fixed(Double(adamW[0]))), (1 − ηλ)ᵀ = \(Format.fixed(factor))"))
        let lost = l2.map { 1 - Double($0) }
        let ratio = lost[1] / lost[0]
        context.check(Check(name: "L2 under Adam: the weight with small gradients loses ≥ \(Int(Self.coupledRatio))× as much", value: ratio,
                            threshold: Self.coupledRatio, comparison: .greaterOrEqual,
                            detail: "1 − w: \(Format.fixed(lost[1])) (gradients ±\(WeightDecayDemo.gradientScales[1])) against \(Format.fixed(lost[0])) (±\(WeightDecayDemo.gradientScales[0]))"))
    }

    func schedules(_ context: StageContext) {
        let (base, every, factor, epochs) = (Schedules.base, Schedules.every, Schedules.factor, Schedules.epochs)
        let x = stride(from: 0.0, through: epochs, by: 0.05).map { $0 }
        context.chart(Chart(title: "Learning rate against epoch: η₀ = \(base), step decay × \(factor) every \(Int(every)) epochs, cosine over \(Int(epochs))",
                            xLabel: "epoch", yLabel: "η", series: [
                                .init(name: "step decay", x: x, y: x.map { Schedules.stepDecay(epoch: $0, base: base, every: every, factor: factor) }),
                                .init(name: "cosine", x: x, y: x.map { Schedules.cosine(epoch: $0, base: base, minimum: 0, epochs: epochs) }),
                            ]))
        // Hand values: step decay 10⁻³ until epoch 4, 3·10⁻⁴ from 5, 9·10⁻⁵ from 10; cosine
        // η₀ at 0, η₀/2 halfway (cos(π/2) = 0), 0 at the end (cos π = −1).
        let stepCases: [(Int, Double)] = [(0, 1e-3), (4, 1e-3), (5, 3e-4), (9, 3e-4), (10, 9e-5), (14, 9e-5)]
        let cosineCases: [(Double, Double)] = [(0, 1e-3), (epochs / 2, 5e-4), (epochs, 0), (epochs / 3, 7.5e-4)]
        var rows: [[String]] = []
        var worst = 0.0
        for (e, hand) in stepCases {
            let ours = Schedules.stepDecay(epoch: Double(e), base: base, every: every, factor: factor)
            let trainer = Schedules.trainer(epoch: e)
            worst = max(worst, abs(ours - hand) / hand, abs(trainer - hand) / hand)
            rows.append(["step decay", "\(e)", String(format: "%g", hand), String(format: "%.6g", ours), String(format: "%.6g", trainer)])
        }
        for (e, hand) in cosineCases {
            let ours = Schedules.cosine(epoch: e, base: base, minimum: 0, epochs: epochs)
            worst = max(worst, abs(ours - hand) / base)
            rows.append(["cosine", String(format: "%g", e), String(format: "%g", hand), String(format: "%.6g", ours), "–"])
        }
        context.table(Table(title: "Schedules at a few epochs", headers: ["schedule", "epoch", "by hand", "formula", "trainer (lesson 10)"],
                            rows: rows, rightAligned: [false, true, true, true, true]))
        context.check(Check(name: "schedule formulas equal the hand values (and the trainer's step decay)", value: worst, threshold: 1e-12,
                            comparison: .lessOrEqual, detail: "largest error relative to η₀ (step decay: to the hand value) over \(rows.count) cases"))
    }
}
