// Lesson 4: vectorised backprop. Lesson 2's network, a whole batch at a time, in matrix form.
// Shapes: N samples, D inputs, H hidden units, K outputs; W is out×in.
//   X N×D, Y N×K, W1 H×D, b1 1×H, W2 K×H, b2 1×K; Z1, A1 N×H; Z2, O N×K.
import Exercises
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 4.
public enum VectorisedBackprop {
    /// σ applied to every element.
    static func sigmoid(_ m: Matrix<Double>) -> Matrix<Double> { m.map { 1 / (1 + Double.exp(-$0)) } }

    // region vectorised-forward
    /// Forward pass for a batch: returns A1 (N×H) and O (N×K).
    /// ```
    /// Z1 = X·W1ᵀ + b1   (N×D · D×H → N×H, b1 added to every row)     A1 = σ(Z1)
    /// Z2 = A1·W2ᵀ + b2  (N×H · H×K → N×K)                            O  = σ(Z2)
    /// ```
    static func forward(parameters p: TwoLayerParameters, input x: Matrix<Double>) -> (a1: Matrix<Double>, o: Matrix<Double>) {
        let z1 = x.multiplied(by: p.w1, layout: .transposeB).addingRowVector(p.b1)    // N×H
        let a1 = sigmoid(z1)                                                           // N×H
        let z2 = a1.multiplied(by: p.w2, layout: .transposeB).addingRowVector(p.b2)   // N×K
        return (a1, sigmoid(z2))                                                       // N×K
    }

    /// L = (1/(N·K)) Σ_n Σ_k (O_nk − Y_nk)²: lesson 2's per-sample loss, averaged over the batch.
    static func loss(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets y: Matrix<Double>) -> Double {
        let o = forward(parameters: p, input: x).o
        let difference = o - y
        return difference.hadamard(difference).sum() / Double(o.count)
    }
    // endregion

    // region vectorised-backward
    /// All four gradients for the batch, each shaped like its parameter.
    /// ```
    /// dO  = 2 (O − Y) / (N·K)      N×K   (∂L/∂O; the 1/N of the batch mean lives here)
    /// dZ2 = dO ⊙ O ⊙ (1 − O)       N×K   (row n holds lesson 2's δ_k of sample n, over N)
    /// dW2 = dZ2ᵀ·A1                K×N · N×H → K×H   (Σ_n δ_k h_j)
    /// db2 = Σ_rows dZ2             1×K
    /// dA1 = dZ2·W2                 N×K · K×H → N×H   (Σ_k δ_k w_o[k][j])
    /// dZ1 = dA1 ⊙ A1 ⊙ (1 − A1)    N×H
    /// dW1 = dZ1ᵀ·X                 H×N · N×D → H×D
    /// db1 = Σ_rows dZ1             1×H
    /// ```
    public static func gradients(parameters p: TwoLayerParameters, input x: Matrix<Double>,
                                 targets y: Matrix<Double>) -> TwoLayerGradients {
        let (a1, o) = forward(parameters: p, input: x)
        let dO = (2 / Double(o.count)) * (o - y)                         // N×K
        let dZ2 = dO.hadamard(o.map { $0 * (1 - $0) })                   // N×K
        let dW2 = dZ2.multiplied(by: a1, layout: .transposeA)            // K×H
        let db2 = dZ2.sumOfRows()                                        // 1×K
        let dA1 = dZ2.multiplied(by: p.w2)                               // N×H
        let dZ1 = dA1.hadamard(a1.map { $0 * (1 - $0) })                 // N×H
        let dW1 = dZ1.multiplied(by: x, layout: .transposeA)             // H×D
        let db1 = dZ1.sumOfRows()                                        // 1×H
        return TwoLayerGradients(dW1: dW1, db1: db1, dW2: dW2, db2: db2)
    }
    // endregion

    /// Lesson 2's network as matrices (the same numbers).
    static func parameters(of network: PerElementNetwork) -> TwoLayerParameters {
        TwoLayerParameters(w1: Matrix(network.hiddenWeights), b1: Matrix(row: network.hiddenBiases),
                           w2: Matrix(network.outputWeights), b2: Matrix(row: network.outputBiases))
    }

    /// The per-element gradients in the same matrix layout.
    static func asMatrices(_ g: PerElementGradients) -> TwoLayerGradients {
        TwoLayerGradients(dW1: Matrix(g.hiddenWeights), db1: Matrix(row: g.hiddenBiases),
                          dW2: Matrix(g.outputWeights), db2: Matrix(row: g.outputBiases))
    }

    /// (name, tensor) pairs in a fixed order.
    static func named(_ g: TwoLayerGradients) -> [(String, Matrix<Double>)] {
        [("dW1", g.dW1), ("db1", g.db1), ("dW2", g.dW2), ("db2", g.db2)]
    }

