// Lesson 6: ReLU and kinks. Why a correct gradient can fail its check when a pre-activation
// sits within h of 0, and three ways to check ReLU networks anyway.
// Shapes: N samples, D inputs, H hidden units, K classes; W is out×in.
//   X N×D, T N×K (one-hot), W1 H×D, b1 1×H, W2 K×H, b2 1×K; Z1, A1 N×H; Z2, P N×K.
import Exercises
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 6: a D-H-K network with a ReLU hidden layer and softmax + CE.
public enum ReLUKinks {
    // region relu-backward
    /// dZ = dA ⊙ [Z > 0] (N×H). At Z = 0 exactly ReLU has no derivative; we use 0 there.
    /// The exercise `ExerciseReLUKinks.reluBackward(outputGradient:preActivation:)` has the same signature.
    public static func reluBackward(outputGradient dA: Matrix<Double>, preActivation z: Matrix<Double>) -> Matrix<Double> {
        precondition(dA.rows == z.rows && dA.columns == z.columns,
                     "reluBackward: dA is \(dA.shapeDescription), Z is \(z.shapeDescription)")
        var dZ = dA
        for index in 0..<z.count where !(z.elements[index] > 0) { dZ.elements[index] = 0 }
        return dZ
    }
    // endregion

    /// Z1 = X·W1ᵀ + b1 (N×H): the values ReLU sees.
    static func preActivations(parameters p: TwoLayerParameters, input x: Matrix<Double>) -> Matrix<Double> {
        x.multiplied(by: p.w1, layout: .transposeB).addingRowVector(p.b1)
    }

    /// L = −(1/N) Σ T ⊙ log softmax(Z2), Z2 = relu(Z1)·W2ᵀ + b2.
    static func loss(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets t: Matrix<Double>) -> Double {
        let a1 = preActivations(parameters: p, input: x).map { max(0, $0) }
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)
        return SoftmaxAndCrossEntropy.crossEntropy(logits: z2, targets: t)
    }

    /// Lesson 4's backward pass with ReLU in the hidden layer and lesson 5's (P − T)/N at the top.
    static func gradients(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets t: Matrix<Double>,
                          reluBackward: (Matrix<Double>, Matrix<Double>) -> Matrix<Double> = reluBackward) -> TwoLayerGradients {
        let z1 = preActivations(parameters: p, input: x)                                   // N×H
        let a1 = z1.map { max(0, $0) }                                                     // N×H
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)        // N×K
        let dZ2 = SoftmaxAndCrossEntropy.logitGradient(logits: z2, targets: t)             // N×K
        let dA1 = dZ2.multiplied(by: p.w2)                                                 // N×H
        let dZ1 = reluBackward(dA1, z1)                                                    // N×H
        return TwoLayerGradients(dW1: dZ1.multiplied(by: x, layout: .transposeA), db1: dZ1.sumOfRows(),
                                 dW2: dZ2.multiplied(by: a1, layout: .transposeA), db2: dZ2.sumOfRows())
    }

    /// Lesson 6's own network: the check of its cross-entropy loss.
    static func gradientCheck(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets t: Matrix<Double>,
                              analytic: TwoLayerGradients, step: Double = GradientCheck.defaultStep,
                              detectKinks: Bool) -> GradientCheckReport {
        gradientCheck(parameters: p, input: x, analytic: analytic, step: step, detectKinks: detectKinks) {
            loss(parameters: $0, input: x, targets: t)
        }
    }

    // region check-with-kinks
    /// Gradient check of all four tensors against the loss `lossAt`. With `detectKinks`, an
    /// entry whose ±h nudge flips any hidden pre-activation across 0 is reported and left out
    /// of the verdict: there the loss has a corner and the central difference does not
    /// estimate the derivative. (Lesson 13 reuses it for a network with dropout.)
    static func gradientCheck(parameters p: TwoLayerParameters, input x: Matrix<Double>,
                              analytic: TwoLayerGradients, step: Double = GradientCheck.defaultStep,
                              detectKinks: Bool, lossAt: (TwoLayerParameters) -> Double) -> GradientCheckReport {
        let options = allEntriesOptions(step: step)
        let slots: [(String, WritableKeyPath<TwoLayerParameters, Matrix<Double>>, Matrix<Double>)] = [
            ("dW1", \.w1, analytic.dW1), ("db1", \.b1, analytic.db1), ("dW2", \.w2, analytic.dW2), ("db2", \.b2, analytic.db2),
        ]
        let tensors = slots.map { name, path, gradient in
            func nudged(_ theta: Matrix<Double>) -> TwoLayerParameters {
                var q = p
                q[keyPath: path] = theta
                return q
            }
            return GradientCheck.check(
                name: name, at: p[keyPath: path], analyticGradient: gradient, options: options,
                preActivations: detectKinks ? { theta in preActivations(parameters: nudged(theta), input: x).elements } : nil
            ) { theta in lossAt(nudged(theta)) }
        }
        return GradientCheckReport(tensors: tensors, options: options)
    }
    // endregion

    /// A small network and batch with one kink planted: hidden unit `unit`'s pre-activation for
    /// sample `sample` is set to `offset` (a fraction of h) by choosing its inputs and bias.
    struct PlantedKink {
        let parameters: TwoLayerParameters
        let input: Matrix<Double>
        let targets: Matrix<Double>
        let sample = 2
        let unit = 1

        init(seed: UInt64, offset: Double) {
            var generator = Xoshiro256StarStar(seed: seed &+ 6)
            let (n, d, h, k) = (4, 3, 4, 3)
            var p = TwoLayerParameters(
                w1: Initialization.he.weights(outputCount: h, inputCount: d, using: &generator),
                b1: SampleData.uniformMatrix(rows: 1, columns: h, low: 0.1, high: 0.5, using: &generator),
                w2: Initialization.xavier.weights(outputCount: k, inputCount: h, using: &generator),
                b2: Matrix(rows: 1, columns: k))
            var x = SampleData.uniformMatrix(rows: n, columns: d, using: &generator)
            let (row, column) = (sample, unit)
            // Sample `sample` gets inputs of size 0.9 against the unit's weights, so every weight
            // nudge moves its Z by 0.9·h (across the kink) and the other samples, whose w·x is
            // larger, keep the unit clearly active (no tiny, noise-dominated gradients).
            for i in 0..<d { x[row, i] = p.w1[column, i] > 0 ? -0.9 : 0.9 }
            var zWithoutBias = 0.0
            for i in 0..<d { zWithoutBias += p.w1[column, i] * x[row, i] }
            p.b1[0, column] = offset - zWithoutBias  // Z1[sample][unit] = offset
            parameters = p
            input = x
            targets = SampleData.oneHotTargets(seed: seed, count: n, classCount: k)
        }
    }
}

