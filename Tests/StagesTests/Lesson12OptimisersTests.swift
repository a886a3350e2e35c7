// Lesson 12's stage: the reference passes every check; each planted Adam mistake, injected as
// the learner's function, fails with its own diagnosis; the reference step agrees with
// NeuralNet's Adam (and AdamW) on the same numbers; the quadratic, the bias correction and the
// schedules against closed forms and finite differences.
import Foundation
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("Lesson 12: optimisers")
struct Lesson12OptimisersTests {
    /// The steps that need no data, with `step` as the learner's Adam.
    func run(_ step: @escaping Optimisers.AdamStepFunction, steps: [String] = ["your-adam"]) throws -> CollectingSink {
        let stage = OptimisersStage()
        stage.exerciseStep = step
        return try runSteps(stage, steps: steps, mine: true)
    }

    func mistake(_ m: AdamMistake) -> Optimisers.AdamStepFunction { { m.step(&$0, $1, &$2, &$3, $4, $5, $6, $7, $8) } }

    @Test("the steps without data pass with the reference, and the learner's reference step passes too")
    func referencePassesWithoutData() throws {
        let stage = OptimisersStage()
        let sink = try runSteps(stage, steps: ["zig-zag", "bias-correction", "your-adam", "weight-decay", "schedules"])
        #expect(sink.checks.count == 10)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        #expect(try run(Optimisers.reference).checks.allSatisfy(\.passed))
    }

    @Test(.enabled(if: RealData.isInstalled, "needs /usr/share/datasets/fashion-mnist"))
    func everyCheckPassesOnTheRealDataInQuickMode() throws {
        let sink = try RealData.runAllSteps("optimisers", options: RunOptions(quick: true, dataDirectory: RealData.directory))
        #expect(sink.checks.count == 12)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        // The race's chart: one point per epoch for SGD and both Adams.
        let race = try #require(sink.charts.first { $0.title.contains("Mean training loss") })
        #expect(race.series.count == 3 && race.series.allSatisfy { $0.points.count == OptimisersStage.trainingEpochs })
    }

    @Test("each planted mistake fails the worked case with its own diagnosis", arguments: AdamMistake.allCases)
    func plantedMistake(_ planted: AdamMistake) throws {
        let check = try #require(try run(mistake(planted)).checks.first)
        #expect(!check.passed)
        #expect(check.detail == planted.diagnosis, "\(planted): \(check.detail)")
    }

    @Test("the mistakes are told apart: no two give the same two-step trace")
    func mistakesAreDistinct() {
        let traces = AdamMistake.allCases.map { AdamWorkedCase.trace(mistake($0)) }
        let reference = AdamWorkedCase.trace(Optimisers.reference)
        for (i, a) in traces.enumerated() {
            #expect(!AdamDiagnosis.near(a, reference), "\(AdamMistake.allCases[i]) matches the reference")
            for (j, b) in traces.enumerated() where j > i {
                #expect(!AdamDiagnosis.near(a, b), "\(AdamMistake.allCases[i]) and \(AdamMistake.allCases[j])")
            }
        }
    }

