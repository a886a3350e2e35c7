// How the trainer reports progress without knowing about terminals: the CLI or a lesson
// implements this protocol and draws what it likes.

/// Receives training progress. Every method has an empty default, so implement only what
/// you need. Called on the training thread; keep per-batch work cheap (throttle drawing).
public protocol TrainingObserver: AnyObject {
    /// Before the first batch of `epoch` (1-based) of `totalEpochs`.
    func trainingWillStartEpoch(_ epoch: Int, of totalEpochs: Int, learningRate: Double)
    /// After every mini-batch's optimiser step.
    func trainingDidFinishBatch(_ progress: BatchProgress)
    /// After the epoch's evaluation (and its checkpoint, if any, has been written).
    func trainingDidFinishEpoch(_ record: EpochRecord)
}

extension TrainingObserver {
    public func trainingWillStartEpoch(_ epoch: Int, of totalEpochs: Int, learningRate: Double) {}
    public func trainingDidFinishBatch(_ progress: BatchProgress) {}
    public func trainingDidFinishEpoch(_ record: EpochRecord) {}
}