/// Stage `reluKinks`: the kink in one dimension, a check that fails there, fixes, a ReLU network check.
public final class ReLUKinksStage: Stage {
    public typealias BackwardFunction = (Matrix<Double>, Matrix<Double>) -> Matrix<Double>
    public let steps = ["one-dimension", "failing-check", "fixes", "relu-network-check"]
    /// What `--mine` checks: the learner's exercise by default; tests may inject another.
    public var exerciseBackward: BackwardFunction = ExerciseReLUKinks.reluBackward
    /// The planted pre-activation sits 0.3·h above 0: a −h nudge of its bias crosses the kink.
    static let plantedOffset = 0.3 * GradientCheck.defaultStep
    public init() {}

    public func run(step: String, context: StageContext) throws {
        let planted = ReLUKinks.PlantedKink(seed: context.options.seed, offset: Self.plantedOffset)
        switch step {
        case "one-dimension": oneDimension(context: context)
        case "failing-check": failingCheck(planted, context: context)
        case "fixes": fixes(planted, context: context)
        case "relu-network-check": networkCheck(context: context)
        default: throw StageError.unknownStep(stage: "reluKinks", step: step, known: steps)
        }
    }

    private func oneDimension(context: StageContext) {
        let h = GradientCheck.defaultStep
        let rows: [[String]] = [-2.0, -0.5, 0, 0.25, 0.5, 0.9, 2, 1e5].map { multiple in
            let x = multiple * h
            let analytic: Double = x > 0 ? 1 : 0
            let numeric = (max(0, x + h) - max(0, x - h)) / (2 * h)
            return [Format.scientific(x, digits: 2), multiple == 1e5 ? "1e5" : "\(multiple)", "\(Int(analytic))",
                    Format.fixed(numeric, digits: 6), Format.scientific(GradientCheck.relativeError(analytic: analytic, numeric: numeric)),
                    abs(x) < h ? "yes" : "no"]
        }
        context.table(Table(title: "relu(x) near its kink, central difference with h = 1e-5",
                            headers: ["x", "x / h", "slope (analytic)", "central difference", "rel. error", "|x| < h?"],
                            rows: rows))
    }

