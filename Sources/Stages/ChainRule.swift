// Lesson 2: the chain rule, one weight at a time. A 4-5-3 sigmoid network with MSE loss;
// every one of its 43 parameters is checked against central differences.
// Shapes: N samples (n), D = 4 inputs (i), H = 5 hidden units (j), K = 3 outputs (k).
//   w_h[j][i] H×D, b_h[j] H, w_o[k][j] K×H, b_o[k] K (W is out×in).
import Exercises
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 2 (the per-element loops live in NeuralNet's
/// `PerElementNetwork+Gradients.swift`; this namespace gives them the exercise's signature).
public enum ChainRule {
    /// One sample's gradients (x: D values, y: K targets). The exercise
    /// `ExerciseChainRule.gradients(network:input:target:)` has the same signature.
    public static func gradients(network: PerElementNetwork, input x: [Double], target y: [Double]) -> PerElementGradients {
        network.gradients(input: x, target: y)
    }

    /// The batch loss is the mean of the per-sample losses, so its gradient is the mean of
    /// the per-sample gradients, whichever function computes those.
    static func batchGradients(network: PerElementNetwork, inputs: [[Double]], targets: [[Double]],
                               perSample: (PerElementNetwork, [Double], [Double]) -> PerElementGradients) -> PerElementGradients {
        var total = PerElementGradients(zeroLike: network)
        let n = Double(inputs.count)
        for (x, y) in zip(inputs, targets) {
            let g = perSample(network, x, y)
            for j in 0..<network.hiddenCount {
                for i in 0..<network.inputCount { total.hiddenWeights[j][i] += g.hiddenWeights[j][i] / n }
                total.hiddenBiases[j] += g.hiddenBiases[j] / n
            }
            for k in 0..<network.outputCount {
                for j in 0..<network.hiddenCount { total.outputWeights[k][j] += g.outputWeights[k][j] / n }
                total.outputBiases[k] += g.outputBiases[k] / n
            }
        }
        return total
    }

    // region check-every-parameter
    /// Checks every entry of the four gradient families against central differences of the
    /// batch loss: for each family, nudge one entry by ±h in a copy of the network, re-run the
    /// forward pass, and compare (L(θ+h) − L(θ−h)) / 2h with the analytic value.
    static func checkEveryParameter(network: PerElementNetwork, inputs: [[Double]], targets: [[Double]],
                                    analytic: PerElementGradients,
                                    options: GradientCheck.Options = allEntriesOptions()) -> GradientCheckReport {
        // For each family: its current value as a matrix, and how to put a changed value back.
        let families: [(name: String, value: Matrix<Double>, install: (inout PerElementNetwork, Matrix<Double>) -> Void)] = [
            ("∂L/∂w_h", Matrix(network.hiddenWeights), { net, m in net.hiddenWeights = (0..<m.rows).map(m.row) }),
            ("∂L/∂b_h", Matrix(row: network.hiddenBiases), { net, m in net.hiddenBiases = m.elements }),
            ("∂L/∂w_o", Matrix(network.outputWeights), { net, m in net.outputWeights = (0..<m.rows).map(m.row) }),
            ("∂L/∂b_o", Matrix(row: network.outputBiases), { net, m in net.outputBiases = m.elements }),
        ]
        let analyticFamilies = analytic.families
        var tensors: [GradientCheckReport.Tensor] = []
        for (index, family) in families.enumerated() {
            tensors.append(GradientCheck.check(name: family.name, at: family.value,
                                               analyticGradient: analyticFamilies[index].value, options: options) { theta in
                var nudged = network
                family.install(&nudged, theta)
                return nudged.loss(inputs: inputs, targets: targets)
            })
        }
        return GradientCheckReport(tensors: tensors, options: options)
    }
    // endregion
}

/// Stage `chainRule`: the network and one sample, the gradient terms one by one, the check.
public final class ChainRuleStage: Stage {
    public typealias GradientFunction = (PerElementNetwork, [Double], [Double]) -> PerElementGradients
    public let steps = ["network", "terms", "gradient-check"]
    /// What `--mine` checks: the learner's exercise by default; tests may inject another.
    public var exerciseGradients: GradientFunction = ExerciseChainRule.gradients
    public init() {}

    public func run(step: String, context: StageContext) throws {
        let network = SampleData.perElementNetwork(seed: context.options.seed)
        let batch = SampleData.batch(seed: context.options.seed)
        switch step {
        case "network": showNetwork(network, batch: batch, context: context)
        case "terms": showTerms(network, x: batch.inputs[0], y: batch.targets[0], context: context)
        case "gradient-check":
            let perSample: GradientFunction = context.options.mine ? exerciseGradients : ChainRule.gradients
            if context.options.mine,
               let problem = ExerciseShapes.problem(perSample(network, batch.inputs[0], batch.targets[0]), network: network) {
                return context.check(ExerciseShapes.check(problem))   // shapes first: no arithmetic on a wrong shape
            }
            let analytic = ChainRule.batchGradients(network: network, inputs: batch.inputs, targets: batch.targets,
                                                    perSample: perSample)
            let report = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs,
                                                       targets: batch.targets, analytic: analytic)
            context.text("Checking \(context.options.mine ? "your `ExerciseChainRule.gradients`" : "the reference gradients") on a batch of \(batch.inputs.count) samples: every one of the \(report.checkedCount) parameters.")
            let noise = finiteDifferenceNoise(loss: network.loss(inputs: batch.inputs, targets: batch.targets), step: report.step)
            report.emit(to: context, title: "Every parameter vs central differences (Double, h = 1e-5)",
                        checkName: "max relative error over all \(report.checkedCount) parameters", noise: noise,
                        hint: context.options.mine
                            ? report.diagnosis(noise: noise, context: .chainRule(outputCount: network.outputCount)).map { "\n" + $0 } ?? ""
                            : "If one whole family is off, look at the factor that family adds (step 4 or 7); if everything is off by the same ratio, look at step 1.")
        default:
            throw StageError.unknownStep(stage: "chainRule", step: step, known: steps)
        }
    }

    private func showNetwork(_ network: PerElementNetwork, batch: (inputs: [[Double]], targets: [[Double]]), context: StageContext) {
        let x = batch.inputs[0], y = batch.targets[0]
        let (h, o) = network.forward(x)
        context.table(Table(title: "A \(network.inputCount)-\(network.hiddenCount)-\(network.outputCount) network (seed \(context.options.seed)): parameter families",
                            headers: ["family", "shape", "entries"],
                            rows: [["wₕ (hidden weights)", "\(network.hiddenCount)×\(network.inputCount)", "\(network.hiddenCount * network.inputCount)"],
                                   ["bₕ (hidden biases)", "\(network.hiddenCount)", "\(network.hiddenCount)"],
                                   ["wₒ (output weights)", "\(network.outputCount)×\(network.hiddenCount)", "\(network.outputCount * network.hiddenCount)"],
                                   ["bₒ (output biases)", "\(network.outputCount)", "\(network.outputCount)"]],
                            rightAligned: [false, false, true]))
        context.table(Table(title: "Sample 0: input x, hidden activations h = σ(netⱼ), outputs o = σ(netₖ), targets y",
                            headers: ["vector", "values"],
                            rows: [["x", x.map { Format.fixed($0) }.joined(separator: "  ")],
                                   ["h", h.map { Format.fixed($0) }.joined(separator: "  ")],
                                   ["o", o.map { Format.fixed($0) }.joined(separator: "  ")],
                                   ["y", y.map { Format.fixed($0) }.joined(separator: "  ")]],
                            rightAligned: [false, false]))
        context.text("Loss of sample 0: L = (1/K) Σₖ (yₖ − oₖ)² = \(Format.fixed(network.loss(input: x, target: y), digits: 6)). Mean over the batch of \(batch.inputs.count): \(Format.fixed(network.loss(inputs: batch.inputs, targets: batch.targets), digits: 6)).")
    }

    // region terms
    /// The chain rule's factors for one sample, computed term by term (independently of the
    /// reference loops), then one entry of each family as a product of those terms.
    private func showTerms(_ network: PerElementNetwork, x: [Double], y: [Double], context: StageContext) {
        let (h, o) = network.forward(x)
        let outputCount = Double(network.outputCount)
        var delta = [Double]()                                   // δ_k = ∂L/∂net_k
        var outputRows: [[String]] = []
        for k in 0..<network.outputCount {
            let dLdO = 2 * (o[k] - y[k]) / outputCount           // ∂L/∂o_k
            let dOdNet = o[k] * (1 - o[k])                      // ∂o_k/∂net_k
            delta.append(dLdO * dOdNet)
            outputRows.append(["\(k)", Format.fixed(o[k]), Format.fixed(y[k]), Format.scientific(dLdO),
                               Format.fixed(dOdNet), Format.scientific(delta[k])])
        }
        var hiddenRows: [[String]] = []
        var deltaHidden = [Double]()                             // δ_j = ∂L/∂net_j
        for j in 0..<network.hiddenCount {
            var dLdH = 0.0                                       // ∂L/∂h_j = Σ_k δ_k w_o[k][j]
            for k in 0..<network.outputCount { dLdH += delta[k] * network.outputWeights[k][j] }
            deltaHidden.append(dLdH * h[j] * (1 - h[j]))
            hiddenRows.append(["\(j)", Format.fixed(h[j]), Format.scientific(dLdH), Format.fixed(h[j] * (1 - h[j])),
                               Format.scientific(deltaHidden[j])])
        }
        context.table(Table(title: "Output layer, sample 0",
                            headers: ["k", "oₖ", "yₖ", "∂L/∂oₖ = 2(oₖ−yₖ)/K", "oₖ(1−oₖ)", "δₖ"], rows: outputRows))
        context.table(Table(title: "Hidden layer, sample 0",
                            headers: ["j", "hⱼ", "∂L/∂hⱼ = Σₖ δₖ wₒ[k][j]", "hⱼ(1−hⱼ)", "δⱼ"], rows: hiddenRows))
        let reference = ChainRule.gradients(network: network, input: x, target: y)
        let examples: [(String, String, Double, Double)] = [
            ("∂L/∂wₒ[0][1]", "δ₀ · h₁", delta[0] * h[1], reference.outputWeights[0][1]),
            ("∂L/∂bₒ[2]", "δ₂", delta[2], reference.outputBiases[2]),
            ("∂L/∂wₕ[3][0]", "δ₃ · x₀", deltaHidden[3] * x[0], reference.hiddenWeights[3][0]),
            ("∂L/∂bₕ[1]", "δ₁", deltaHidden[1], reference.hiddenBiases[1]),
        ]
        context.table(Table(title: "One entry of each family: product of the terms above vs the loop code",
                            headers: ["gradient", "product", "from the terms", "from the loops"],
                            rows: examples.map { [$0.0, $0.1, Format.precise($0.2), Format.precise($0.3)] },
                            rightAligned: [false, false, true, true]))
    }
    // endregion
}
