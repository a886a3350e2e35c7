// Evaluation helpers against hand-counted answers.
import Linalg
import Testing
@testable import NeuralNet

@Suite("Training evaluation")
struct TrainingEvaluationTests {
    // Hand-made: 8 samples, 3 classes.
    let labels      = [0, 0, 0, 1, 1, 2, 2, 2]
    let predictions = [0, 1, 0, 1, 2, 2, 0, 2]

    @Test("confusion matrix equals the hand count (rows = true class)")
    func confusionMatrix() {
        // true 0: predicted 0,1,0 → [2,1,0]; true 1: 1,2 → [0,1,1]; true 2: 2,0,2 → [1,0,2]
        #expect(Evaluation.confusionMatrix(predictions: predictions, labels: labels, classCount: 3)
                == [[2, 1, 0], [0, 1, 1], [1, 0, 2]])
    }

    @Test("accuracy, per-class accuracy, mistakes")
    func scores() {
        #expect(Evaluation.accuracy(predictions: predictions, labels: labels) == 5.0 / 8.0)
        let perClass = Evaluation.perClassAccuracy(predictions: predictions, labels: labels, classCount: 4)
        #expect(perClass == [2.0 / 3.0, 0.5, 2.0 / 3.0, nil])
        #expect(Evaluation.misclassifiedIndices(predictions: predictions, labels: labels) == [1, 4, 6])
    }

    @Test("batched evaluation equals one big forward pass")
    func batchedEvaluation() {
        let network = seededNetwork("4-6-3")
        let data = separableData(count: 23, dimensions: 4, classes: 3, seed: 5)
        let result = network.evaluate(data, batchSize: 7)      // 7 + 7 + 7 + 2
        let whole = Double(network.loss(input: data.inputs, targets: .oneHot(labels: data.labels, classCount: 3)))
        #expect(abs(result.loss - whole) < 1e-6)
        #expect(result.predictions == network.predictions(for: data.inputs))
        #expect(result.accuracy == network.accuracy(input: data.inputs, labels: data.labels))
    }

    @Test("top outputs are the largest probabilities, in order")
    func topOutputs() {
        let network = seededNetwork("4-6-5")
        let sample: [Float] = [0.5, -1, 2, 0.25]
        let probabilities = network.forward(Matrix(row: sample)).row(0)
        let top = network.topOutputs(for: sample, count: 3)
        #expect(top.count == 3)
        let sorted = probabilities.sorted(by: >)
        #expect(top.map(\.value) == Array(sorted.prefix(3)))
        #expect(top.allSatisfy { probabilities[$0.classIndex] == $0.value })
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
    }
}