    private func failingCheck(_ planted: ReLUKinks.PlantedKink, context: StageContext) {
        let p = planted.parameters, x = planted.input, t = planted.targets
        let z = ReLUKinks.preActivations(parameters: p, input: x)
        context.text("A 3-4-3 ReLU network and a batch of 4, with the bias of hidden unit \(planted.unit) chosen so that sample \(planted.sample)'s pre-activation is Z₁[\(planted.sample)][\(planted.unit)] = \(Format.scientific(z[planted.sample, planted.unit])) — 0.3·h above the kink. The gradients are correct (lessons 4 and 5); the check below does not know about kinks.")
        let analytic = ReLUKinks.gradients(parameters: p, input: x, targets: t)
        let report = ReLUKinks.gradientCheck(parameters: p, input: x, targets: t, analytic: analytic, detectKinks: false)
        let noise = finiteDifferenceNoise(loss: ReLUKinks.loss(parameters: p, input: x, targets: t), step: report.step)
        context.table(report.summaryTable(title: "Gradient check without kink handling", noise: noise))
        context.table(report.worstEntriesTable(title: "Worst entries", noise: noise))
        let worst = report.entriesByJudgedError(noise: noise).first
        let atPlantedUnit = worst.map { ($0.0 == "db1" && $0.1.column == planted.unit) || ($0.0 == "dW1" && $0.1.row == planted.unit) } ?? false
        context.check(Check(name: "without kink handling the check fails, and its worst entry is a parameter of the planted unit",
                            holds: !report.judgedPassed(noise: noise) && atPlantedUnit,
                            detail: worst.map { "worst: \($0.0)[\($0.1.row), \($0.1.column)], relative error \(Format.scientific($0.1.relativeError))" } ?? "no entries"))
    }

    private func fixes(_ planted: ReLUKinks.PlantedKink, context: StageContext) {
        let p = planted.parameters, x = planted.input, t = planted.targets
        let analytic = ReLUKinks.gradients(parameters: p, input: x, targets: t)
        let plain = ReLUKinks.gradientCheck(parameters: p, input: x, targets: t, analytic: analytic, detectKinks: false)
        let detected = ReLUKinks.gradientCheck(parameters: p, input: x, targets: t, analytic: analytic, detectKinks: true)
        let smallStep = 1e-6
        let smaller = ReLUKinks.gradientCheck(parameters: p, input: x, targets: t, analytic: analytic, step: smallStep, detectKinks: false)
        let moved = ReLUKinks.PlantedKink(seed: context.options.seed, offset: 1e3 * GradientCheck.defaultStep)
        let movedReport = ReLUKinks.gradientCheck(parameters: moved.parameters, input: moved.input, targets: moved.targets,
                                                  analytic: ReLUKinks.gradients(parameters: moved.parameters, input: moved.input, targets: moved.targets),
                                                  detectKinks: false)
        let loss = ReLUKinks.loss(parameters: p, input: x, targets: t)
        func row(_ name: String, _ r: GradientCheckReport) -> [String] {
            let noise = finiteDifferenceNoise(loss: loss, step: r.step)
            return [name, Format.scientific(r.step, digits: 0), Format.scientific(r.judgedMaxError(noise: noise)), "\(r.kinkCount)",
                    r.judgedPassed(noise: noise) ? "pass" : "FAIL"]
        }
        let noise = finiteDifferenceNoise(loss: loss, step: GradientCheck.defaultStep)
        context.table(Table(title: "The same correct gradients, checked four ways",
                            headers: ["strategy", "h", "max rel. error", "entries skipped", "verdict"],
                            rows: [row("no kink handling", plain), row("skip entries whose ±h nudge flips a ReLU", detected),
                                   row("smaller step (h below the distance to the kink)", smaller),
                                   row("input moved away: Z₁ = 1e3·h instead of 0.3·h", movedReport)],
                            rightAligned: [false, true, true, true, false]))
        if detected.kinkCount > 0 {
            let skipped = detected.tensors.flatMap { tensor in tensor.kinkEntries.map { "\(tensor.name)[\($0.row), \($0.column)]" } }
            context.text("Skipped at the kink: \(skipped.joined(separator: ", ")).")
        }
        context.check(Check(name: "with kink detection the check passes, skipping the entries at the planted kink",
                            holds: detected.judgedPassed(noise: noise) && detected.kinkCount > 0 && !plain.judgedPassed(noise: noise),
                            detail: "\(detected.kinkCount) entries skipped; max relative error of the rest \(Format.scientific(detected.judgedMaxError(noise: noise)))"))
    }

