// Lesson 3: finite differences. Forward vs central differences of f(x) = σ(x) at x₀ = 0.5,
// their error as the step h shrinks (in Float and Double), and the gradient checker catching
// a planted bug in lesson 2's network.
// Shapes: scalars, except the lesson-2 network (D = 4, H = 5, K = 3) in the last step.
import Exercises
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 3.
public enum FiniteDifferences {
    /// The point where we differentiate.
    static let point = 0.5

    /// f(x) = σ(x) = 1 / (1 + e^(−x)), evaluated entirely in `S` (Float or Double).
    static func function<S: Real>(_ x: S) -> S { 1 / (1 + S.exp(-x)) }

    /// The exact f'(x) = σ(x)(1 − σ(x)), in Double.
    static func exactDerivative(_ x: Double) -> Double {
        let s = function(x)
        return s * (1 - s)
    }

    // region difference-quotients
    /// Forward difference (f(x + h) − f(x)) / h: truncation error ≈ (h/2)·|f''(x)|.
    static func forwardDifference<S: Real>(at x: S, step h: S) -> S {
        (function(x + h) - function(x)) / h
    }

    /// Central difference (f(x + h) − f(x − h)) / 2h: the h² terms of the two Taylor series
    /// cancel, leaving truncation error ≈ (h²/6)·|f'''(x)|.
    static func centralDifference<S: Real>(at x: S, step h: S) -> S {
        (function(x + h) - function(x - h)) / (2 * h)
    }
    // endregion

    /// Step sizes 10^(−1), 10^(−1.25), …, 10^(−15) (quarter decades).
    static let steps: [Double] = (4...60).map { pow(10, -Double($0) / 4) }

    /// |estimate − f'(x₀)| for each step, one series per (precision, formula).
    static func errorCurves() -> [(name: String, errors: [Double])] {
        let exact = exactDerivative(point)
        func curve<S: Real>(_: S.Type, _ estimate: (S, S) -> S) -> [Double] {
            steps.map { abs(Double(estimate(S(point), S($0))) - exact) }
        }
        return [
            ("Double, central", curve(Double.self, centralDifference)),
            ("Double, forward", curve(Double.self, forwardDifference)),
            ("Float, central", curve(Float.self, centralDifference)),
            ("Float, forward", curve(Float.self, forwardDifference)),
        ]
    }

    /// The predicted best step: truncation (∝ h or h²) balances round-off (∝ ε/h) near
    /// h ≈ ε^(1/2) for the forward difference and h ≈ ε^(1/3) for the central one.
    static func predictedBestStep(unitRoundoff epsilon: Double, central: Bool) -> Double {
        pow(epsilon, central ? 1.0 / 3 : 1.0 / 2)
    }
}

extension FiniteDifferences {
    public typealias NumericalGradient = (Matrix<Double>, Double, (Matrix<Double>) -> Double) -> Matrix<Double>

    // region numerical-gradient-reference
    /// The central-difference estimate of ∂loss/∂θ for every entry of θ, with step h.
    public static func numericalGradient(at theta: Matrix<Double>, step h: Double,
                                         loss: (Matrix<Double>) -> Double) -> Matrix<Double> {
        var gradient = Matrix<Double>(rows: theta.rows, columns: theta.columns)
        var nudged = theta
        for r in 0..<theta.rows {
            for c in 0..<theta.columns {
                nudged[r, c] = theta[r, c] + h
                let plus = loss(nudged)
                nudged[r, c] = theta[r, c] - h
                let minus = loss(nudged)
                nudged[r, c] = theta[r, c]           // put it back before the next entry
                gradient[r, c] = (plus - minus) / (2 * h)
            }
        }
        return gradient
    }
    // endregion

