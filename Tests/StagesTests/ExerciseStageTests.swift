// The exercises of lessons 1, 3, 7 and 9, through their stages with injected functions: the
// reference passes, the placeholder fails naming the placeholder, and planted bugs fail with
// their one-line diagnosis. Nothing here reads Sources/Exercises' current bodies.
import LessonEngine
import Linalg
import Testing
@testable import Stages

@Suite("exercises of lessons 1, 3, 7, 9 (injected)")
struct ExerciseStageTests {
    // Lesson 1: one layer by loops.
    func forwardPass(_ layer: @escaping LayerFunction) throws -> CollectingSink {
        let stage = ForwardPassStage()
        stage.exerciseLayer = layer
        return try runSteps(stage, steps: ["forward-by-hand", "loops-vs-matrices"], mine: true)
    }

    @Test("lesson 1: the reference layer passes; the placeholder and a missing bias are named")
    func lesson1() throws {
        #expect(try forwardPass { ForwardPass.layer(weights: $0, bias: $1, input: $2) }.checks.allSatisfy { $0.passed })
        let placeholder = try forwardPass { w, _, _ in [Double](repeating: 0, count: w.rows) }
        #expect(placeholder.checks.first?.passed == false)
        #expect(placeholder.checks.first?.detail.contains("placeholder") == true)
        let noBias = try forwardPass { w, b, x in zip(ForwardPass.layer(weights: w, bias: b, input: x), b).map { $0 - $1 } }
        #expect(noBias.checks.first?.detail.contains("missing its bᵢ") == true)
        let wrongCount = try forwardPass { _, _, _ in [1, 2] }
        #expect(wrongCount.checks.first?.detail.contains("has 2 entries, expected 3") == true)
    }

    // Lesson 3: the learner's checker.
    func checker(_ f: @escaping FiniteDifferences.NumericalGradient) throws -> Check {
        let stage = FiniteDifferencesStage()
        stage.exerciseChecker = f
        return try #require(try runSteps(stage, steps: ["your-checker"], mine: true).checks.first)
    }

    @Test("lesson 3: the reference checker passes; 2h → h, a one-sided difference and the placeholder are told apart")
    func lesson3() throws {
        let reference: FiniteDifferences.NumericalGradient = { FiniteDifferences.numericalGradient(at: $0, step: $1, loss: $2) }
        #expect(try checker(reference).passed)
        let doubled = try checker { reference($0, $1, $2).map { 2 * $0 } }
        #expect(!doubled.passed && doubled.detail.contains("exactly 2"))
        let flipped = try checker { reference($0, $1, $2).map { -$0 } }
        #expect(!flipped.passed && flipped.detail.contains("sign"))
        let oneSided = try checker { theta, h, loss in
            var g = theta
            for i in 0..<theta.count {
                var nudged = theta
                nudged.elements[i] += h
                g.elements[i] = (loss(nudged) - loss(theta)) / h
            }
            return g
        }
        #expect(!oneSided.passed && oneSided.detail.contains("one-sided"))
        let notRestored = try checker { theta, h, loss in
            var g = theta, nudged = theta
            for i in 0..<theta.count {
                nudged.elements[i] = theta.elements[i] + h
                let plus = loss(nudged)
                nudged.elements[i] = theta.elements[i] - h   // never put back
                g.elements[i] = (plus - loss(nudged)) / (2 * h)
            }
            return g
        }
        #expect(!notRestored.passed && notRestored.detail.contains("put each nudged entry back") && !notRestored.detail.contains("one-sided"))
        let zeros = try checker { theta, _, _ in Matrix(rows: theta.rows, columns: theta.columns) }
        #expect(!zeros.passed && zeros.detail.contains("placeholder"))
    }

    // Lesson 7: the learner's matmul.
    func matmul(_ f: @escaping NaiveVsVectorisedStage.MultiplyFunction) throws -> CollectingSink {
        let stage = NaiveVsVectorisedStage()
        stage.exerciseMultiply = f
        return try runSteps(stage, steps: ["your-matmul"], mine: true)
    }

    @Test("lesson 7: the i-k-j reference passes and is timed; a skipped column, a transposed shape and zeros are named")
    func lesson7() throws {
        let good = try matmul(NaiveVsVectorised.multiply)
        #expect(good.checks.count == 1 && good.checks[0].passed)
        #expect(good.tables.contains { $0.rows.count == 3 && $0.headers.contains("speed-up vs naive") })
        let skipped = try matmul { a, b in
            var c = NaiveVsVectorised.multiply(a, b)
            for r in 0..<c.rows { c[r, c.columns - 1] = 0 }
            return c
        }
        #expect(skipped.checks.first?.detail.contains("right except column 28") == true)
        let wrongShape = try matmul { a, b in Matrix(rows: b.columns, columns: a.rows) }
        #expect(wrongShape.checks.first?.detail.contains("expected 37×29") == true)
        let zeros = try matmul { a, b in Matrix(rows: a.rows, columns: b.columns) }
        #expect(zeros.checks.first?.detail.contains("placeholder") == true)
    }

    // Lesson 9: update and batches.
    func sgd(update: @escaping MiniBatchSGD.UpdateFunction = { MiniBatchSGD.update(parameter: &$0, gradient: $1, learningRate: $2) },
             batches: @escaping MiniBatchSGD.BatchFunction = { MiniBatchSGD.batchRanges(count: $0, batchSize: $1) }) throws -> CollectingSink {
        let stage = MiniBatchSGDStage()
        stage.exerciseUpdate = update
        stage.exerciseBatches = batches
        return try runSteps(stage, steps: ["your-sgd"], mine: true)
    }

    @Test("lesson 9: the reference update and batches train the linear model; a sign flip and a dropped last batch are named")
    func lesson9() throws {
        let good = try sgd()
        #expect(good.checks.count == 3 && good.checks.allSatisfy { $0.passed }, "\(good.checks)")
        let ascent = try sgd(update: { theta, g, eta in for i in 0..<theta.count { theta[i] += eta * g[i] } })
        #expect(ascent.checks.first?.detail.contains("sign flip") == true)
        let placeholder = try sgd(update: { _, _, _ in })
        #expect(placeholder.checks.first?.detail.contains("placeholder") == true)
        let dropped = try sgd(batches: { count, size in stride(from: 0, to: count - size + 1, by: size).map { $0..<($0 + size) } })
        #expect(dropped.checks.dropFirst().first?.detail.contains("last, shorter batch is missing") == true)
        #expect(dropped.checks.count == 2)   // no training on broken pieces
    }

    @Test("MiniBatchSGD.batchRanges covers every index once, in order, the last batch shorter")
    func batchRanges() {
        #expect(MiniBatchSGD.batchRanges(count: 10, batchSize: 3) == [0..<3, 3..<6, 6..<9, 9..<10])
        #expect(MiniBatchSGD.batchRanges(count: 0, batchSize: 3).isEmpty)
    }
}
