import Datasets
import Foundation
import NeuralNet

/// Maps the errors of the model commands (train, evaluate, predict, gradients) to what the
/// learner sees on stderr — `error: …` naming the file, then `hint: …` — and an exit status:
/// 2 for a bad value on the command line, 3 for a bad input file (weights, data), 1 when
/// training itself failed (diverged).
enum CommandFailure {
    /// The exit status for `error`.
    static func status(of error: any Error) -> Int32 {
        switch error {
        case is UsageError: return ExitStatus.usage
        case is ArchitectureError: return ExitStatus.usage
        case let training as TrainingError:
            switch training {
            case .diverged: return ExitStatus.checkFailed
            case .invalidConfiguration, .dataMismatch: return ExitStatus.usage
            case .checkpointNotWritten, .invalidCheckpoint: return ExitStatus.badInput
            }
        default: return ExitStatus.badInput
        }
    }

    /// `error: …` (one line naming the file) and `hint: …` lines for `error`.
    static func text(of error: any Error) -> String {
        var text = "\(error)"
        if let usage = error as? UsageError { text = usage.description }
        if !text.hasPrefix("error:") { text = "error: " + text }
        if !text.contains("\nhint:") { text += "\nhint: check the file named above; run the command with --help to see its options" }
        return text
    }

    /// Prints `error` on stderr and returns its exit status.
    static func report(_ error: any Error) -> Int32 {
        Session.printError(text(of: error))
        return status(of: error)
    }

    /// Runs `body`, reporting any error it throws.
    static func reporting(_ body: () throws -> Int32) -> Int32 {
        do { return try body() } catch { return report(error) }
    }
}

/// A weights file that does not fit the data (another input width or class count): the
/// file's problem, so exit 3.
struct WeightsDataMismatch: Error, CustomStringConvertible {
    var file: String
    var problem: String
    var description: String {
        "error: \(file) does not fit the data: \(problem)\nhint: use a model trained on Fashion-MNIST (784 inputs, 10 classes), e.g. one saved by `backprop train`"
    }
}