    /// The test function of the checker exercise: f(θ) = Σ sin θᵢ + (Σ θᵢ)²/2, whose exact
    /// gradient is cos θᵢ + Σ θ (every entry coupled to every other, so a nudge left in
    /// place is caught).
    static func checkerTestLoss(_ theta: Matrix<Double>) -> Double {
        let sum = theta.elements.reduce(0, +)
        return theta.elements.reduce(0) { $0 + sin($1) } + sum * sum / 2
    }

    static func checkerTestGradient(_ theta: Matrix<Double>) -> Matrix<Double> {
        let sum = theta.elements.reduce(0, +)
        return theta.map { cos($0) + sum }
    }

    /// Max relative error between two gradients (shapes must match), NaN counted as ∞.
    static func maxRelativeError(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        guard a.rows == b.rows && a.columns == b.columns else { return .infinity }
        var worst = 0.0
        for i in 0..<a.count {
            let e = GradientCheck.relativeError(analytic: a.elements[i], numeric: b.elements[i])
            worst = max(worst, e.isNaN ? .infinity : e)
        }
        return worst
    }

    /// One line describing how a checker's estimate differs from the exact gradient, without
    /// giving the formula.
    static func checkerDiagnosis(_ estimate: Matrix<Double>, exact: Matrix<Double>, at theta: Matrix<Double>, step h: Double,
                                 loss: (Matrix<Double>) -> Double) -> String {
        if let shape = ShapeCheck.mismatch(name: "estimate", estimate, expectedRows: exact.rows, expectedColumns: exact.columns, label: "θ's shape") {
            return shape
        }
        let tensor = TensorUnderTest(name: "estimate", labels: TensorLabels(shape: "θ's shape"), actual: estimate, expected: exact)
        let denominator = "the denominator: how far apart are the two points you evaluate?"
        let worst = maxRelativeError(estimate, exact)
        if worst < 1e-3 && estimate.elements.allSatisfy(\.isFinite) {
            // Close: a one-sided difference, or nudges left in place. Tell them apart by
            // computing the one-sided estimates themselves.
            let base = loss(theta)
            func oneSided(_ sign: Double) -> Matrix<Double> {
                var g = theta
                for i in 0..<theta.count {
                    var nudged = theta
                    nudged.elements[i] += sign * h
                    g.elements[i] = sign * (loss(nudged) - base) / h
                }
                return g
            }
            if maxRelativeError(estimate, oneSided(1)) < 1e-6 || maxRelativeError(estimate, oneSided(-1)) < 1e-6 {
                return "close but not central: this is a one-sided difference (error about h, max relative error \(Format.scientific(worst))); evaluate on both sides of θ"
            }
            return "close but not exact (max relative error \(Format.scientific(worst))): each entry must be estimated at θ itself with every other entry untouched — did you put each nudged entry back (or start from a fresh copy of θ)?"
        }
        if let line = TensorDiagnosis.diagnose(tensor, factors: [NamedFactor("2", 2, lookAt: denominator)]) { return line }
        return "max relative error \(Format.scientific(worst)): did you put each nudged entry back before nudging the next (work on a copy of θ)?"
    }
}

