import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// `backprop predict --weights FILE --index N`: one image drawn in the terminal, its true
/// label, and the model's three most likely classes.
enum PredictCommand: Command {
    static let name = "predict"
    static let overview = "Show one Fashion-MNIST image, its true label and a saved model's top-3 classes with probabilities."
    static let usage = "--weights <file> --index <n> [--split test|train] [--data <dir>]"
    static var options: [OptionSpec] {
        [LoadedWeights<Float>.option,
         .value("index", "<n>", "Which image of the split, from 0. Required."),
         .value("split", "<name>", "test (default) or train."),
         CommandData.dataOption]
    }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        CommandFailure.reporting {
            let style = session.style
            guard arguments.value("index") != nil else {
                throw UsageError(message: "`backprop predict` needs --index <n>, the image to classify",
                                 hint: "for example: backprop predict --weights model.safetensors --index 0")
            }
            let index = try arguments.integer("index", minimum: 0, default: 0, example: "0")
            let split = FashionMNIST.Split(rawValue: try arguments.choice("split", ["test", "train"], default: "test")) ?? .test
            let weights = try LoadedWeights<Float>(arguments: arguments, command: name)
            let images = try CommandData.images(split, arguments: arguments, style: style)
            guard index < images.count else {
                throw UsageError(message: "--index \(index) is out of range: the \(split.rawValue) split has \(images.count) images (0 to \(images.count - 1))",
                                 hint: "pick an index from 0 to \(images.count - 1)")
            }
            guard images.pixelsPerImage == weights.network.inputCount else {
                throw WeightsDataMismatch(file: weights.url.path, problem: "it takes \(weights.network.inputCount) inputs, the images have \(images.pixelsPerImage) pixels")
            }
            let names = FashionMNIST.classNames
            func className(_ k: Int) -> String { k < names.count ? names[k] : "class \(k)" }
            let pixels = Array(images.pixels(ofImage: index))
            let label = Int(images.labels[index])
            let sample = pixels.map { Float($0) / 255 }
            let top = weights.network.topOutputs(for: sample, count: 3)

            let presenter = session.presenter()
            presenter.say(ImageRenderer.render(ImageGrid(width: images.imageColumns, height: images.imageRows, pixels: [pixels],
                                                         captions: ["\(split.rawValue) #\(index)"]), style: style))
            presenter.say(["", "True label: \(label) \(className(label))", "", "Top 3:"])
            let isProbability = weights.network.architecture.output == .softmaxCrossEntropy
            let width = top.map { className($0.classIndex).count }.max() ?? 0
            for (rank, entry) in top.enumerated() {
                let value = Double(entry.value)
                let mark = entry.classIndex == label ? (style.color ? "  ✓" : "  (correct)") : ""
                let shown = isProbability ? Formatting.percent(value, digits: 2) : String(format: "%.4f", value)
                presenter.say(["  \(rank + 1). \(entry.classIndex) \(className(entry.classIndex).padding(toLength: width, withPad: " ", startingAt: 0))  "
                               + Formatting.bar(value, width: 20, unicode: style.color) + "  \(shown)  (p = \(String(format: "%.8f", value)))\(mark)"])
            }
            if !isProbability { presenter.say(["(sigmoid+mse outputs are scores in [0, 1], not probabilities summing to 1)"]) }
            let predicted = top.first?.classIndex ?? -1
            presenter.say(["", predicted == label ? "The model is right." : "The model is wrong: it says \(className(predicted)), the label is \(className(label))."])
            return ExitStatus.success
        }
    }
}
