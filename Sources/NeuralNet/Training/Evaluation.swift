// Measuring a classifier: batched loss and accuracy, per-class accuracy, confusion matrix,
// top-k outputs, mistakes. N = samples, D = inputs, K = classes.
import Linalg

/// Loss, accuracy and every prediction of a network over a labelled data set.
public struct EvaluationResult: Equatable, Sendable {
    /// Mean loss over all N samples (batch losses weighted by batch size).
    public var loss: Double
    /// Fraction of samples predicted right.
    public var accuracy: Double
    /// Predicted class of each sample (argmax of the outputs), in data order.
    public var predictions: [Int]
}

extension Network {
    /// Runs `data` through the network `batchSize` rows at a time (memory stays bounded by
    /// batchSize×widest layer) and scores it against one-hot targets.
    public func evaluate(_ data: LabelledData<Scalar>, batchSize: Int = 1000) -> EvaluationResult {
        precondition(batchSize > 0, "evaluate: batch size must be positive, got \(batchSize)")
        precondition(data.featureCount == inputCount && data.classCount == outputCount,
                     "evaluate: data is N×\(data.featureCount) with \(data.classCount) classes, network is \(architecture.sizesDescription)")
        var predictions: [Int] = []
        predictions.reserveCapacity(data.count)
        var lossSum = 0.0
        var lower = 0
        while lower < data.count {
            let upper = Swift.min(lower + batchSize, data.count)
            let labels = Array(data.labels[lower..<upper])
            let targets = Matrix<Scalar>.oneHot(labels: labels, classCount: data.classCount)
            let batchLoss = loss(input: data.inputs.rows(lower..<upper), targets: targets)
            lossSum += Double(batchLoss) * Double(upper - lower)
            predictions += lossFunction.output.argmaxOfRows()
            lower = upper
        }
        let count = Swift.max(data.count, 1)
        return EvaluationResult(loss: lossSum / Double(count),
                                accuracy: Evaluation.accuracy(predictions: predictions, labels: data.labels),
                                predictions: predictions)
    }

    /// The `count` largest outputs for one sample, largest first, with their class indices.
    /// For softmax + CE these are probabilities; for MSE heads they are the raw outputs.
    /// `sample`: D values.
    public func topOutputs(for sample: [Scalar], count: Int) -> [(classIndex: Int, value: Scalar)] {
        precondition(sample.count == inputCount, "topOutputs: sample has \(sample.count) values, network takes \(inputCount)")
        let outputs = forward(Matrix(row: sample)).row(0)
        let ranked = outputs.indices.sorted { outputs[$0] > outputs[$1] || (outputs[$0] == outputs[$1] && $0 < $1) }
        return ranked.prefix(Swift.max(count, 0)).map { ($0, outputs[$0]) }
    }
}

/// Scores computed from predicted and true labels alone.
public enum Evaluation {
    /// Fraction of positions where `predictions` equals `labels` (0 for no samples).
    public static func accuracy(predictions: [Int], labels: [Int]) -> Double {
        precondition(predictions.count == labels.count, "accuracy: \(predictions.count) predictions for \(labels.count) labels")
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// K×K counts: entry [t][p] is how many samples of true class t were predicted as p.
    /// Rows are true classes, columns predicted ones; the diagonal holds the correct ones.
    public static func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
        precondition(predictions.count == labels.count, "confusionMatrix: \(predictions.count) predictions for \(labels.count) labels")
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (predicted, truth) in zip(predictions, labels) {
            precondition(truth >= 0 && truth < classCount && predicted >= 0 && predicted < classCount,
                         "confusionMatrix: label \(truth) or prediction \(predicted) outside 0..<\(classCount)")
            counts[truth][predicted] += 1
        }
        return counts
    }

    /// For each class t: correct predictions of t / samples of t (the confusion matrix's
    /// diagonal over its row sums); nil for a class with no samples.
    public static func perClassAccuracy(predictions: [Int], labels: [Int], classCount: Int) -> [Double?] {
        let counts = confusionMatrix(predictions: predictions, labels: labels, classCount: classCount)
        return counts.indices.map { t in
            let total = counts[t].reduce(0, +)
            return total == 0 ? nil : Double(counts[t][t]) / Double(total)
        }
    }

    /// Indices of the samples whose prediction differs from the label, in order.
    public static func misclassifiedIndices(predictions: [Int], labels: [Int]) -> [Int] {
        precondition(predictions.count == labels.count, "misclassifiedIndices: \(predictions.count) predictions for \(labels.count) labels")
        return labels.indices.filter { predictions[$0] != labels[$0] }
    }
}
