import Exercises
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

/// Each bug signature planted in a copy of a real reference gradient (lesson 2's loops,
/// lesson 4's matrices, lesson 5's ∂L/∂Z), checked by the lessons' own gradient checks:
/// the failed check's detail must carry the exact diagnosis line, and never the answer.
@Suite("bug diagnosis of a learner's gradients")
struct TensorDiagnosisTests {
    typealias PerSample = (PerElementNetwork, [Double], [Double]) -> PerElementGradients

    /// Lesson 2's gradient check with `plant` as the learner's function; the one check.
    func lesson2(_ plant: @escaping PerSample) throws -> Check {
        let stage = ChainRuleStage()
        stage.exerciseGradients = plant
        let checks = try runSteps(stage, steps: ["gradient-check"], mine: true).checks
        try #require(checks.count == 1)
        return checks[0]
    }

    /// The reference per-sample gradients with `change` applied.
    func planted(_ change: @escaping (inout PerElementGradients) -> Void) -> PerSample {
        { network, x, y in
            var g = network.gradients(input: x, target: y)
            change(&g)
            return g
        }
    }

    func scaled(_ g: inout PerElementGradients, by s: Double, hiddenOnly: Bool = false) {
        g.hiddenWeights = g.hiddenWeights.map { $0.map { $0 * s } }
        g.hiddenBiases = g.hiddenBiases.map { $0 * s }
        if hiddenOnly { return }
        g.outputWeights = g.outputWeights.map { $0.map { $0 * s } }
        g.outputBiases = g.outputBiases.map { $0 * s }
    }

    @Test("the correct gradient passes with no diagnosis")
    func correctHasNoDiagnosis() throws {
        let check = try lesson2(ChainRule.gradients)
        #expect(check.passed)
        #expect(!check.detail.contains("your"))
        #expect(!check.detail.contains("every entry"))
    }

    @Test("the placeholder (all zeros)")
    func placeholder() throws {
        let check = try lesson2(ExerciseChainRulePlaceholder.gradients)
        #expect(!check.passed)
        #expect(check.detail.contains("still returns its placeholder"))
    }

    @Test("a constant ratio named after K: every family 1/K of the numerical value")
    func ratioOneOverK() throws {
        let check = try lesson2(planted { self.scaled(&$0, by: 1.0 / 3) })
        #expect(!check.passed)
        #expect(check.detail.contains("every entry of ∂L/∂w_h, ∂L/∂b_h, ∂L/∂w_o and ∂L/∂b_o is exactly 1/K of the numerical value (K = 3): look at the mean over the K outputs in the loss"), "\(check.detail)")
    }

    @Test("a dropped factor 2")
    func ratioHalf() throws {
        let check = try lesson2(planted { self.scaled(&$0, by: 0.5) })
        #expect(check.detail.contains("is exactly 1/2 of the numerical value: look at the factor 2 that differentiating a square brings down"), "\(check.detail)")
    }

    @Test("a sign flip")
    func signFlip() throws {
        let check = try lesson2(planted { self.scaled(&$0, by: -1) })
        #expect(check.detail.contains("has the opposite sign of the numerical value: a sign flip"), "\(check.detail)")
    }

    @Test("which families pass and which fail: the error enters at the hidden layer")
    func chainLevel() throws {
        let check = try lesson2(planted { self.scaled(&$0, by: 1.7, hiddenOnly: true) })
        #expect(check.detail.contains("∂L/∂w_o and ∂L/∂b_o pass, ∂L/∂w_h and ∂L/∂b_h fail: the error enters at ∂L/∂h_j, the sum over outputs (step 5) or the hidden layer's δ (step 6)"), "\(check.detail)")
        #expect(check.detail.contains("every entry of ∂L/∂w_h and ∂L/∂b_h is the numerical value times one constant"), "\(check.detail)")
    }

    @Test("a loop that stops one short: right except the last hidden unit")
    func loopBound() throws {
        let check = try lesson2(planted { g in
            g.hiddenWeights[4] = g.hiddenWeights[4].map { _ in 0 }
            g.hiddenBiases[4] = 0
        })
        #expect(check.detail.contains("your ∂L/∂w_h is right except row 4 (hidden unit 4, the last of H = 5): a loop bound — does the loop over hidden units stop one short?"), "\(check.detail)")
        #expect(check.detail.contains("your ∂L/∂b_h is right except entry 4 (hidden unit 4, the last of H = 5)"), "\(check.detail)")
    }

    @Test("NaN with the first place it appears")
    func notANumber() throws {
        let check = try lesson2(planted { g in g.outputWeights[1][2] = .nan })
        #expect(check.detail.contains("your ∂L/∂w_o has NaN at [1, 2] (output 1, hidden unit 2): look for a 0/0"), "\(check.detail)")
    }

    @Test("a transposed family is a shape error before any arithmetic")
    func transposedShape() throws {
        let check = try lesson2(planted { g in
            let w = g.outputWeights
            g.outputWeights = (0..<w[0].count).map { j in w.map { $0[j] } }
        })
        #expect(!check.passed)
        #expect(check.detail.contains("your ∂L/∂w_o is 5×3, expected 3×5 (K×H): it is transposed"), "\(check.detail)")
    }

