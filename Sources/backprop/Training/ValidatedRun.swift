import Foundation
import LessonEngine
import NeuralNet

extension TrainCommand {
    /// The end of a run with --validation: the weights kept (the best validation epoch under
    /// early stopping, else the last) are measured on the test set once, and that accuracy is
    /// what the saved file records, so `evaluate` reproduces it. When early stopping went
    /// back to an earlier epoch, the optimiser state no longer matches those weights: the file
    /// is then saved as plain weights, not a resumable checkpoint.
    static func finishValidatedRun(_ trainer: Trainer<Float>, test: LabelledData<Float>, saveURL: URL,
                                   presenter: TerminalPresenter) throws -> Int32 {
        let history = trainer.history
        let keptEpoch = trainer.earlyStopping?.bestEpoch ?? history.epochs.last?.epoch ?? 0
        let lastEpoch = history.epochs.last?.epoch ?? 0
        let result = trainer.network.evaluate(test, batchSize: trainer.configuration.evaluationBatchSize)
        var lines: [String] = [""]
        if let stopping = trainer.earlyStopping, let best = stopping.bestAccuracy {
            let stoppedEarly = lastEpoch < trainer.configuration.epochs
            lines.append((stoppedEarly ? "Early stopping after epoch \(lastEpoch): \(stopping.patience) \(stopping.patience == 1 ? "epoch" : "epochs") without a better validation accuracy. "
                                       : "Trained all \(lastEpoch) epochs. ")
                         + "Kept the weights of epoch \(keptEpoch) (validation accuracy \(Formatting.percent(best))).")
        }
        let info = WeightsTrainingInfo(epoch: keptEpoch, testAccuracy: result.accuracy, seed: trainer.configuration.seed,
                                       optimizer: trainer.configuration.optimizerDescription)
        var file: SafetensorsFile
        if keptEpoch == lastEpoch {
            file = trainer.checkpointFile()
            file.metadata.merge(info.metadata) { _, new in new }
        } else {
            file = trainer.network.weightsFile(info: info)
        }
        try file.write(to: saveURL)
        let correct = zip(result.predictions, test.labels).filter { $0 == $1 }.count
        lines.append("Test accuracy, measured once now: \(Formatting.percent(result.accuracy)) (\(correct) of \(test.count) images), mean loss \(Formatting.fixed(result.loss)).")
        lines.append("Saved the model to \(saveURL.path) (epoch \(keptEpoch), test accuracy \(Formatting.percent(result.accuracy)))"
                     + (keptEpoch == lastEpoch ? "." : "; weights only, since those of epoch \(keptEpoch) do not match the optimiser's state after epoch \(lastEpoch) (not resumable)."))
        lines.append("Next: backprop evaluate --weights \(saveURL.path)")
        presenter.say(lines)
        return ExitStatus.success
    }
}
