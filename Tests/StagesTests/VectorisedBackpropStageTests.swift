import Exercises
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("lesson 4: vectorised backprop")
struct VectorisedBackpropStageTests {
    @Test("every step runs and every check passes with the reference")
    func referencePasses() throws {
        let sink = try runSteps(lesson4Stage())
        #expect(sink.checks.count == 2)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
    }

    @Test("the placeholder exercise fails both checks")
    func placeholderFails() throws {
        let stage = lesson4Stage()
        stage.exerciseGradients = { p, _, _ in TwoLayerGradients(zeroLike: p) }   // the placeholder
        let sink = try runSteps(stage, steps: ["compare-per-element", "gradient-check"], mine: true)
        #expect(sink.checks.count == 2)
        #expect(sink.checks.allSatisfy { !$0.passed })
    }

    @Test("the reference injected as the exercise passes")
    func injectedReferencePasses() throws {
        let stage = lesson4Stage()
        stage.exerciseGradients = VectorisedBackprop.gradients
        let sink = try runSteps(stage, steps: ["compare-per-element", "gradient-check"], mine: true)
        #expect(sink.checks.count == 2 && sink.checks.allSatisfy { $0.passed })
    }

    @Test("lesson 4 prints the learner's checker verdict beside the course's; the course's decides")
    func checkerBeside() throws {
        let stage = lesson4Stage()
        stage.exerciseGradients = VectorisedBackprop.gradients
        stage.exerciseChecker = { FiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
        let sink = try runSteps(stage, steps: ["gradient-check"], mine: true)
        #expect(sink.texts.contains { $0.contains("Your checker (lesson 3)") && $0.contains("The course's checker decides") })
        // A learner checker that is wrong (a forward difference with 2h) says fail, yet the lesson passes.
        stage.exerciseChecker = { theta, h, loss in
            FiniteDifferences.numericalGradient(at: theta, step: h, loss: loss).map { 2 * $0 }
        }
        let wrong = try runSteps(stage, steps: ["gradient-check"], mine: true)
        #expect(wrong.checks.allSatisfy { $0.passed })
        #expect(wrong.texts.contains { $0.contains("Your checker (lesson 3)") && $0.contains(", fail;") })
        // The placeholder checker is named, not run.
        stage.exerciseChecker = { theta, _, _ in Matrix(rows: theta.rows, columns: theta.columns) }
        let placeholder = try runSteps(stage, steps: ["gradient-check"], mine: true)
        #expect(placeholder.texts.contains { $0.contains("still returns its placeholder") })
    }

    @Test("matrix form equals the loops on another seed and a larger batch", arguments: [1 as UInt64, 99])
    func agreesWithLoops(seed: UInt64) {
        let network = SampleData.perElementNetwork(seed: seed)
        let batch = SampleData.batch(seed: seed, count: 17)
        let vectorised = VectorisedBackprop.gradients(parameters: VectorisedBackprop.parameters(of: network),
                                                      input: Matrix(batch.inputs), targets: Matrix(batch.targets))
        let loops = VectorisedBackprop.asMatrices(network.gradients(inputs: batch.inputs, targets: batch.targets))
        #expect(VectorisedBackprop.maxAbsoluteDifference(vectorised, loops) <= 1e-14)
    }

    @Test("a NaN in one entry of the learner's gradients fails the comparison with the loops, not just the gradient check")
    func nanEntryFails() throws {
        let stage = lesson4Stage()
        stage.exerciseGradients = { p, x, t in
            var g = VectorisedBackprop.gradients(parameters: p, input: x, targets: t)
            g.dW2.elements[g.dW2.count - 1] = .nan   // the last entry, after every finite one
            return g
        }
        let sink = try runSteps(stage, steps: ["compare-per-element"], mine: true)
        #expect(sink.checks.count == 1)
        #expect(sink.checks.allSatisfy { !$0.passed }, "\(sink.checks)")
    }

    @Test("a doubled bias gradient is caught in db1 alone")
    func wrongGradientCaught() {
        let network = SampleData.perElementNetwork(seed: 5)
        let batch = SampleData.batch(seed: 5)
        let p = VectorisedBackprop.parameters(of: network)
        var g = VectorisedBackprop.gradients(parameters: p, input: Matrix(batch.inputs), targets: Matrix(batch.targets))
        g.db1 = 2 * g.db1    // planted bug: twice the right value
        let report = VectorisedBackprop.gradientCheck(parameters: p, input: Matrix(batch.inputs), targets: Matrix(batch.targets), analytic: g)
        #expect(!report.passed && !report.judgedPassed(noise: finiteDifferenceNoise(loss: 1, step: report.step)))
        #expect(report.tensor(named: "db1")?.passed == false && report.tensor(named: "dW1")?.passed == true)
    }
}
