// Lesson 14: the stage. The engine's operations against central differences; the backward
// pass (the learner's, or the reference on the tour) on a small graph with shared nodes and
// on lesson 2's network built from scalars; then what differentiating scalars costs.
// Shapes: N samples, D = 4 inputs, H = 5 hidden units, K = 3 outputs (lesson 2's network).
import Exercises
import LessonEngine
import Linalg
import NeuralNet

/// Stage `autodiff`.
public final class AutodiffStage: Stage {
    public let steps = ["operations", "your-backward", "network", "timing"]
    /// What `--mine` runs: the learner's exercise by default; tests may inject another.
    public var exerciseBackward: Autodiff.BackwardFunction = { ExerciseAutodiff.backward(from: $0) }
    /// Relative error allowed between the engine's grads and central differences of one
    /// operation (h = 1e-5): truncation h²·f‴/6 ≈ 1e-11 and round-off ε/h ≈ 1e-11 here, so
    /// 1e-7 (the course's usual gate) leaves room; a wrong local derivative is off by O(1).
    static let operationTolerance = 1e-7
    /// The probe graph's grads vs their closed forms: the same few products in another
    /// order, so a few ulps apart.
    static let closedFormTolerance = 1e-12
    /// Graph vs lesson 2's loops (and vs lesson 4's matrices): the same sums of the same
    /// products in a different order, off by round-off only (~1e-17 here; gradients ~1e-2).
    static let agreementTolerance = 1e-12
    /// Batch sizes timed; `--quick` (tests, `check --quick`) stops at 10.
    static let timedSampleCounts = [1, 10, 100]
    static let quickTimedSampleCounts = [1, 10]
    public init() {}

    public func run(step: String, context: StageContext) throws {
        let mine = context.options.mine
        let backward: Autodiff.BackwardFunction = mine ? exerciseBackward : Autodiff.backward
        let who = mine ? "your `ExerciseAutodiff.backward`" : "the reference backward"
        switch step {
        case "operations": operations(context)
        case "your-backward": probe(context, backward: backward, who: who)
        case "network": network(context, backward: backward, who: who)
        case "timing": timing(context, backward: backward, who: who)
        default: throw StageError.unknownStep(stage: "autodiff", step: step, known: steps)
        }
    }

    /// Each operation alone: the reference backward's grads vs central differences.
    func operations(_ context: StageContext) {
        let h = GradientCheck.defaultStep
        var rows: [[String]] = []
        var worst = 0.0
        for operation in EngineOperation.all {
            let grads = operation.grads(Autodiff.backward)
            let numeric = operation.centralDifferences(step: h)
            let errors = zip(grads, numeric).map { relativeError($0, $1) }
            worst = max(worst, errors.max() ?? 0)
            rows.append([operation.name, operation.inputs.map { Format.fixed($0, digits: 1) }.joined(separator: ", "),
                         grads.map { Format.fixed($0, digits: 6) }.joined(separator: ", "),
                         numeric.map { Format.fixed($0, digits: 6) }.joined(separator: ", "),
                         Format.scientific(errors.max() ?? 0, digits: 1)])
        }
        context.table(Table(title: "Each operation as a one-node graph: grads of its inputs after backward() vs central differences (h = 1e-5)",
                            headers: ["operation", "at", "backward()", "central difference", "max rel. error"],
                            rows: rows, rightAligned: [false, true, true, true, true]))
        context.check(Check(name: "every operation's grads vs central differences", value: worst,
                            threshold: Self.operationTolerance, comparison: .lessOrEqual,
                            detail: "largest |a − n|/(|a| + |n|) over \(rows.count) operations"))
    }

    /// The backward pass on the hand-differentiable graph L = ab(ab + c) + a².
    func probe(_ context: StageContext, backward: Autodiff.BackwardFunction, who: String) {
        let graph = ProbeGraph()
        backward(graph.output)
        let closed = ProbeGraph.closedForm
        let rows = graph.nodes.indices.map { index -> [String] in
            let node = graph.nodes[index]
            return [node.label, ProbeGraph.definitions[index], Format.fixed(node.value), Format.fixed(node.grad, digits: 6),
                    ProbeGraph.closedFormText[index], Format.fixed(closed[index], digits: 6)]
        }
        context.table(Table(title: "L = ab(ab + c) + a² at a = \(ProbeGraph.a), b = \(ProbeGraph.b), c = \(ProbeGraph.c): \(who)",
                            headers: ["node", "made as", "value", "grad = ∂L/∂node", "∂L/∂node by hand", "its value"],
                            rows: rows, rightAligned: [false, false, true, true, false, true]))
        let worst = zip(graph.nodes, closed).map { relativeError($0.grad, $1) }.max() ?? 0
        let problem = BackwardDiagnosis.diagnose(backward) { ProbeGraph().nodes }
        context.check(Check(name: "\(who) on L = ab(ab + c) + a²: every grad vs its closed form",
                            value: worst.isNaN ? .infinity : worst, threshold: Self.closedFormTolerance, comparison: .lessOrEqual,
                            detail: problem ?? "largest relative difference over the \(graph.nodes.count) nodes"))
    }

