import Foundation
import LessonEngine
import NeuralNet

/// Draws `backprop train`'s progress: a bar per epoch (running loss, accuracy, images/s and
/// the bar's ETA) and a one-line summary when the epoch's evaluation is done.
final class TrainingProgressObserver: TrainingObserver {
    let presenter: TerminalPresenter
    let quiet: Bool
    private var bar: ProgressBar?
    /// Samples per epoch (from the batches), for the throughput in the summary.
    private var totalSamplesSeen = 0
    /// Ctrl-C / SIGTERM: checked at every batch and epoch boundary.
    var interruption: TrainingInterruption?

    init(presenter: TerminalPresenter, quiet: Bool) {
        self.presenter = presenter
        self.quiet = quiet
    }

    func trainingWillStartEpoch(_ epoch: Int, of totalEpochs: Int, learningRate: Double) {
        bar = nil
    }

    func trainingDidFinishBatch(_ progress: BatchProgress) {
        totalSamplesSeen = progress.totalSamples
        interruption?.stopIfRequested()
        guard !quiet else { return }
        if bar == nil {
            bar = ProgressBar(label: "epoch \(progress.epoch)/\(progress.totalEpochs)", total: progress.totalSamples,
                              style: presenter.style, interactive: presenter.interactive,
                              write: TerminalPresenter.standardOutput)
        }
        let status = "loss \(Formatting.fixed(progress.runningLoss)), acc \(Formatting.percent(progress.runningAccuracy, digits: 1)), "
            + "\(Int(progress.samplesPerSecond.rounded())) img/s"
        bar?.update(completed: progress.completedSamples, status: status)
    }

    /// What the per-epoch held-out numbers are called: "test", or "val" with --validation.
    var heldOutName = "test"

    func trainingDidFinishEpoch(_ record: EpochRecord) {
        let throughput = Int((Double(totalSamplesSeen) / max(record.trainingSeconds, 1e-9)).rounded())
        let summary = "train loss \(Formatting.fixed(record.trainLoss)), acc \(Formatting.percent(record.trainAccuracy))"
            + (record.testAccuracy.map { ", \(heldOutName) loss \(Formatting.fixed(record.testLoss ?? .nan)), acc \(Formatting.percent($0))" } ?? "")
        if let bar {
            bar.finish(summary: summary + ", \(throughput) img/s, evaluated in \(ProgressBar.duration(record.evaluationSeconds))")
        } else if !quiet {
            presenter.say(["  epoch \(record.epoch): " + summary + String(format: ", %.1fs", record.seconds)])
        }
        bar = nil
        interruption?.checkpointWritten(epochs: record.epoch)
        interruption?.stopIfRequested()
    }

    /// Ends a half-drawn bar line (before an error message).
    func interrupt() {
        if bar != nil, presenter.interactive { presenter.say([""]) }
        bar = nil
    }
}