    /// max over all entries of |a − b|; NaN when any entry is NaN, so a check on it fails.
    static func maxAbsoluteDifference(_ a: TwoLayerGradients, _ b: TwoLayerGradients) -> Double {
        zip(named(a), named(b)).map { ($0.1 - $1.1).maxAbs() }.reduce(0) { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }
    }

    /// The four parameter tensors with their names and analytic gradients, and the batch loss
    /// as a function of one tensor (the others held at `p`): what every checker nudges.
    static func slots(of analytic: TwoLayerGradients) -> [(name: String, path: WritableKeyPath<TwoLayerParameters, Matrix<Double>>, gradient: Matrix<Double>)] {
        [("dW1", \.w1, analytic.dW1), ("db1", \.b1, analytic.db1), ("dW2", \.w2, analytic.dW2), ("db2", \.b2, analytic.db2)]
    }

    static func loss(parameters p: TwoLayerParameters, nudging path: WritableKeyPath<TwoLayerParameters, Matrix<Double>>,
                     input x: Matrix<Double>, targets y: Matrix<Double>) -> (Matrix<Double>) -> Double {
        { theta in
            var nudged = p
            nudged[keyPath: path] = theta
            return loss(parameters: nudged, input: x, targets: y)
        }
    }

    /// Gradient check of `analytic` for every entry of the four tensors.
    static func gradientCheck(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets y: Matrix<Double>,
                              analytic: TwoLayerGradients) -> GradientCheckReport {
        let options = allEntriesOptions()
        let tensors = slots(of: analytic).map { name, path, gradient in
            GradientCheck.check(name: name, at: p[keyPath: path], analyticGradient: gradient, options: options,
                                function: loss(parameters: p, nudging: path, input: x, targets: y))
        }
        return GradientCheckReport(tensors: tensors, options: options)
    }

    /// The worst relative error of `analytic` against the numerical gradient that `checker`
    /// (the learner's lesson-3 exercise) computes for each of the four tensors.
    static func maxErrorWithChecker(parameters p: TwoLayerParameters, input x: Matrix<Double>, targets y: Matrix<Double>,
                                    analytic: TwoLayerGradients, checker: FiniteDifferences.NumericalGradient) -> Double {
        slots(of: analytic).map { _, path, gradient in
            let numeric = checker(p[keyPath: path], GradientCheck.defaultStep, loss(parameters: p, nudging: path, input: x, targets: y))
            return FiniteDifferences.maxRelativeError(gradient, numeric)
        }.max() ?? 0
    }
}

