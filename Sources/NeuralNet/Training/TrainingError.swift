// What can stop a training run, each with what happened, why, and what to do next.
import Foundation

/// A training run that cannot start, cannot go on, or cannot save its progress.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss became NaN/∞ or exploded past `threshold` (see `Trainer.divergenceThreshold`).
    case diverged(epoch: Int, batch: Int, loss: Double, threshold: Double, learningRate: Double)
    /// A configuration value is out of range (see `TrainingConfiguration.problem`).
    case invalidConfiguration(problem: String)
    /// The data does not fit the network (input width, class count) or is empty.
    case dataMismatch(problem: String)
    /// The checkpoint could not be written (disk full, no directory...).
    case checkpointNotWritten(file: String, reason: String)
    /// The checkpoint could not be read or does not hold what a resume needs.
    case invalidCheckpoint(file: String, problem: String)

    /// The message's suggestion for a smaller learning rate: a tenth of `learningRate`.
    static func suggestedLearningRate(below learningRate: Double) -> String {
        String(format: "%g", learningRate / 10)
    }

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, loss, threshold, learningRate):
            let what = loss.isNaN ? "became NaN (not a number)"
                : loss.isInfinite ? "became infinite"
                : "exploded to \(String(format: "%.4g", loss)), above the limit \(String(format: "%.4g", threshold))"
            return """
                error: training diverged at epoch \(epoch), batch \(batch): the loss \(what)
                why: steps of learning rate \(String(format: "%g", learningRate)) overshoot, so each update makes the loss worse instead of better
                hint: lower the learning rate, e.g. --lr \(Self.suggestedLearningRate(below: learningRate)) (or --lr 0.01), and train again
                """
        case let .invalidConfiguration(problem):
            return "error: cannot train: \(problem)\nhint: fix the value and run again; `backprop train --help` lists the options and their defaults."
        case let .dataMismatch(problem):
            return "error: the data does not fit the network: \(problem)\nhint: the first layer's width must equal the number of inputs per sample and the last the number of classes, e.g. 784-…-10 for Fashion-MNIST."
        case let .checkpointNotWritten(file, reason):
            return "error: cannot write checkpoint \(file): \(reason)\nhint: check the directory exists, is writable and has free space; the previous checkpoint (if any) is intact."
        case let .invalidCheckpoint(file, problem):
            return "error: cannot resume from \(file): \(problem)\nhint: resume only from a checkpoint written by `backprop train`, or start a new run without --resume."
        }
    }
}
