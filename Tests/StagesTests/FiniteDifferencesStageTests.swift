import Foundation
import LessonEngine
import Testing
@testable import Stages

@Suite("lesson 3: finite differences")
struct FiniteDifferencesStageTests {
    @Test("every step runs and every check passes")
    func allChecksPass() throws {
        let sink = try runSteps(FiniteDifferencesStage())
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
        #expect(sink.charts.first?.series.count == 4)
    }

    @Test("central differences converge like h², forward like h (before round-off dominates)")
    func convergenceOrders() {
        // σ'(0.5) from the closed form; halving h in the truncation regime divides the
        // central error by ≈ 4 and the forward error by ≈ 2.
        let exact = 0.2350037122015945   // σ(0.5)(1 − σ(0.5)), computed independently with numpy
        let x = 0.5
        let central1 = abs(FiniteDifferences.centralDifference(at: x, step: 1e-2) - exact)
        let central2 = abs(FiniteDifferences.centralDifference(at: x, step: 5e-3) - exact)
        let forward1 = abs(FiniteDifferences.forwardDifference(at: x, step: 1e-2) - exact)
        let forward2 = abs(FiniteDifferences.forwardDifference(at: x, step: 5e-3) - exact)
        #expect(abs(central1 / central2 - 4) < 0.05)
        #expect(abs(forward1 / forward2 - 2) < 0.05)
        #expect(abs(FiniteDifferences.exactDerivative(x) - exact) < 1e-15)
    }

    @Test("Float round-off makes tiny steps useless: at h = 1e-10 the Float estimate is 0 or wildly off")
    func floatRoundOff() {
        let estimate = Double(FiniteDifferences.centralDifference(at: Float(0.5), step: Float(1e-10)))
        #expect(abs(estimate - 0.2350037122015945) > 0.1)
    }

    @Test("the planted-bug gradients really are wrong, and the checker says so")
    func plantedBugIsWrong() {
        let network = SampleData.perElementNetwork(seed: 3)
        let batch = SampleData.batch(seed: 3)
        let buggy = ChainRule.batchGradients(network: network, inputs: batch.inputs, targets: batch.targets,
                                             perSample: FiniteDifferencesStage.gradientsMissingOutputSlope)
        let report = ChainRule.checkEveryParameter(network: network, inputs: batch.inputs, targets: batch.targets, analytic: buggy)
        #expect(!report.passed && !report.judgedPassed(noise: finiteDifferenceNoise(loss: 1, step: report.step)))
        #expect(report.maxRelativeError > 0.1)
    }
}
