// Lesson 13's stage: the exercise through injected functions (reference passes, each planted
// mistake fails with its diagnosis), the gradient check with a fixed mask, and the quick run on
// real data. Nothing here reads Sources/Exercises' current bodies.
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("Lesson 13: generalisation")
struct Lesson13GeneralisationTests {
    typealias F = DropoutReference.Function

    func dropoutRun(forward: @escaping F = DropoutReference.forward, backward: @escaping F = DropoutReference.backward) throws -> CollectingSink {
        let stage = GeneralisationStage()
        stage.exerciseForward = forward
        stage.exerciseBackward = backward
        return try runSteps(stage, steps: ["your-dropout", "dropout-gradient-check"], mine: true)
    }

    @Test("the reference forward and backward pass every exercise check")
    func referencePasses() throws {
        let sink = try dropoutRun()
        #expect(sink.checks.count == 5)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.detail)") }
    }


    @Test("placeholder, mask not applied, scale missing, scale p, 1 − p, a new mask: each named", arguments: [
        ("placeholder", "placeholder"), ("noMask", "mask is not applied"), ("noScale", "scale factor is missing"),
        ("timesP", "scaled by p"), ("timesKeep", "keep probability 1 − p"), ("newMask", "a new mask was drawn"),
        ("nothing", "neither the mask nor the scale"), ("wrongShape", "expected"),
    ])
    func backwardMistakes(_ mistake: String, _ expected: String) throws {
        let wrong: F = { dA, m, p in
            switch mistake {
            case "placeholder": return Matrix(rows: dA.rows, columns: dA.columns)
            case "noMask": return dA.map { $0 / (1 - p) }
            case "noScale": return dA.hadamard(m)
            case "timesP": return dA.hadamard(m).map { $0 * p }
            case "timesKeep": return dA.hadamard(m).map { $0 * (1 - p) }
            case "newMask":
                var generator = Xoshiro256StarStar(seed: 999)
                return dA.hadamard(DropoutReference.mask(rows: m.rows, columns: m.columns, rate: p, using: &generator)).map { $0 / (1 - p) }
            case "nothing": return dA
            default: return Matrix(rows: dA.rows + 1, columns: dA.columns)
            }
        }
        let sink = try dropoutRun(backward: wrong)
        let closedForm = try #require(sink.checks.first { $0.name.contains("closed form") })
        #expect(!closedForm.passed)
        #expect(closedForm.detail.contains(expected), "\(mistake): \(closedForm.detail)")
        // The gradient check through the network fails too (except where the mistake is a shape).
        let gradientCheck = try #require(sink.checks.first { $0.name.contains("gradients through dropout") })
        #expect(!gradientCheck.passed, "\(mistake)")
    }

    @Test("a forward pass without the rescaling fails the expected-value check")
    func forwardWithoutScale() throws {
        let sink = try dropoutRun(forward: { h, m, _ in h.hadamard(m) })
        let forward = try #require(sink.checks.first { $0.name.contains("forward on a 4×5") })
        #expect(!forward.passed && forward.detail.contains("not rescaled"))
        let placeholder = try dropoutRun(forward: { h, _, _ in Matrix(rows: h.rows, columns: h.columns) })
        #expect(placeholder.checks.first?.detail.contains("placeholder") == true)
    }

    @Test("with a mask redrawn for every loss, the check of correct code fails (and with a fixed one it passes)")
    func fixedMaskMatters() throws {
        let network = DropoutNetwork.sample(seed: 5, sampleCount: 6, rate: 0.5, forward: DropoutReference.forward,
                                            backward: DropoutReference.backward)
        var generator = Xoshiro256StarStar(seed: 6)
        let mask = DropoutReference.mask(rows: 6, columns: 10, rate: 0.5, using: &generator)
        let analytic = network.gradients(mask: mask)
        let fixed = network.gradientCheck(analytic: analytic) { network.loss($0, mask: mask) }
        let noise = finiteDifferenceNoise(loss: network.loss(network.parameters, mask: mask), step: fixed.step)
        #expect(fixed.judgedPassed(noise: noise))
        var redraw = Xoshiro256StarStar(seed: 7)
        let redrawn = network.gradientCheck(analytic: analytic) {
            network.loss($0, mask: DropoutReference.mask(rows: 6, columns: 10, rate: 0.5, using: &redraw))
        }
        #expect(!redrawn.judgedPassed(noise: noise))
        #expect(redrawn.judgedMaxError(noise: noise) > 1e-2)
    }

    @Test("the weight-decay step checks λW against finite differences")
    func weightDecayStep() throws {
        let sink = try runSteps(GeneralisationStage(), steps: ["weight-decay"])
        #expect(sink.checks.count == 1 && sink.checks[0].passed)
        #expect(sink.checks[0].value < 1e-8)
    }

    @Test(.enabled(if: RealData.isInstalled, "needs /usr/share/datasets/fashion-mnist"))
    func everyCheckPassesOnTheRealDataInQuickMode() throws {
        let stage = GeneralisationStage()   // the reference (not --mine): no exercise code runs
        let sink = try runSteps(stage, options: RunOptions(quick: true, dataDirectory: RealData.directory))
        #expect(sink.checks.count >= 15)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        let stopped = try #require(sink.checks.first { $0.name.contains("kept weights are the best epoch's") })
        #expect(stopped.passed)
    }

    @Test func missingDataNamesBothRemedies() throws {
        let stage = GeneralisationStage()
        let context = StageContext(lessonID: "generalisation", options: RunOptions(quick: true, dataDirectory: RealData.missingDirectory),
                                   sink: CollectingSink())
        for step in ["gap", "augmentation", "validation-split", "train"] {
            let error = #expect(throws: (any Error).self) { try stage.run(step: step, context: context) }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("--data") && text.contains("dataset-fashion-mnist"), "\(step): \(text)")
        }
    }

    @Test("the lesson's model definition: 784-512-512-10, dropout, validation and patience set")
    func modelDefinition() throws {
        let configuration = GeneralisedModel.configuration
        #expect(configuration.problem == nil)
        let settings = try #require(configuration.generalisation)
        #expect(settings.patience != nil && !settings.dropout.isEmpty)
        #expect(GeneralisedModel.commandOptions.contains("--arch \(GeneralisedModel.architecture)"))
        #expect(GeneralisedModel.commandOptions.contains("--validation \(GeneralisedModel.validationCount)"))
        #expect(GeneralisedModel.commandOptions.contains("--epochs \(configuration.epochs)"))
    }
}