/// Stage `finiteDifferences`: a table of estimates, the error-vs-h curves, a bug caught.
public final class FiniteDifferencesStage: Stage {
    public let steps = ["forward-vs-central", "error-curve", "your-checker", "catch-a-bug"]
    /// What the learner's runs use: their exercise by default; tests may inject another.
    public var exerciseChecker: FiniteDifferences.NumericalGradient = { ExerciseFiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
    public init() {}

    public func run(step: String, context: StageContext) throws {
        switch step {
        case "forward-vs-central": forwardVersusCentral(context: context)
        case "error-curve": errorCurve(context: context)
        case "catch-a-bug": catchABug(context: context)
        case "your-checker": yourChecker(context: context)
        default: throw StageError.unknownStep(stage: "finiteDifferences", step: step, known: steps)
        }
    }

    private func forwardVersusCentral(context: StageContext) {
        let x = FiniteDifferences.point
        let exact = FiniteDifferences.exactDerivative(x)
        let rows: [[String]] = [1e-1, 1e-2, 1e-3, 1e-4].map { h in
            let forward = FiniteDifferences.forwardDifference(at: x, step: h)
            let central = FiniteDifferences.centralDifference(at: x, step: h)
            return [Format.scientific(h, digits: 0), Format.precise(forward), Format.scientific(abs(forward - exact)),
                    Format.precise(central), Format.scientific(abs(central - exact))]
        }
        context.text("f(x) = σ(x) at x₀ = \(x); exact f'(x₀) = σ(x₀)(1 − σ(x₀)) = \(Format.precise(exact)).")
        context.table(Table(title: "Forward and central differences in Double",
                            headers: ["h", "forward", "|error|", "central", "|error|"], rows: rows))
    }

    private func errorCurve(context: StageContext) {
        let curves = FiniteDifferences.errorCurves()
        context.chart(Chart(title: "Error of the difference quotient of σ at 0.5 vs step h",
                            xLabel: "step h", yLabel: "|estimate − exact|", xScale: .log, yScale: .log,
                            series: curves.map { Chart.Series(name: $0.name, x: FiniteDifferences.steps, y: $0.errors) }))
        var rows: [[String]] = []
        var doubleCentralBest = 0.0
        for (name, errors) in curves {
            let finite = errors.enumerated().filter { $0.element.isFinite }
            guard let best = finite.min(by: { $0.element < $1.element }) else { continue }
            let h = FiniteDifferences.steps[best.offset]
            let epsilon = name.hasPrefix("Double") ? Double.ulpOfOne : Double(Float.ulpOfOne)
            let predicted = FiniteDifferences.predictedBestStep(unitRoundoff: epsilon, central: name.hasSuffix("central"))
            if name == "Double, central" { doubleCentralBest = h }
            rows.append([name, Format.scientific(h, digits: 1), Format.scientific(best.element, digits: 1),
                         Format.scientific(predicted, digits: 1)])
        }
        context.table(Table(title: "Where each curve bottoms out",
                            headers: ["precision, formula", "best h", "smallest error", "predicted h (ε^½ or ε^⅓)"],
                            rows: rows, rightAligned: [false, true, true, true]))
        let predicted = FiniteDifferences.predictedBestStep(unitRoundoff: Double.ulpOfOne, central: true)
        let decades = abs(log10(doubleCentralBest / predicted))
        context.check(Check(name: "decades between the best h of the Double central curve and ε^(1/3)",
                            value: decades, threshold: 2, comparison: .lessOrEqual,
                            detail: "best h \(Format.scientific(doubleCentralBest, digits: 1)) vs predicted \(Format.scientific(predicted, digits: 1)); the constants |f|, |f'''| shift the optimum by a factor, not by orders of magnitude"))
    }

    /// The checker exercise on a function whose gradient is known exactly.
    private func yourChecker(context: StageContext) {
        let mine = context.options.mine
        let checker: FiniteDifferences.NumericalGradient = mine ? exerciseChecker : { FiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 3)
        let theta = SampleData.uniformMatrix(rows: 3, columns: 4, using: &generator)
        let h = 1e-5
        let estimate = checker(theta, h, FiniteDifferences.checkerTestLoss)
        let exact = FiniteDifferences.checkerTestGradient(theta)
        let error = FiniteDifferences.maxRelativeError(estimate, exact)
        let who = mine ? "Your `ExerciseFiniteDifferences.numericalGradient`" : "The reference `numericalGradient`"
        context.text("\(who) on f(θ) = Σ sin θᵢ + (Σ θᵢ)²/2 at a random 3×4 θ, h = 10⁻⁵; the exact gradient is cos θᵢ + Σ θ.")
        if estimate.rows == exact.rows && estimate.columns == exact.columns {
            let rows = (0..<min(4, exact.count)).map { i in
                ["(\(i / 4), \(i % 4))", Format.precise(exact.elements[i]), Format.precise(estimate.elements[i]),
                 Format.scientific(GradientCheck.relativeError(analytic: exact.elements[i], numeric: estimate.elements[i]))]
            }
            context.table(Table(title: "First entries", headers: ["entry", "exact", "estimate", "rel. error"], rows: rows,
                                rightAligned: [false, true, true, true]))
        }
        context.check(Check(name: "checker estimate vs the exact gradient: max relative error", value: error,
                            threshold: GradientCheck.defaultThreshold, comparison: .lessOrEqual,
                            detail: error <= GradientCheck.defaultThreshold ? "all 12 entries of θ" : FiniteDifferences.checkerDiagnosis(estimate, exact: exact, at: theta, step: h, loss: FiniteDifferences.checkerTestLoss)))
    }

    // region catch-a-bug
    /// Runs the lesson-2 checker on the correct gradients and on gradients with a planted bug:
    /// the output error signal without the sigmoid's slope oₖ(1 − oₖ).
    private func catchABug(context: StageContext) {
        let network = SampleData.perElementNetwork(seed: context.options.seed)
        let batch = SampleData.batch(seed: context.options.seed)
        let correct = network.gradients(inputs: batch.inputs, targets: batch.targets)
        let buggy = ChainRule.batchGradients(network: network, inputs: batch.inputs, targets: batch.targets,
                                             perSample: FiniteDifferencesStage.gradientsMissingOutputSlope)
        let correctReport = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs,
                                                          targets: batch.targets, analytic: correct)
        let buggyReport = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs,
                                                        targets: batch.targets, analytic: buggy)
        let noise = finiteDifferenceNoise(loss: network.loss(inputs: batch.inputs, targets: batch.targets), step: correctReport.step)
        context.table(correctReport.summaryTable(title: "The correct gradients", noise: noise))
        context.table(buggyReport.summaryTable(title: "The planted bug: δₖ without oₖ(1 − oₖ)", noise: noise))
        context.table(buggyReport.worstEntriesTable(title: "Worst entries of the buggy gradients", noise: noise))
        context.check(Check(name: "correct gradients: max relative error", value: correctReport.judgedMaxError(noise: noise),
                            threshold: GradientCheck.defaultThreshold, comparison: .lessOrEqual,
                            detail: "all \(correctReport.checkedCount) parameters, h = \(Format.scientific(correctReport.step))"))
        context.check(Check(name: "planted bug: the checker reports a failure", holds: !buggyReport.judgedPassed(noise: noise),
                            detail: "max relative error of the buggy gradients: \(Format.scientific(buggyReport.maxRelativeError))"))
    }
    // endregion

    /// Lesson 2's gradients with a planted bug: δ_k = ∂L/∂o_k (the sigmoid's slope forgotten).
    static func gradientsMissingOutputSlope(network: PerElementNetwork, input x: [Double], target y: [Double]) -> PerElementGradients {
        let (h, o) = network.forward(x)
        var g = PerElementGradients(zeroLike: network)
        var delta = [Double](repeating: 0, count: network.outputCount)
        for k in 0..<network.outputCount {
            delta[k] = 2 * (o[k] - y[k]) / Double(network.outputCount)   // BUG: missing · o_k(1 − o_k)
            for j in 0..<network.hiddenCount { g.outputWeights[k][j] = delta[k] * h[j] }
            g.outputBiases[k] = delta[k]
        }
        for j in 0..<network.hiddenCount {
            var dLdH = 0.0
            for k in 0..<network.outputCount { dLdH += delta[k] * network.outputWeights[k][j] }
            let deltaHidden = dLdH * h[j] * (1 - h[j])
            for i in 0..<network.inputCount { g.hiddenWeights[j][i] = deltaHidden * x[i] }
            g.hiddenBiases[j] = deltaHidden
        }
        return g
    }
}
