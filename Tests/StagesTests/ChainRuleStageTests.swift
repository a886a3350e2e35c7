import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("lesson 2: chain rule")
struct ChainRuleStageTests {
    @Test("every step runs and every check passes with the reference")
    func referencePasses() throws {
        let sink = try runSteps(ChainRuleStage())
        #expect(!sink.checks.isEmpty)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
        // 4·5 + 5 + 3·5 + 3 = 43 parameters, all checked.
        #expect(sink.checks.contains { $0.name.contains("43 parameters") })
    }

    @Test("the placeholder exercise fails the check")
    func placeholderFails() throws {
        let sink = try runSteps(placeholderChainRuleStage(), steps: ["gradient-check"], mine: true)
        #expect(sink.checks.count == 1)
        #expect(sink.checks.allSatisfy { !$0.passed })
        #expect(sink.checks.first?.detail.contains("placeholder") == true)
    }

    @Test("the reference injected as the exercise passes")
    func injectedReferencePasses() throws {
        let stage = ChainRuleStage()
        stage.exerciseGradients = { network, x, y in network.gradients(input: x, target: y) }
        let sink = try runSteps(stage, steps: ["gradient-check"], mine: true)
        #expect(sink.checks.count == 1 && sink.checks.allSatisfy { $0.passed })
    }

    @Test("a gradient with one wrong family fails, naming that family")
    func plantedBugFails() {
        let network = SampleData.perElementNetwork(seed: 7)
        let batch = SampleData.batch(seed: 7)
        var analytic = network.gradients(inputs: batch.inputs, targets: batch.targets)
        analytic.hiddenBiases[2] *= 1.01   // 1% off in one entry
        let report = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs, targets: batch.targets, analytic: analytic)
        #expect(!report.passed && !report.judgedPassed(noise: finiteDifferenceNoise(loss: 1, step: report.step)))
        #expect(report.tensor(named: "∂L/∂b_h")?.passed == false)
        #expect(report.tensor(named: "∂L/∂w_h")?.passed == true)
    }

    @Test("an unknown step is a StageError naming the steps")
    func unknownStep() {
        #expect(throws: StageError.self) { _ = try runSteps(ChainRuleStage(), steps: ["nope"]) }
    }
}

@Test("a placeholder's failure says the TODO lines are still to be filled in")
func placeholderMessage() throws {
    let sink = try runSteps(placeholderChainRuleStage(), steps: ["gradient-check"], mine: true)
    #expect(sink.checks.first?.detail.contains("TODO") == true)
}

/// Lesson 2's stage with the exercise's placeholder (all zeros) injected, whatever state
/// Sources/Exercises is in.
func placeholderChainRuleStage() -> ChainRuleStage {
    let stage = ChainRuleStage()
    stage.exerciseGradients = { network, _, _ in PerElementGradients(zeroLike: network) }
    return stage
}