    @Test("a square tensor holding its transpose")
    func transposedSquare() {
        var generator = Xoshiro256StarStar(seed: 7)
        let network = PerElementNetwork(inputCount: 5, hiddenCount: 5, outputCount: 3, using: &generator)
        let g = network.gradients(input: [0.1, -0.4, 0.3, 0.9, -0.2], target: [0.2, 0.7, 0.1])
        let expected = Matrix(g.hiddenWeights)
        let tensor = TensorUnderTest(name: "dW1", labels: TensorLabels(shape: "H×D"), actual: expected.transposed(), expected: expected)
        #expect(TensorDiagnosis.diagnose(tensor) == "your dW1 is the transpose of what it should be (H×D): check the order of the factors")
        #expect(TensorDiagnosis.diagnose(TensorUnderTest(name: "dW1", actual: expected, expected: expected)) == nil)
    }

    @Test("lesson 4: every gradient 1/N of the numerical value")
    func lesson4BatchMean() throws {
        let stage = lesson4Stage()
        stage.exerciseGradients = { p, x, y in
            let g = VectorisedBackprop.gradients(parameters: p, input: x, targets: y)
            let s = 1.0 / Double(x.rows)
            return TwoLayerGradients(dW1: s * g.dW1, db1: s * g.db1, dW2: s * g.dW2, db2: s * g.db2)
        }
        let checks = try runSteps(stage, steps: ["compare-per-element", "gradient-check"], mine: true).checks
        #expect(checks.count == 2 && !checks[0].passed && !checks[1].passed)
        // Against lesson 2's loops (a reference result), then against central differences.
        #expect(checks[0].detail.contains("every entry of dW1, db1, dW2 and db2 is exactly 1/N of the loops' value (N = 6): look at where you average over the batch"), "\(checks[0].detail)")
        #expect(checks[1].detail.contains("every entry of dW1, db1, dW2 and db2 is exactly 1/N of the numerical value (N = 6): look at where you average over the batch"), "\(checks[1].detail)")
    }

    @Test("lesson 5: ∂L/∂Z right except the last sample")
    func lesson5LastSample() throws {
        let stage = SoftmaxCrossEntropyStage()
        stage.exerciseGradient = { z, t in
            var g = SoftmaxAndCrossEntropy.logitGradient(logits: z, targets: t)
            for k in 0..<g.columns { g[g.rows - 1, k] = 0 }
            return g
        }
        let checks = try runSteps(stage, steps: ["gradient-check"], mine: true).checks
        #expect(checks.count == 1 && !checks[0].passed)
        #expect(checks[0].detail.contains("your ∂L/∂Z is right except row 3 (sample 3, the last of N = 4): a loop bound — does the loop over samples stop one short?"), "\(checks[0].detail)")
    }

    @Test("lesson 5: P − T without the 1/N, against the Jacobian route and central differences")
    func lesson5MissingMean() throws {
        let stage = SoftmaxCrossEntropyStage()
        stage.exerciseGradient = { z, t in SoftmaxAndCrossEntropy.softmax(logits: z) - t }
        let checks = try runSteps(stage, steps: ["compare-routes", "gradient-check"], mine: true).checks
        #expect(checks.count == 2 && !checks[0].passed && !checks[1].passed)
        #expect(checks[0].detail.contains("every entry of ∂L/∂Z is exactly N times the Jacobian route's value (N = 4): look at where you average over the batch"), "\(checks[0].detail)")
        #expect(checks[1].detail.contains("every entry of ∂L/∂Z is exactly N times the numerical value (N = 4)"), "\(checks[1].detail)")
    }

    @Test("lesson 6: a dZ of the wrong shape is a failed check, not a trap")
    func lesson6Shape() throws {
        let stage = ReLUKinksStage()
        stage.exerciseBackward = { dA, _ in dA.transposed() }
        let checks = try runSteps(stage, steps: ["relu-network-check"], mine: true).checks
        // N is 8 in quick mode (runSteps), H = 10.
        #expect(checks.contains { !$0.passed && $0.detail.contains("your dZ is 10×8, expected 8×10 (N×H): it is transposed") }, "\(checks)")
    }

    @Test("the diagnosis never shows the expected values")
    func noAnswer() throws {
        let network = SampleData.perElementNetwork(seed: 42)
        let batch = SampleData.batch(seed: 42)
        let reference = network.gradients(input: batch.inputs[0], target: batch.targets[0])
        for plant in [planted { self.scaled(&$0, by: 0.5) }, planted { $0.hiddenBiases[4] = 0 }] {
            let detail = try lesson2(plant).detail
            let diagnosis = detail.components(separatedBy: "\n").dropFirst().joined()
            for value in reference.outputBiases + reference.hiddenBiases {
                #expect(!diagnosis.contains(Format.precise(value)))
            }
        }
    }
}

/// A placeholder that does not depend on the state of Sources/Exercises.
enum ExerciseChainRulePlaceholder {
    static func gradients(network: PerElementNetwork, input: [Double], target: [Double]) -> PerElementGradients {
        PerElementGradients(zeroLike: network)
    }
}
