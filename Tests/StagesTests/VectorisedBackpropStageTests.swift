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
        let sink = try runSteps(VectorisedBackpropStage())
        #expect(sink.checks.count == 2)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
    }

    @Test("the placeholder exercise fails both checks")
    func placeholderFails() throws {
        let stage = VectorisedBackpropStage()
        stage.exerciseGradients = { p, _, _ in TwoLayerGradients(zeroLike: p) }   // the placeholder
        let sink = try runSteps(stage, steps: ["compare-per-element", "gradient-check"], mine: true)
        #expect(sink.checks.count == 2)
        #expect(sink.checks.allSatisfy { !$0.passed })
    }

    @Test("the reference injected as the exercise passes")
    func injectedReferencePasses() throws {
        let stage = VectorisedBackpropStage()
        stage.exerciseGradients = VectorisedBackprop.gradients
        let sink = try runSteps(stage, steps: ["compare-per-element", "gradient-check"], mine: true)
        #expect(sink.checks.count == 2 && sink.checks.allSatisfy { $0.passed })
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
