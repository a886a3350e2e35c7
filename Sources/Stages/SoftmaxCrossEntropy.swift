// Lesson 5: softmax and cross-entropy. The softmax Jacobian, why CE ∘ softmax has gradient
// P − T, and the log-sum-exp trick that keeps softmax finite at large logits.
// Shapes: N samples (rows, index n), K classes (columns, indices i, j, k);
//   logits Z, probabilities P, targets T: N×K (each row of T sums to 1).
import Exercises
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 5.
public enum SoftmaxAndCrossEntropy {
    // region naive-and-stable-softmax
    /// p_i = e^(z_i) / Σ_j e^(z_j), exactly as written: e^z overflows for z ≳ 88.7 in Float
    /// (≳ 709.8 in Double), and inf / inf is NaN.
    static func naiveSoftmax<S: Real>(_ z: [S]) -> [S] {
        let exps = z.map { S.exp($0) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The same function, computed as p_i = e^(z_i − m) / Σ_j e^(z_j − m) with m = max_j z_j.
    /// Every exponent is ≤ 0, so no e^x overflows, and the largest term is e^0 = 1, so the
    /// sum is ≥ 1 and never 0.
    static func stableSoftmax<S: Real>(_ z: [S]) -> [S] {
        let m = z.max() ?? 0
        let exps = z.map { S.exp($0 - m) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
    // endregion

    /// The stable softmax of every row (N×K → N×K). The exercise
    /// `ExerciseSoftmaxCrossEntropy.softmax(logits:)` has the same signature.
    public static func softmax(logits z: Matrix<Double>) -> Matrix<Double> {
        Matrix(rows: z.rows, columns: z.columns, elements: (0..<z.rows).flatMap { stableSoftmax(z.row($0)) })
    }

    /// L = −(1/N) Σ_n Σ_k T_nk log P_nk, with log P computed stably:
    /// log p_k = (z_k − m) − log Σ_j e^(z_j − m) (the log-sum-exp), never log 0.
    static func crossEntropy(logits z: Matrix<Double>, targets t: Matrix<Double>) -> Double {
        var total = 0.0
        for n in 0..<z.rows {
            let row = z.row(n)
            let m = row.max() ?? 0
            let logSumExp = m + Double.log(row.reduce(0) { $0 + Double.exp($1 - m) })
            for k in 0..<z.columns { total -= t[n, k] * (row[k] - logSumExp) }
        }
        return total / Double(z.rows)
    }

    // region jacobian-route
    /// ∂L/∂Z the long way, one row at a time: ∂L/∂p_i = −t_i / (N p_i), then through the
    /// softmax Jacobian J_ij = ∂p_i/∂z_j = p_i (δ_ij − p_j):  ∂L/∂z_j = Σ_i ∂L/∂p_i · J_ij.
    static func jacobianRouteGradient(logits z: Matrix<Double>, targets t: Matrix<Double>) -> Matrix<Double> {
        let n = Double(z.rows), k = z.columns
        var gradient = Matrix<Double>(rows: z.rows, columns: k)
        for row in 0..<z.rows {
            let p = stableSoftmax(z.row(row))
            for j in 0..<k {
                var total = 0.0
                for i in 0..<k {
                    let dLdP = -t[row, i] / (n * p[i])
                    let jacobian = p[i] * ((i == j ? 1 : 0) - p[j])
                    total += dLdP * jacobian
                }
                gradient[row, j] = total
            }
        }
        return gradient
    }
    // endregion

    // region collapsed-gradient
    /// ∂L/∂Z = (P − T) / N (N×K): the Jacobian route with Σ_i t_i = 1 used to simplify.
    /// The exercise `ExerciseSoftmaxCrossEntropy.logitGradient(logits:targets:)` has the same signature.
    public static func logitGradient(logits z: Matrix<Double>, targets t: Matrix<Double>) -> Matrix<Double> {
        (1 / Double(z.rows)) * (softmax(logits: z) - t)
    }
    // endregion
}

/// Stage `softmaxCrossEntropy`: overflow, the two routes to ∂L/∂Z, the gradient check.
public final class SoftmaxCrossEntropyStage: Stage {
    public typealias SoftmaxFunction = (Matrix<Double>) -> Matrix<Double>
    public typealias GradientFunction = (Matrix<Double>, Matrix<Double>) -> Matrix<Double>
    public let steps = ["overflow", "compare-routes", "gradient-check"]
    /// What `--mine` checks: the learner's exercise by default; tests may inject others.
    public var exerciseSoftmax: SoftmaxFunction = ExerciseSoftmaxCrossEntropy.softmax
    public var exerciseGradient: GradientFunction = ExerciseSoftmaxCrossEntropy.logitGradient
    /// Rows of a softmax must sum to 1; in Double a sum of K ≤ 10 terms each rounded once is
    /// within ~K·1.1e-16 of it, so 1e-12 is generous yet catches any real error.
    static let sumTolerance = 1e-12
    /// The two routes to ∂L/∂Z differ only in rounding order (values ~0.1, differences ~1e-17).
    static let routeTolerance = 1e-12
    static let classCount = 5
    /// How the output names the learner's functions (also tells the helpers a run is `--mine`).
    static let learner = "your code"
    public init() {}

    public func run(step: String, context: StageContext) throws {
        let mine = context.options.mine
        // The learner's functions are shape-guarded: a wrong shape becomes a failed check below.
        let shapes = ShapeGuard()
        var softmax: SoftmaxFunction = SoftmaxAndCrossEntropy.softmax
        var gradient: GradientFunction = SoftmaxAndCrossEntropy.logitGradient
        if mine {
            let learnerSoftmax = exerciseSoftmax
            softmax = { z in shapes.checked(name: "softmax", label: "N×K", learnerSoftmax(z), like: z) }
            gradient = shapes.guarded(name: "∂L/∂Z", label: "N×K", exerciseGradient)
        }
        defer { if let problem = shapes.problem { context.check(ExerciseShapes.check(problem)) } }
        let who = mine ? Self.learner : "the reference"
        var generator = Xoshiro256StarStar(seed: context.options.seed)
        let logits = SampleData.uniformMatrix(rows: 4, columns: Self.classCount, low: -3, high: 3, using: &generator)
        let targets = SampleData.oneHotTargets(seed: context.options.seed, count: 4, classCount: Self.classCount)
        switch step {
        case "overflow": overflow(softmax: softmax, who: who, context: context)
        case "compare-routes": compareRoutes(logits: logits, targets: targets, gradient: gradient, who: who, context: context)
        case "gradient-check":
            let analytic = gradient(logits, targets)
            if shapes.problem != nil { return }
            let report = GradientCheckReport(tensors: [
                GradientCheck.check(name: "∂L/∂Z", at: logits, analyticGradient: analytic, options: allEntriesOptions()) { z in
                    SoftmaxAndCrossEntropy.crossEntropy(logits: z, targets: targets)
                },
            ], options: allEntriesOptions())
            context.text("Logits Z (\(logits.shapeDescription)) uniform in [−3, 3], one-hot targets T; L = −(1/N) Σ T ⊙ log softmax(Z), checking \(who).")
            let noise = finiteDifferenceNoise(loss: SoftmaxAndCrossEntropy.crossEntropy(logits: logits, targets: targets), step: report.step)
            report.emit(to: context, title: "∂L/∂Z of cross-entropy ∘ softmax vs central differences (Double, h = 1e-5)",
                        checkName: "max relative error of ∂L/∂Z", noise: noise,
                        hint: mine ? report.diagnosis(noise: noise, context: .softmaxCrossEntropy(sampleCount: logits.rows, classCount: logits.columns)).map { "\n" + $0 } ?? ""
                            : "The gradient is (P − T)/N: check the softmax and the 1/N.")
        default:
            throw StageError.unknownStep(stage: "softmaxCrossEntropy", step: step, known: steps)
        }
    }

    private func overflow(softmax: SoftmaxFunction, who: String, context: StageContext) {
        let rows: [[Float]] = [[1, 2, 3], [50, 51, 52], [90, 91, 92], [1000, 1001, 1002], [-1000, -999, -998]]
        func show(_ p: [Float]) -> String { p.map { Format.scientific(Double($0), digits: 3) }.joined(separator: "  ") }
        context.table(Table(title: "Softmax in Float: as written vs with the row max subtracted",
                            headers: ["logits z", "naive e^z / Σ e^z", "stable e^(z−m) / Σ e^(z−m)"],
                            rows: rows.map { z in
                                [z.map { String(Int($0)) }.joined(separator: ", "),
                                 show(SoftmaxAndCrossEntropy.naiveSoftmax(z)), show(SoftmaxAndCrossEntropy.stableSoftmax(z))]
                            }, rightAligned: [false, true, true]))
        let naiveBreaks = rows.filter { SoftmaxAndCrossEntropy.naiveSoftmax($0).contains { !$0.isFinite } }.count
        context.check(Check(name: "naive Float softmax gives inf/NaN on rows with |logits| ≥ 90", holds: naiveBreaks == 3,
                            detail: "\(naiveBreaks) of \(rows.count) rows broke: e^90 > Float.greatestFiniteMagnitude ≈ 3.4e38, and e^−1000 rounds to 0, so 0/0"))
        // The implementation under test, in Double, on logits where e^z overflows Double too.
        let extreme = Matrix<Double>([[1000, 1001, 1002], [-1000, -999, -998], [0, 0, 0], [710, -710, 0]])
        let p = softmax(extreme)
        let worst = (0..<p.rows).map { r -> Double in
            let row = p.row(r)
            return row.allSatisfy(\.isFinite) && row.allSatisfy({ $0 >= 0 }) ? abs(row.reduce(0, +) - 1) : .infinity
        }.max() ?? .infinity
        context.table(Table(title: "Softmax of \(who) in Double at extreme logits (e^710 overflows Double)",
                            headers: ["logits z", "p"],
                            rows: (0..<p.rows).map { r in
                                [extreme.row(r).map { String(Int($0)) }.joined(separator: ", "),
                                 p.row(r).map { Format.scientific($0) }.joined(separator: "  ")]
                            }, rightAligned: [false, true]))
        context.check(Check(name: "stable softmax at logits ±1000: max |Σₖ pₖ − 1| (inf if any p is not finite or negative)",
                            value: worst, threshold: Self.sumTolerance, comparison: .lessOrEqual,
                            detail: worst <= Self.sumTolerance ? "every row is finite and sums to 1"
                                : "subtract the row's max before exp, and divide each e^(zₖ − m) by the row's sum"))
    }

    private func compareRoutes(logits: Matrix<Double>, targets: Matrix<Double>, gradient: GradientFunction,
                               who: String, context: StageContext) {
        let jacobianRoute = SoftmaxAndCrossEntropy.jacobianRouteGradient(logits: logits, targets: targets)
        let collapsed = gradient(logits, targets)
        let p = SoftmaxAndCrossEntropy.softmax(logits: logits)
        context.table(Table(title: "Row 0: the softmax Jacobian Jᵢⱼ = pᵢ (δᵢⱼ − pⱼ) (\(Self.classCount)×\(Self.classCount); every column sums to 0)",
                            headers: ["i \\ j"] + (0..<Self.classCount).map(String.init),
                            rows: (0..<Self.classCount).map { i in
                                ["\(i)"] + (0..<Self.classCount).map { j in Format.scientific(p[0, i] * ((i == j ? 1 : 0) - p[0, j])) }
                            }))
        context.table(Table(title: "∂L/∂Z, row 0: Jacobian route vs (P − T)/N from \(who)",
                            headers: ["k", "pₖ", "tₖ", "Jacobian route", "(P − T)/N"],
                            rows: (0..<Self.classCount).map { k in
                                ["\(k)", Format.fixed(p[0, k]), Format.fixed(targets[0, k], digits: 0),
                                 Format.precise(jacobianRoute[0, k]), Format.precise(collapsed[0, k])]
                            }))
        // What if the targets do not sum to 1? Then the shortcut is wrong: Σ_i t_i ≠ 1.
        var scaled = targets
        for r in 0..<scaled.rows { for c in 0..<scaled.columns { scaled[r, c] *= 2 } }
        let scaledJacobian = SoftmaxAndCrossEntropy.jacobianRouteGradient(logits: logits, targets: scaled)
        let scaledShortcut = SoftmaxAndCrossEntropy.logitGradient(logits: logits, targets: scaled)
        context.text("Counter-example: with targets that sum to 2 instead of 1, the Jacobian route and P − T differ by up to \(Format.scientific((scaledJacobian - scaledShortcut).maxAbs())) — the shortcut needs Σᵢ tᵢ = 1.")
        let difference = (collapsed - jacobianRoute).maxAbs()
        context.check(Check(name: "max |(P − T)/N − Jacobian route| over the batch", value: difference.isNaN ? .infinity : difference,
                            threshold: Self.routeTolerance, comparison: .lessOrEqual,
                            detail: difference <= Self.routeTolerance ? "the collapsed gradient equals the explicit chain rule to round-off"
                                : who == Self.learner
                                    ? "your ∂L/∂Z differs from the explicit chain rule."
                                        + (DiagnosisContext.softmaxCrossEntropy(sampleCount: logits.rows, classCount: logits.columns)
                                            .diagnose([TensorUnderTest(name: "∂L/∂Z", actual: collapsed, expected: jacobianRoute,
                                                                       expectedName: "the Jacobian route's value")]).map { "\n" + $0 } ?? "")
                                    : "the collapsed gradient differs from the explicit chain rule; check the 1/N and that P is the softmax of Z"))
    }
}