    @Test("wrong sizes, NaN and an unrecognised error are diagnosed without crashing; training is skipped")
    func otherWrongAnswers() throws {
        let appended = try #require(try run { theta, _, _, _, _, _, _, _, _ in theta.append(0) }.checks.first)
        #expect(!appended.passed && appended.detail.contains("θ has 4 entries after step 1, expected 3"))
        let emptied = try #require(try run { theta, g, m, v, t, eta, b1, b2, e in
            Optimisers.step(parameter: &theta, gradient: g, firstMoment: &m, secondMoment: &v, stepCount: t, learningRate: eta, beta1: b1, beta2: b2, epsilon: e)
            m = []
        }.checks.first)
        #expect(!emptied.passed && emptied.detail.contains("m has 0 entries"))
        // t counted from 0: 1 − β⁰ = 0, a division by zero.
        let fromZero = try #require(try run { theta, g, m, v, t, eta, b1, b2, e in
            Optimisers.step(parameter: &theta, gradient: g, firstMoment: &m, secondMoment: &v, stepCount: t - 1, learningRate: eta, beta1: b1, beta2: b2, epsilon: e)
        }.checks.first)
        #expect(!fromZero.passed && fromZero.detail.contains("NaN or ∞"), "\(fromZero.detail)")
        // Half the learning rate: none of the named mistakes; the values are quoted.
        let half = try #require(try run { theta, g, m, v, t, eta, b1, b2, e in
            Optimisers.step(parameter: &theta, gradient: g, firstMoment: &m, secondMoment: &v, stepCount: t, learningRate: eta / 2, beta1: b1, beta2: b2, epsilon: e)
        }.checks.first)
        #expect(!half.passed && half.detail.contains("θ after step 1 is (0.95, -1.95"), "\(half.detail)")
        // Training never starts when the worked case fails (no data is touched).
        let skipped = try run(mistake(.placeholder), steps: ["your-adam", "adam-trains"])
        #expect(skipped.checks.count == 2 && skipped.checks.allSatisfy { !$0.passed })
        #expect(skipped.checks[1].detail.contains("must pass the worked case first"))
    }

    @Test("the worked case's numbers are the ones the lesson derives by hand")
    func workedCaseByHand() {
        let trace = AdamWorkedCase.trace(Optimisers.reference)
        // Step 1: θ − η·g/(|g| + ε); the tiny entry moves by 0.1·1e-4/(1e-4 + 1e-8).
        let step1: [Double] = [0.9, -1.9, 0.5 - 0.1 * 1e-4 / (1e-4 + 1e-8)]
        // Step 2, entry 1: m̂ = −0.28/0.19, v̂ = 0.004996/0.001999; entry 0: m̂ = −0.005/0.19, v̂ = 0.0004995/0.001999 … computed in Double.
        func second(_ m: Double, _ v: Double) -> Double { 0.1 * (m / 0.19) / ((v / 0.001999).squareRoot() + 1e-8) }
        let step2: [Double] = [0.9 - second(-0.005, 0.999 * 0.00025 + 0.001 * 0.25),
                               -1.9 - second(-0.28, 0.004996),
                               step1[2] - second(1.9e-5, 0.999 * 1e-11 + 0.001 * 1e-8)]
        for i in 0..<3 {
            #expect(abs(Double(trace.theta[1][i]) - step1[i]) <= 1e-6)
            #expect(abs(Double(trace.theta[2][i]) - step2[i]) <= 1e-5, "entry \(i): \(trace.theta[2][i]) vs \(step2[i])")
        }
        #expect(abs(step2[0] - 0.905263) < 1e-6 && abs(step2[1] - -1.806782) < 1e-6 && abs(step2[2] - 0.30002) < 1e-6)
    }

    @Test("the reference step agrees with NeuralNet's Adam, and AdamW with its weight decay", arguments: [Float(0), 0.1])
    func matchesNeuralNetAdam(weightDecay: Float) throws {
        var generator = Xoshiro256StarStar(seed: 5)
        let network = try Network<Float>(architecture: "4-5-3", using: &generator)
        let input = Matrix<Float>(rows: 6, columns: 4, elements: (0..<24).map { _ in Float.random(in: -1...1, using: &generator) })
        let targets = Matrix<Float>.oneHot(labels: [0, 1, 2, 0, 1, 2], classCount: 3)
        let adam = Adam<Float>(learningRate: 0.01, weightDecay: weightDecay)
        var flat = network.denseLayers.flatMap { [$0.weight.elements, $0.bias.elements] }
        var m = flat.map { [Float](repeating: 0, count: $0.count) }, v = m
        for t in 1...5 {
            _ = network.lossAndGradients(input: input, targets: targets)
            let gradients = network.denseLayers.flatMap { [$0.weightGradient.elements, $0.biasGradient.elements] }
            adam.step(network)
            for slot in flat.indices {
                if slot % 2 == 0 { Optimisers.decoupledDecay(parameter: &flat[slot], learningRate: 0.01, weightDecay: weightDecay) }
                Optimisers.step(parameter: &flat[slot], gradient: gradients[slot], firstMoment: &m[slot], secondMoment: &v[slot],
                                stepCount: t, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
            }
            let library = network.denseLayers.flatMap { [$0.weight.elements, $0.bias.elements] }
            for (ours, theirs) in zip(flat, library) {
                for (a, b) in zip(ours, theirs) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "t = \(t): \(a) vs \(b)") }
            }
            // Continue both from the library's values so rounding differences cannot accumulate.
            flat = library
        }
    }

    @Test("the quadratic's gradient matches central differences, and SGD's path its closed form")
    func quadratic() {
        let bowl = IllConditionedQuadratic()
        for (x, y) in [(-4.0, 1.0), (0.3, -0.2), (2.5, 0.7)] {
            let g = bowl.gradient(x, y), h = 1e-5
            let nx = (bowl.value(x + h, y) - bowl.value(x - h, y)) / (2 * h)
            let ny = (bowl.value(x, y + h) - bowl.value(x, y - h)) / (2 * h)
            #expect(abs(g[0] - nx) <= 1e-7 * max(1, abs(nx)) && abs(g[1] - ny) <= 1e-7 * max(1, abs(ny)))
        }
        let path = bowl.path(.sgd, learningRate: 0.015, steps: 10)
        #expect(abs(path[10].y - pow(1 - 0.015 * 100, 10)) < 1e-12)
        #expect(abs(path[10].x - -4 * pow(0.985, 10)) < 1e-12)
        // Above 2/b SGD diverges, so the grid search never picks it.
        let diverging = bowl.path(.sgd, learningRate: 0.021, steps: 60)
        #expect(abs(diverging.last!.y) > 1)
        // Contour points lie on their level set; the gaps are NaN.
        let contour = bowl.contours(levels: [2], xRange: -5...5, yRange: -5...5, pointsPerLine: 8)
        for (x, y) in zip(contour.x, contour.y) where x.isFinite { #expect(abs(bowl.value(x, y) - 2) < 1e-12) }
        #expect(contour.x.last!.isNaN)
    }

    @Test("momentum's m is the exponential moving average (1 − β) Σ β^(t−k) g_k")
    func momentumAverage() {
        let gradients: [Double] = [1, -2, 0.5, 3]
        var theta = [0.0], m = [0.0]
        for g in gradients { Optimisers.momentumStep(parameter: &theta, gradient: [g], momentum: &m, learningRate: 0, beta: 0.9) }
        let unrolled = gradients.enumerated().reduce(0.0) { $0 + 0.1 * pow(0.9, Double(gradients.count - 1 - $1.offset)) * $1.element }
        #expect(abs(m[0] - unrolled) < 1e-15)
    }

    @Test("schedules: step decay equals the trainer's, cosine its landmarks")
    func schedules() {
        for e in 0..<15 {
            #expect(abs(Schedules.stepDecay(epoch: Double(e), base: 1e-3, every: 5, factor: 0.3) - Schedules.trainer(epoch: e)) < 1e-18)
        }
        #expect(Schedules.stepDecay(epoch: 4.99, base: 1, every: 5, factor: 0.3) == 1)
        #expect(Schedules.cosine(epoch: 0, base: 1, minimum: 0.1, epochs: 10) == 1)
        #expect(abs(Schedules.cosine(epoch: 10, base: 1, minimum: 0.1, epochs: 10) - 0.1) < 1e-15)
        #expect(abs(Schedules.cosine(epoch: 5, base: 1, minimum: 0.1, epochs: 10) - 0.55) < 1e-15)
    }

    @Test("weight decay: AdamW leaves the two weights equal, L2 under Adam does not; with plain SGD the two agree")
    func weightDecay() {
        let adamW = WeightDecayDemo.run(decoupled: true), l2 = WeightDecayDemo.run(decoupled: false)
        #expect(adamW[0] == adamW[1])
        #expect(l2[1] < 0.1 && l2[0] > 0.7)
        // With plain SGD (no per-parameter scaling) L2 in the loss is the decoupled decay.
        let sgd: Optimisers.AdamStepFunction = { theta, g, _, _, _, eta, _, _, _ in
            for i in theta.indices { theta[i] -= eta * g[i] }
        }
        let coupled = WeightDecayDemo.run(decoupled: false, step: sgd), decoupled = WeightDecayDemo.run(decoupled: true, step: sgd)
        for i in 0..<2 { #expect(abs(coupled[i] - decoupled[i]) < 1e-6) }
    }
}
