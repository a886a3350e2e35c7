// Lesson 13's dropout steps: weight decay's gradient, the learner's forward and backward
// (expected value, closed form), and the gradient check with a fixed mask.
// Shapes: H, M, A, ∂L/∂A, ∂L/∂H all N×H; W out×in.
import Foundation
import LessonEngine
import Linalg
import NeuralNet

extension GeneralisationStage {
    /// The drop probability used by the exercise checks.
    static let exerciseRate = 0.3
    /// Masks averaged for the expected-value check. The mean of A over M masks has standard
    /// deviation H·√(p/(1 − p))/√M ≈ 0.0065·H for p = 0.3, M = 10,000.
    static let expectationDraws = 10_000
    /// |mean A − H| ≤ 0.05·H: about 7 standard deviations of that mean (no false alarm), while
    /// a missing scale is off by p·H = 0.3·H.
    static let expectationTolerance = 0.05

    func weightDecay(_ context: StageContext) {
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 130)
        let w = SampleData.uniformMatrix(rows: 3, columns: 4, using: &generator)
        let lambda = 0.1
        // region weight-decay-penalty
        /// R(W) = (λ/2) Σ W_ij²  and its gradient ∂R/∂W = λ·W.
        func penalty(_ w: Matrix<Double>) -> Double { lambda / 2 * w.elements.reduce(0) { $0 + $1 * $1 } }
        let closedForm = w.map { lambda * $0 }
        // endregion
        let options = allEntriesOptions()
        let report = GradientCheckReport(tensors: [GradientCheck.check(name: "∂R/∂W", at: w, analyticGradient: closedForm,
                                                                       options: options, function: penalty)], options: options)
        context.table(report.summaryTable(title: "λ·W against central differences of (λ/2)‖W‖², λ = \(lambda), W 3×4", noise: 0))
        context.check(Check(name: "∂/∂W of (λ/2)‖W‖² equals λ·W: max relative error", value: report.maxRelativeError,
                            threshold: report.threshold, comparison: .lessOrEqual,
                            detail: "12 entries; a quadratic's central difference is exact up to round-off"))
    }

    func yourDropout(_ context: StageContext) {
        let (forward, backward, who) = dropoutFunctions(context)
        let p = Self.exerciseRate
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 131)
        let h = SampleData.uniformMatrix(rows: 4, columns: 5, low: 0.5, high: 2, using: &generator)
        let mask = DropoutReference.mask(rows: 4, columns: 5, rate: p, using: &generator)
        let file = "DropoutExercise.swift"
        // 1. The forward pass with a given mask.
        let a = forward(h, mask, p)
        let forwardProblem = DropoutDiagnosis.diagnosis(a, x: h, mask: mask, rate: p, what: "A", file: file)
        context.check(Check(name: "\(who) forward on a 4×5 H with a given mask, p = \(p)", holds: forwardProblem == nil,
                            detail: forwardProblem ?? "\(mask.elements.filter { $0 == 0 }.count) of 20 units dropped, the others scaled by 1/(1 − p) = \(Format.fixed(1 / (1 - p)))"))
        // 2. The backward pass against the closed form, on a ∂L/∂A with no zeros.
        let dA = SampleData.uniformMatrix(rows: 4, columns: 5, low: 0.5, high: 2, using: &generator)
        let dH = backward(dA, mask, p)
        let backwardProblem = DropoutDiagnosis.diagnosis(dH, x: dA, mask: mask, rate: p, what: "∂L/∂H", file: file)
        context.check(Check(name: "\(who) backward against the closed form ∂L/∂A ⊙ M / (1 − p)", holds: backwardProblem == nil,
                            detail: backwardProblem ?? "all 20 entries agree to \(Format.scientific(DropoutDiagnosis.tolerance, digits: 0))"))
        guard forwardProblem == nil else { return }
        // 3. The expected value: averaged over many masks, A comes back to H.
        var sum = Matrix<Double>(rows: h.rows, columns: h.columns)
        var unscaledSum = sum
        for _ in 0..<Self.expectationDraws {
            let m = DropoutReference.mask(rows: h.rows, columns: h.columns, rate: p, using: &generator)
            let out = ShapeSafe.call(forward, h, m, p)
            guard out.count == h.count else { break }
            for i in 0..<h.count { sum.elements[i] += out.elements[i]; unscaledSum.elements[i] += h.elements[i] * m.elements[i] }
        }
        let draws = Double(Self.expectationDraws)
        let worst = (0..<h.count).map { abs(sum.elements[$0] / draws - h.elements[$0]) / h.elements[$0] }.max() ?? .nan
        let rows = (0..<4).map { i in
            [Format.fixed(h.elements[i], digits: 3), Format.fixed(sum.elements[i] / draws, digits: 3), Format.fixed(unscaledSum.elements[i] / draws, digits: 3)]
        }
        context.table(Table(title: "Mean over \(Self.expectationDraws.formatted()) masks, p = \(p) (first 4 of 20 units)",
                            headers: ["H", "mean of A (\(who) forward)", "mean of H ⊙ M (no rescaling)"], rows: rows))
        context.check(Check(name: "inverted scaling keeps the expected activation: max |mean A − H| / H", value: worst,
                            threshold: Self.expectationTolerance, comparison: .lessOrEqual,
                            detail: "over 20 units and \(Self.expectationDraws.formatted()) masks; without the 1/(1 − p) the mean would be (1 − p)·H, off by \(p)"))
    }

    func dropoutGradientCheck(_ context: StageContext) {
        let (forward, backward, who) = dropoutFunctions(context)
        let n = context.options.quick ? 6 : 16
        let p = 0.5
        let network = DropoutNetwork.sample(seed: context.options.seed, sampleCount: n, rate: p,
                                            forward: { ShapeSafe.call(forward, $0, $1, $2) },
                                            backward: { ShapeSafe.call(backward, $0, $1, $2) })
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 132)
        // region fixed-mask-check
        // One mask for the analytic gradient and for every nudged loss.
        let mask = DropoutReference.mask(rows: n, columns: network.parameters.w1.rows, rate: p, using: &generator)
        let analytic = network.gradients(mask: mask)
        let report = network.gradientCheck(analytic: analytic) { q in network.loss(q, mask: mask) }
        // endregion
        let dropped = mask.elements.filter { $0 == 0 }.count
        context.text("A 6-10-4 network, ReLU then dropout (p = \(p)) in the hidden layer, softmax + CE, a batch of \(n); the mask drops \(dropped) of \(mask.count) hidden activations and is the same for the backward pass and every nudged loss. Dropout forward and backward: \(who).")
        let noise = finiteDifferenceNoise(loss: network.loss(network.parameters, mask: mask), step: report.step)
        let dA = SampleData.uniformMatrix(rows: n, columns: mask.columns, low: 0.5, high: 2, using: &generator)
        let diagnosis = DropoutDiagnosis.diagnosis(backward(dA, mask, p), x: dA, mask: mask, rate: p,
                                                   what: "∂L/∂H", file: "DropoutExercise.swift")
        report.emit(to: context, title: "Gradients through dropout vs central differences, fixed mask",
                    checkName: "max relative error of the gradients through dropout (fixed mask, kinks skipped)", noise: noise,
                    hint: context.options.mine ? diagnosis.map { "\n" + $0 } ?? "" : "Only dW1 and db1 pass through dropout's backward.")
        // The same check with a new mask for every loss evaluation: it compares two functions.
        var redraw = Xoshiro256StarStar(seed: context.options.seed &+ 133)
        let reference = DropoutNetwork.sample(seed: context.options.seed, sampleCount: n, rate: p,
                                              forward: DropoutReference.forward, backward: DropoutReference.backward)
        let redrawn = reference.gradientCheck(analytic: reference.gradients(mask: mask)) { q in
            reference.loss(q, mask: DropoutReference.mask(rows: n, columns: mask.columns, rate: p, using: &redraw))
        }
        let redrawnNoise = finiteDifferenceNoise(loss: reference.loss(reference.parameters, mask: mask), step: redrawn.step)
        context.table(Table(title: "The reference gradients checked twice", headers: ["mask in the nudged losses", "max rel. error", "verdict"],
                            rows: [["the forward pass's mask, fixed", Format.scientific(reference.gradientCheck(analytic: reference.gradients(mask: mask)) { reference.loss($0, mask: mask) }.judgedMaxError(noise: noise)), "pass"],
                                   ["a new mask for every evaluation", Format.scientific(redrawn.judgedMaxError(noise: redrawnNoise)),
                                    redrawn.judgedPassed(noise: redrawnNoise) ? "pass" : "FAIL"]],
                            rightAligned: [false, true, false]))
        context.check(Check(name: "with a new mask per loss evaluation, even the reference fails the check",
                            holds: !redrawn.judgedPassed(noise: redrawnNoise),
                            detail: "max relative error \(Format.scientific(redrawn.judgedMaxError(noise: redrawnNoise))): L(θ + h) and L(θ − h) drop different units, so their difference measures the masks, not the slope"))
    }
}

extension DropoutReference {
    /// A mask (N×H of 0 and 1): each entry 0 with probability p, drawn as
    /// `ExerciseDropout.drawMask` does.
    static func mask(rows: Int, columns: Int, rate p: Double, using generator: inout Xoshiro256StarStar) -> Matrix<Double> {
        var mask = Matrix<Double>(rows: rows, columns: columns)
        for index in 0..<mask.count { mask.elements[index] = Double.random(in: 0..<1, using: &generator) < p ? 0 : 1 }
        return mask
    }
}

/// Calls a learner's dropout function where its result feeds further arithmetic: a result of
/// the wrong shape is replaced by zeros of the input's shape (the diagnosis reports the shape).
enum ShapeSafe {
    static func call(_ function: DropoutReference.Function, _ x: Matrix<Double>, _ m: Matrix<Double>, _ p: Double) -> Matrix<Double> {
        let result = function(x, m, p)
        return result.rows == x.rows && result.columns == x.columns ? result : Matrix(rows: x.rows, columns: x.columns)
    }
}
