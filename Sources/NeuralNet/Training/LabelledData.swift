// An in-memory labelled data set. N = samples, D = inputs per sample, K = classes.
import Linalg

/// Inputs (N×D, one sample per row) with a class label in 0..<K for each row.
public struct LabelledData<Scalar: Real>: Sendable {
    /// N×D.
    public let inputs: Matrix<Scalar>
    /// N labels, each in 0..<classCount.
    public let labels: [Int]
    /// K.
    public let classCount: Int

    /// Checks that there is one label per row and every label is a class.
    public init(inputs: Matrix<Scalar>, labels: [Int], classCount: Int) {
        precondition(inputs.rows == labels.count,
                     "LabelledData: inputs are \(inputs.shapeDescription) but there are \(labels.count) labels")
        precondition(classCount > 0, "LabelledData: classCount must be positive, got \(classCount)")
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            preconditionFailure("LabelledData: label \(labels[bad]) at row \(bad) is outside 0..<\(classCount)")
        }
        self.inputs = inputs
        self.labels = labels
        self.classCount = classCount
    }

    /// N.
    public var count: Int { labels.count }
    /// D.
    public var featureCount: Int { inputs.columns }

    /// The first `count` samples (all if fewer).
    public func prefix(_ count: Int) -> LabelledData {
        let n = Swift.min(count, self.count)
        return LabelledData(inputs: inputs.rows(0..<n), labels: Array(labels[0..<n]), classCount: classCount)
    }
}