    private func networkCheck(context: StageContext) {
        let mine = context.options.mine
        let shapes = ShapeGuard()   // a wrong dZ shape becomes a failed check, not a trap in the matrix products
        let backward: BackwardFunction = mine ? shapes.guarded(name: "dZ", label: "N×H", exerciseBackward) : ReLUKinks.reluBackward
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 66)
        let (n, d, h, k) = (context.options.quick ? 8 : 32, 6, 10, 4)
        let p = TwoLayerParameters(
            w1: Initialization.he.weights(outputCount: h, inputCount: d, using: &generator),
            b1: SampleData.uniformMatrix(rows: 1, columns: h, low: -0.1, high: 0.1, using: &generator),
            w2: Initialization.xavier.weights(outputCount: k, inputCount: h, using: &generator),
            b2: Matrix(rows: 1, columns: k))
        let x = SampleData.uniformMatrix(rows: n, columns: d, using: &generator)
        let t = SampleData.oneHotTargets(seed: context.options.seed &+ 66, count: n, classCount: k)
        let z = ReLUKinks.preActivations(parameters: p, input: x)
        let inactive = z.elements.filter { !($0 > 0) }.count
        context.text("A \(d)-\(h)-\(k) ReLU network, softmax + cross-entropy, a batch of \(n): \(inactive) of \(z.count) hidden pre-activations are ≤ 0 (ReLU passes no gradient there). Backward pass: \(mine ? "your `ExerciseReLUKinks.reluBackward`" : "the reference `reluBackward`").")
        let report = ReLUKinks.gradientCheck(parameters: p, input: x, targets: t,
                                             analytic: ReLUKinks.gradients(parameters: p, input: x, targets: t, reluBackward: backward),
                                             detectKinks: true)
        if let problem = shapes.problem { return context.check(ExerciseShapes.check(problem)) }
        let noise = finiteDifferenceNoise(loss: ReLUKinks.loss(parameters: p, input: x, targets: t), step: report.step)
        // What kind of mistake: one direct call, with a gradient whose signs are independent of Z's.
        let probeGradient = SampleData.uniformMatrix(rows: n, columns: h, using: &generator)
        let elementwise = mine ? ReLUKinks.backwardDiagnosis(got: backward(probeGradient, z), outputGradient: probeGradient, preActivation: z) : nil
        let general = report.diagnosis(noise: noise, context: .reluKinks(sampleCount: n))
        let diagnosis = general?.contains("placeholder") == true ? [general!] : [general, elementwise].compactMap { $0 }
        report.emit(to: context, title: "ReLU network vs central differences, with kink detection",
                    checkName: "max relative error of the ReLU network's gradients (kinks skipped)", noise: noise,
                    hint: mine ? diagnosis.map { "\n" + $0 }.joined()
                        : "Only dW1 and db1 pass through ReLU's backward: dZ must equal dA where Z > 0 and be 0 elsewhere.")
        // The course's Network type does the same kink detection on its own layers.
        var networkGenerator = Xoshiro256StarStar(seed: context.options.seed &+ 67)
        if let network = try? Network<Double>(architecture: "\(d)-\(h)-\(h)-\(k)", activations: "relu", output: "softmax+ce", using: &networkGenerator),
           let networkReport = try? GradientCheck.check(network: network, input: x, targets: t, options: allEntriesOptions()) {
            networkReport.emit(to: context, title: "The course's Network<Double> \(network.architecture) (two ReLU layers), same batch",
                               checkName: "max relative error of Network<Double> with two ReLU layers (kinks skipped)",
                               noise: finiteDifferenceNoise(loss: network.loss(input: x, targets: t), step: networkReport.step),
                               hint: "This checks the library's layers, not your exercise.")
        }
    }
}
