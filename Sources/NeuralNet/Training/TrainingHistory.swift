// What a training run reports: per-batch progress and per-epoch records.

/// One epoch's results. Train loss and accuracy are sample-weighted means over the epoch's
/// batches, measured while the weights were changing (as every framework reports them).
public struct EpochRecord: Equatable, Codable, Sendable {
    /// 1-based epoch number.
    public var epoch: Int
    public var learningRate: Double
    public var trainLoss: Double
    public var trainAccuracy: Double
    /// nil when no test set was given.
    public var testLoss: Double?
    public var testAccuracy: Double?
    /// Wall-clock seconds for the epoch's training batches (evaluation excluded).
    public var trainingSeconds: Double
    /// Wall-clock seconds for the test evaluation.
    public var evaluationSeconds: Double

    public init(epoch: Int, learningRate: Double, trainLoss: Double, trainAccuracy: Double,
                testLoss: Double?, testAccuracy: Double?, trainingSeconds: Double, evaluationSeconds: Double) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.trainingSeconds = trainingSeconds
        self.evaluationSeconds = evaluationSeconds
    }

    /// Training plus evaluation seconds.
    public var seconds: Double { trainingSeconds + evaluationSeconds }
}

/// The records of every completed epoch, in order.
public struct TrainingHistory: Equatable, Codable, Sendable {
    public var epochs: [EpochRecord]
    /// The loss of the very first training batch: the divergence guard's reference.
    public var initialLoss: Double?

    public init(epochs: [EpochRecord] = [], initialLoss: Double? = nil) {
        self.epochs = epochs
        self.initialLoss = initialLoss
    }

    /// The record with the highest test accuracy, if any epoch was evaluated.
    public var bestByTestAccuracy: EpochRecord? {
        epochs.filter { $0.testAccuracy != nil }.max { ($0.testAccuracy ?? 0) < ($1.testAccuracy ?? 0) }
    }
}

/// Progress after one mini-batch, for progress bars.
public struct BatchProgress: Equatable, Sendable {
    /// 1-based epoch number and the total to reach.
    public var epoch: Int
    public var totalEpochs: Int
    /// 1-based batch number within the epoch, and the number of batches per epoch.
    public var batch: Int
    public var batchCount: Int
    /// Samples seen this epoch so far, and N.
    public var completedSamples: Int
    public var totalSamples: Int
    /// Sample-weighted means over this epoch's batches so far.
    public var runningLoss: Double
    public var runningAccuracy: Double
    /// Training throughput this epoch so far.
    public var samplesPerSecond: Double
    public var elapsedSeconds: Double

    /// completedSamples / totalSamples, in [0, 1].
    public var fractionComplete: Double { totalSamples == 0 ? 1 : Double(completedSamples) / Double(totalSamples) }
}
