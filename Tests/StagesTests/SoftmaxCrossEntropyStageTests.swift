import Foundation
import LessonEngine
import Linalg
import Testing
@testable import Stages

@Suite("lesson 5: softmax and cross-entropy")
struct SoftmaxCrossEntropyStageTests {
    @Test("every step runs and every check passes with the reference")
    func referencePasses() throws {
        let sink = try runSteps(SoftmaxCrossEntropyStage())
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
    }

    @Test("the placeholder exercise fails every check that tests it")
    func placeholderFails() throws {
        let stage = SoftmaxCrossEntropyStage()   // the placeholders: zeros
        stage.exerciseSoftmax = { z in Matrix(rows: z.rows, columns: z.columns) }
        stage.exerciseGradient = { z, _ in Matrix(rows: z.rows, columns: z.columns) }
        let sink = try runSteps(stage, mine: true)
        // The first check is about the naive softmax (not the learner's code); the other three test the exercise.
        #expect(sink.checks.count == 4)
        #expect(sink.checks.dropFirst().allSatisfy { !$0.passed }, "\(sink.checks)")
    }

    @Test("the reference injected as the exercise passes")
    func injectedReferencePasses() throws {
        let stage = SoftmaxCrossEntropyStage()
        stage.exerciseSoftmax = SoftmaxAndCrossEntropy.softmax
        stage.exerciseGradient = SoftmaxAndCrossEntropy.logitGradient
        let sink = try runSteps(stage, mine: true)
        #expect(sink.checks.allSatisfy { $0.passed })
    }

    @Test("a naive softmax injected as the learner's fails the ±1000 check")
    func naiveSoftmaxFails() throws {
        let stage = SoftmaxCrossEntropyStage()
        stage.exerciseSoftmax = { z in
            Matrix(rows: z.rows, columns: z.columns, elements: (0..<z.rows).flatMap { SoftmaxAndCrossEntropy.naiveSoftmax(z.row($0)) })
        }
        let sink = try runSteps(stage, steps: ["overflow"], mine: true)
        #expect(sink.checks.last?.passed == false)
    }

    @Test("softmax matches closed forms: equal logits give 1/K; two logits give a sigmoid")
    func closedForms() {
        #expect(SoftmaxAndCrossEntropy.stableSoftmax([3.0, 3, 3, 3]).allSatisfy { abs($0 - 0.25) < 1e-15 })
        let p = SoftmaxAndCrossEntropy.stableSoftmax([0.7, -0.4])
        #expect(abs(p[0] - 1 / (1 + Foundation.exp(-1.1))) < 1e-15)
        // CE of a one-hot target is −log p of the true class.
        let loss = SoftmaxAndCrossEntropy.crossEntropy(logits: Matrix([[0.7, -0.4]]), targets: Matrix([[1.0, 0]]))
        #expect(abs(loss + Foundation.log(p[0])) < 1e-15)
    }
}
