import Exercises
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("lesson 6: ReLU kinks")
struct ReLUKinksStageTests {
    @Test("every step runs and every check passes with the reference")
    func referencePasses() throws {
        let sink = try runSteps(ReLUKinksStage())
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
    }

    @Test("the placeholder exercise fails the ReLU network check")
    func placeholderFails() throws {
        let stage = ReLUKinksStage()
        stage.exerciseBackward = { _, z in Matrix(rows: z.rows, columns: z.columns) }   // the placeholder
        let sink = try runSteps(stage, steps: ["relu-network-check"], mine: true)
        #expect(sink.checks.first?.passed == false)
    }

    @Test("the reference injected as the exercise passes")
    func injectedReferencePasses() throws {
        let stage = ReLUKinksStage()
        stage.exerciseBackward = ReLUKinks.reluBackward
        let sink = try runSteps(stage, steps: ["relu-network-check"], mine: true)
        #expect(sink.checks.allSatisfy { $0.passed })
    }

    @Test("a ReLU backward that lets gradient through everywhere (a linear unit) fails")
    func linearBackwardFails() throws {
        let stage = ReLUKinksStage()
        stage.exerciseBackward = { dA, _ in dA }
        let sink = try runSteps(stage, steps: ["relu-network-check"], mine: true)
        #expect(sink.checks.first?.passed == false)
    }

    @Test("each kind of reluBackward mistake is named in the failed check's detail, without the formula", arguments: [
        ("no mask", "returns dA unchanged"),
        ("mask from the gradient", "not on the gradient's sign"),
        ("mask inverted", "the mask is the wrong way round"),
        ("forward value", "computed from Z alone"),
    ])
    func mistakeDiagnosed(mistake: String, expected: String) throws {
        let stage = ReLUKinksStage()
        let wrong: ReLUKinksStage.BackwardFunction = switch mistake {
        case "no mask": { dA, _ in dA }
        case "mask from the gradient": { dA, _ in dA.map { $0 > 0 ? $0 : 0 } }
        case "mask inverted": { dA, z in Matrix(rows: z.rows, columns: z.columns, elements: zip(dA.elements, z.elements).map { $1 > 0 ? 0 : $0 }) }
        default: { _, z in z.map { max(0, $0) } }
        }
        stage.exerciseBackward = wrong
        let sink = try runSteps(stage, steps: ["relu-network-check"], mine: true)
        let check = try #require(sink.checks.first)
        #expect(!check.passed)
        let flat = check.detail.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains(expected), "\(check.detail)")
        #expect(!flat.contains("Z > 0 and be 0"), "the learner's diagnosis must not state the answer")
    }

    @Test("backwardDiagnosis is nil for the reference and names a mismatch count otherwise")
    func diagnosisOfReference() {
        let z = Matrix<Double>(rows: 2, columns: 3, elements: [1, -1, 0, 2, -3, 0.5])
        let dA = Matrix<Double>(rows: 2, columns: 3, elements: [-1, 2, 3, -4, 5, 6])
        #expect(ReLUKinks.backwardDiagnosis(got: ReLUKinks.reluBackward(outputGradient: dA, preActivation: z), outputGradient: dA, preActivation: z) == nil)
        var off = ReLUKinks.reluBackward(outputGradient: dA, preActivation: z)
        off.elements[3] *= 2   // one active entry doubled
        #expect(ReLUKinks.backwardDiagnosis(got: off, outputGradient: dA, preActivation: z) == "your reluBackward differs from dZ in 1 of 6 entries (1 where Z > 0, 0 where Z ≤ 0)")
    }

    @Test("the planted pre-activation sits 0.3·h above zero and the unguarded check really fails there")
    func plantedKink() {
        let planted = ReLUKinks.PlantedKink(seed: 42, offset: ReLUKinksStage.plantedOffset)
        let z = ReLUKinks.preActivations(parameters: planted.parameters, input: planted.input)
        #expect(abs(z[planted.sample, planted.unit] - 3e-6) < 1e-12)
        let g = ReLUKinks.gradients(parameters: planted.parameters, input: planted.input, targets: planted.targets)
        let plain = ReLUKinks.gradientCheck(parameters: planted.parameters, input: planted.input, targets: planted.targets,
                                            analytic: g, detectKinks: false)
        let guarded = ReLUKinks.gradientCheck(parameters: planted.parameters, input: planted.input, targets: planted.targets,
                                              analytic: g, detectKinks: true)
        #expect(!plain.passed)
        #expect(guarded.kinkCount >= 1)
        #expect(guarded.tensor(named: "db1")?.kinkEntries.contains { $0.column == planted.unit } == true)
    }

    @Test("reluBackward matches the closed form [Z > 0] on hand-picked values, including Z = 0")
    func reluBackwardClosedForm() {
        let z = Matrix<Double>([[-1, 0, 2], [3e-9, -3e-9, 5]])
        let dA = Matrix<Double>([[10, 20, 30], [40, 50, 60]])
        #expect(ReLUKinks.reluBackward(outputGradient: dA, preActivation: z) == Matrix([[0, 0, 30], [40, 0, 60]]))
    }
}
