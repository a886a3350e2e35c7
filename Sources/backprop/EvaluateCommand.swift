import Datasets
import Foundation
import LessonEngine
import NeuralNet

/// `backprop evaluate --weights FILE`: test accuracy, per-class accuracy, confusion matrix,
/// and whether the accuracy matches the one recorded in the file when it was saved (exit 1 if
/// not). `--help` documents the file format.
enum EvaluateCommand: Command {
    static let name = "evaluate"
    static let overview = "Measure a saved model on the test set: accuracy, per-class accuracy, confusion matrix, and a check against the accuracy recorded in the file."
    static let usage = "--weights <file> [--data <dir>]"
    static var options: [OptionSpec] { [LoadedWeights<Float>.option, CommandData.dataOption] }
    static var discussion: String? { WeightsFormatHelp.text }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        CommandFailure.reporting {
            let style = session.style
            let presenter = session.presenter()
            let weights = try LoadedWeights<Float>(arguments: arguments, command: name)
            let test = try CommandData.load(.test, arguments: arguments, style: style)
            guard test.featureCount == weights.network.inputCount, test.classCount == weights.network.outputCount else {
                throw WeightsDataMismatch(file: weights.url.path, problem: "it is a \(weights.network.architecture.sizesDescription) network, but the test images have \(test.featureCount) pixels and \(test.classCount) classes")
            }
            let result = weights.network.evaluate(test, batchSize: DefaultModel.configuration.evaluationBatchSize)
            let names = FashionMNIST.classNames
            let classCount = test.classCount

            presenter.say(TableRenderer.render(Table(title: "Weights file", headers: ["field", "value"], rows: weights.metadataRows,
                                                     rightAligned: [false, false]), style: style))
            let perClass = Evaluation.perClassAccuracy(predictions: result.predictions, labels: test.labels, classCount: classCount)
            let counts = Evaluation.confusionMatrix(predictions: result.predictions, labels: test.labels, classCount: classCount)
            let classRows = (0..<classCount).map { k in
                ["\(k)", k < names.count ? names[k] : "class \(k)", "\(counts[k].reduce(0, +))",
                 perClass[k].map { Formatting.percent($0, digits: 1) } ?? "-"]
            }
            presenter.say([""] + TableRenderer.render(Table(title: "Accuracy per class", headers: ["#", "class", "images", "accuracy"],
                                                            rows: classRows, rightAligned: [true, false, true, true]), style: style))
            let confusionRows = (0..<classCount).map { t in
                [k(t, names)] + counts[t].map(String.init)
            }
            presenter.say([""] + TableRenderer.render(Table(title: "Confusion matrix (rows: true class, columns: predicted class)",
                                                            headers: ["true \\ predicted"] + (0..<classCount).map(String.init),
                                                            rows: confusionRows,
                                                            rightAligned: [false] + Array(repeating: true, count: classCount)), style: style))
            let correct = zip(result.predictions, test.labels).filter { $0 == $1 }.count
            var lines = ["", "Test accuracy: \(Formatting.percent(result.accuracy)) (\(correct) of \(test.count) images), mean loss \(Formatting.fixed(result.loss))."]
            var status = ExitStatus.success
            if let recorded = weights.info.testAccuracy {
                if result.accuracy == recorded {
                    lines.append("Matches the accuracy recorded in the file (\(Formatting.percent(recorded))) exactly.")
                } else {
                    lines.append("Differs from the accuracy recorded in the file (\(Formatting.percent(recorded))): was it measured on other test data (--data), or with another version of backprop? Exit status 1.")
                    status = ExitStatus.checkFailed
                }
            } else {
                lines.append("The file records no test accuracy to compare with.")
            }
            presenter.say(lines)
            return status
        }
    }

    /// "0 T-shirt/top".
    static func k(_ index: Int, _ names: [String]) -> String {
        "\(index) " + (index < names.count ? names[index] : "class \(index)")
    }
}