    /// Lesson 2's network from scalars: the graph, its gradients vs lesson 2's loops, and vs
    /// central differences.
    func network(_ context: StageContext, backward: Autodiff.BackwardFunction, who: String) {
        let network = SampleData.perElementNetwork(seed: context.options.seed)
        let batch = SampleData.batch(seed: context.options.seed)
        let graph = ScalarNetworkGraph(network: network, inputs: batch.inputs, targets: batch.targets)
        let order = graph.loss.topologicalOrder()
        var byOperation: [String: Int] = [:]
        for node in order { byOperation[node.operation.isEmpty ? "leaf" : node.operation, default: 0] += 1 }
        let loopsLoss = network.loss(inputs: batch.inputs, targets: batch.targets)
        context.text("Lesson 2's \(network.inputCount)-\(network.hiddenCount)-\(network.outputCount) network on its batch of \(batch.inputs.count) samples, built from scalar operations: \(order.count) nodes ("
                     + byOperation.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                     + "). Its output, the batch loss, is \(Format.precise(graph.loss.value)); lesson 2's loops give \(Format.precise(loopsLoss)).")
        backward(graph.loss)
        let fromGraph = graph.gradients
        let loops = network.gradients(inputs: batch.inputs, targets: batch.targets)
        let rows = zip(fromGraph.families, loops.families).map { graphFamily, loopFamily in
            [graphFamily.name, graphFamily.value.shapeDescription, Format.scientific(loopFamily.value.maxAbs()),
             Format.scientific((graphFamily.value - loopFamily.value).maxAbs())]
        }
        context.table(Table(title: "One backward pass over the graph (\(who)) vs lesson 2's hand-derived loops",
                            headers: ["gradient", "shape", "max |loops|", "max |graph − loops|"],
                            rows: rows, rightAligned: [false, false, true, true]))
        let difference = Self.maxDifference(fromGraph.families.map(\.value), loops.families.map(\.value))
        let problem = difference <= Self.agreementTolerance ? nil
            : BackwardDiagnosis.diagnose(backward) {
                let fresh = ScalarNetworkGraph(network: network, inputs: batch.inputs, targets: batch.targets)
                fresh.labelParameters()
                return fresh.loss.topologicalOrder()
            }
        context.check(Check(name: "max |graph − lesson 2's loops| over all 43 gradients", value: difference,
                            threshold: Self.agreementTolerance, comparison: .lessOrEqual,
                            detail: problem ?? "the graph and the loops compute the same sums in a different order"))
        let report = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs, targets: batch.targets, analytic: fromGraph)
        let noise = finiteDifferenceNoise(loss: loopsLoss, step: report.step)
        report.emit(to: context, title: "The graph's gradients vs central differences (Double, h = 1e-5)",
                    checkName: "max relative error over all \(report.checkedCount) parameters", noise: noise,
                    hint: problem.map { "\n" + $0 } ?? "")
    }

    /// The same gradients at several batch sizes: graph of scalars, loops, matrices.
    func timing(_ context: StageContext, backward: Autodiff.BackwardFunction, who: String) {
        let quick = context.options.quick
        let counts = quick ? Self.quickTimedSampleCounts : Self.timedSampleCounts
        let progress = context.progress(label: "timing", total: counts.count)
        var timings: [AutodiffTiming] = []
        for (index, count) in counts.enumerated() {
            timings.append(AutodiffTiming.measure(sampleCount: count, seed: context.options.seed, backward: backward,
                                                  runs: quick ? 3 : 9, budgetSeconds: quick ? 0.05 : 0.5))
            progress.update(completed: index + 1, status: "N = \(count)")
        }
        progress.finish(summary: "\(counts.count) batch sizes")
        context.table(Table(title: "Gradients of all 43 parameters at N samples: median time of up to \(quick ? 3 : 9) runs (graph: \(who))",
                            headers: ["N", "graph nodes", "scalar graph", "lesson 2's loops", "lesson 4's matrices", "graph ÷ matrices", "graph ÷ loops"],
                            rows: timings.map { t in
                                ["\(t.sampleCount)", thousandsSeparated(t.nodeCount), Format.duration(t.graphSeconds), Format.duration(t.loopSeconds),
                                 Format.duration(t.matrixSeconds), Format.ratio(t.graphSeconds / t.matrixSeconds), Format.ratio(t.graphSeconds / t.loopSeconds)]
                            }))
        let n = timings.map { Double($0.sampleCount) }
        context.chart(Chart(title: "Time for the gradients of one batch (log–log)", xLabel: "N samples", yLabel: "seconds",
                            xScale: .log, yScale: .log, series: [
                                .init(name: "scalar graph", x: n, y: timings.map(\.graphSeconds)),
                                .init(name: "loops", x: n, y: timings.map(\.loopSeconds)),
                                .init(name: "matrices", x: n, y: timings.map(\.matrixSeconds)),
                            ]))
        let worst = timings.map { $0.difference.isNaN ? .infinity : $0.difference }.max() ?? 0
        context.check(Check(name: "max |graph − matrices| over all 43 gradients, at every N", value: worst,
                            threshold: Self.agreementTolerance, comparison: .lessOrEqual,
                            detail: "N = \(counts.map(String.init).joined(separator: ", ")); the times are shown, not checked (this machine is shared)"
                                + (worst <= Self.agreementTolerance ? "" : "; the graph's gradients are wrong: the checks above say why")))
    }

    /// max |a − b| over every entry of every tensor; infinite if any entry is NaN (`maxAbs`
    /// alone would skip a NaN, and NaN grads would pass).
    static func maxDifference(_ a: [Matrix<Double>], _ b: [Matrix<Double>]) -> Double {
        var worst = 0.0
        for (x, y) in zip(a, b) {
            for (p, q) in zip(x.elements, y.elements) {
                let d = abs(p - q)
                if !d.isFinite { return .infinity }
                worst = max(worst, d)
            }
        }
        return worst
    }

    /// |a − n| / max(|a| + |n|, 1e-12), lesson 3's relative error.
    func relativeError(_ a: Double, _ n: Double) -> Double {
        let error = abs(a - n) / max(abs(a) + abs(n), 1e-12)
        return error.isNaN ? .infinity : error
    }
}