/// Stage `vectorisedBackprop`: shapes of every step, agreement with lesson 2, gradient check.
public final class VectorisedBackpropStage: Stage {
    public typealias GradientFunction = (TwoLayerParameters, Matrix<Double>, Matrix<Double>) -> TwoLayerGradients
    public let steps = ["shapes", "compare-per-element", "gradient-check"]
    /// What `--mine` checks: the learner's exercise by default; tests may inject another.
    public var exerciseGradients: GradientFunction = ExerciseVectorisedBackprop.gradients
    /// The learner's lesson-3 checker, run beside the course's (tests may inject another).
    public var exerciseChecker: FiniteDifferences.NumericalGradient = { ExerciseFiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
    /// Agreement with the loops: both compute the same sums in a different order, so they
    /// differ by a few units in the last place (~1e-18 here, gradients are ~1e-2); any
    /// mistake in a formula is many orders of magnitude larger.
    static let agreementTolerance = 1e-12
    public init() {}

    public func run(step: String, context: StageContext) throws {
        let network = SampleData.perElementNetwork(seed: context.options.seed)
        let batch = SampleData.batch(seed: context.options.seed)
        let p = VectorisedBackprop.parameters(of: network)
        let x = Matrix(batch.inputs), y = Matrix(batch.targets)
        let gradients: GradientFunction = context.options.mine ? exerciseGradients : VectorisedBackprop.gradients
        let who = context.options.mine ? "your `ExerciseVectorisedBackprop.gradients`" : "the reference"
        switch step {
        case "shapes":
            let n = x.rows, d = x.columns, h = p.w1.rows, k = p.w2.rows
            let rows: [[String]] = [
                ["X", "input batch", "N×D", "\(n)×\(d)"], ["W₁", "hidden weights", "H×D", "\(h)×\(d)"],
                ["Z₁ = X·W₁ᵀ + b₁", "hidden pre-activations", "N×H", "\(n)×\(h)"], ["A₁ = σ(Z₁)", "hidden activations", "N×H", "\(n)×\(h)"],
                ["Z₂ = A₁·W₂ᵀ + b₂", "output pre-activations", "N×K", "\(n)×\(k)"], ["O = σ(Z₂)", "outputs", "N×K", "\(n)×\(k)"],
                ["dZ₂", "∂L/∂Z₂", "N×K", "\(n)×\(k)"], ["dW₂ = dZ₂ᵀ·A₁", "∂L/∂W₂", "K×H", "\(k)×\(h)"],
                ["dA₁ = dZ₂·W₂", "∂L/∂A₁", "N×H", "\(n)×\(h)"], ["dZ₁ = dA₁ ⊙ σ′(Z₁)", "∂L/∂Z₁", "N×H", "\(n)×\(h)"],
                ["dW₁ = dZ₁ᵀ·X", "∂L/∂W₁", "H×D", "\(h)×\(d)"],
            ]
            context.table(Table(title: "Every quantity of the batch computation, N = \(n), D = \(d), H = \(h), K = \(k)",
                                headers: ["expression", "meaning", "shape", "here"], rows: rows,
                                rightAligned: [false, false, false, true]))
            context.text("Batch loss L = \(Format.precise(VectorisedBackprop.loss(parameters: p, input: x, targets: y))) (lesson 2's loops: \(Format.precise(network.loss(inputs: batch.inputs, targets: batch.targets)))).")
        case "compare-per-element":
            let vectorised = gradients(p, x, y)
            if context.options.mine, let problem = ExerciseShapes.problem(vectorised, parameters: p) {
                return context.check(ExerciseShapes.check(problem))   // shapes first: no arithmetic on a wrong shape
            }
            let loops = VectorisedBackprop.asMatrices(network.gradients(inputs: batch.inputs, targets: batch.targets))
            let layered = Network<Double>(copying: network)
            layered.lossAndGradients(input: x, targets: y)
            let library = TwoLayerGradients(dW1: layered.denseLayers[0].weightGradient, db1: layered.denseLayers[0].biasGradient,
                                            dW2: layered.denseLayers[1].weightGradient, db2: layered.denseLayers[1].biasGradient)
            let rows = zip(zip(VectorisedBackprop.named(vectorised), VectorisedBackprop.named(loops)), VectorisedBackprop.named(library))
                .map { pair, lib in
                    [pair.0.0, pair.0.1.shapeDescription, Format.scientific(pair.1.1.maxAbs()),
                     Format.scientific((pair.0.1 - pair.1.1).maxAbs()), Format.scientific((lib.1 - pair.1.1).maxAbs())]
                }
            context.table(Table(title: "\(who.prefix(1).uppercased() + who.dropFirst()) vs lesson 2's loops (same weights, same batch of \(x.rows))",
                                headers: ["gradient", "shape", "max |loops|", "max |matrix − loops|", "max |Network − loops|"],
                                rows: rows, rightAligned: [false, false, true, true, true]))
            let difference = VectorisedBackprop.maxAbsoluteDifference(vectorised, loops)
            context.check(Check(name: "max |vectorised − per-element| over all gradients", value: difference.isNaN ? .infinity : difference,
                                threshold: Self.agreementTolerance, comparison: .lessOrEqual,
                                detail: difference <= Self.agreementTolerance ? "the matrix form and the loops agree to round-off"
                                    : "the matrix gradients differ from lesson 2's loops; the table shows which tensor."
                                        + (DiagnosisContext.vectorisedBackprop(sampleCount: x.rows, outputCount: p.w2.rows)
                                            .diagnose(zip(VectorisedBackprop.named(vectorised), VectorisedBackprop.named(loops)).map {
                                                TensorUnderTest(name: $0.0, actual: $0.1, expected: $1.1, expectedName: "the loops' value")
                                            }).map { "\n" + $0 } ?? " Compare that tensor's code with its line in the derivation.")))
        case "gradient-check":
            let analytic = gradients(p, x, y)
            if context.options.mine, let problem = ExerciseShapes.problem(analytic, parameters: p) {
                return context.check(ExerciseShapes.check(problem))
            }
            let report = VectorisedBackprop.gradientCheck(parameters: p, input: x, targets: y, analytic: analytic)
            let noise = finiteDifferenceNoise(loss: VectorisedBackprop.loss(parameters: p, input: x, targets: y), step: report.step)
            report.emit(to: context, title: "\(who.prefix(1).uppercased() + who.dropFirst()) vs central differences (Double, h = 1e-5)",
                        checkName: "max relative error of the vectorised gradients",
                        noise: noise,
                        hint: context.options.mine
                            ? report.diagnosis(noise: noise, context: .vectorisedBackprop(sampleCount: x.rows, outputCount: p.w2.rows)).map { "\n" + $0 } ?? ""
                            : "If all four tensors fail by the same ratio, look at the scale 2/(N·K) in dO.")
            if context.options.mine {   // the learner's own checker (lesson 3) beside the course's; the course's decides
                context.text(LearnerChecker.besideLine(course: report.judgedMaxError(noise: noise), checker: exerciseChecker) { checker in
                    VectorisedBackprop.maxErrorWithChecker(parameters: p, input: x, targets: y, analytic: analytic, checker: checker)
                })
            }
        default:
            throw StageError.unknownStep(stage: "vectorisedBackprop", step: step, known: steps)
        }
    }
}
