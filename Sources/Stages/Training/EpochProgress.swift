// Drives one progress bar per epoch from the trainer's callbacks, and keeps a thinned record
// of the running training loss for a within-epoch curve.
import Foundation
import LessonEngine
import NeuralNet

/// A `TrainingObserver` that draws `context.progress` bars: one per epoch, advanced per batch.
final class EpochProgress: TrainingObserver {
    private let context: StageContext
    private var bar: (any ProgressReporter)?
    private var learningRate = 0.0
    /// (epochs elapsed as a fraction, running mean training loss of that epoch so far),
    /// about 20 points per epoch.
    private(set) var lossPoints: [(x: Double, y: Double)] = []
    /// What the per-epoch held-out numbers are called: "test", or "validation" (lesson 13).
    var heldOutName = "test"

    init(context: StageContext) { self.context = context }

    func trainingWillStartEpoch(_ epoch: Int, of totalEpochs: Int, learningRate: Double) {
        self.learningRate = learningRate
        bar = nil
    }

    func trainingDidFinishBatch(_ progress: BatchProgress) {
        if bar == nil {
            bar = context.progress(label: "epoch \(progress.epoch)/\(progress.totalEpochs)", total: progress.batchCount)
        }
        let stride = max(1, progress.batchCount / 20)
        if progress.batch % stride == 0 || progress.batch == progress.batchCount {
            lossPoints.append((Double(progress.epoch - 1) + progress.fractionComplete, progress.runningLoss))
        }
        bar?.update(completed: progress.batch, status: String(
            format: "loss %.3f, train acc %.1f%%, %.0f img/s", progress.runningLoss,
            100 * progress.runningAccuracy, progress.samplesPerSecond))
    }

    func trainingDidFinishEpoch(_ record: EpochRecord) {
        // "lr 9e-05 · train 0.1726, 93.59% · test 0.3056, 89.66%": loss, then accuracy. Short
        // enough that "  epoch 13/15: … (1.2s)" fits an 80-column terminal.
        var summary = String(format: "lr %.2g · train %.4f, %.2f%%",
                             learningRate, record.trainLoss, 100 * record.trainAccuracy)
        if let testAccuracy = record.testAccuracy, let testLoss = record.testLoss {
            summary += String(format: " · \(heldOutName) %.4f, %.2f%%", testLoss, 100 * testAccuracy)
        }
        bar?.finish(summary: summary)
        bar = nil
    }
}
