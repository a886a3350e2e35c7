// `backprop gradients`: the loss and every parameter's gradient on the first N training
// images, saved for comparison with another implementation (PyTorch, NumPy, yours).
// N = samples, D = 784 inputs, K = 10 classes.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

enum GradientsCommand: Command {
    static let name = "gradients"
    static let overview = "Compute the loss and the gradient of every parameter of a saved model on the first N training images; save them as safetensors (grad.<parameter>)."
    static let usage = "--weights <file> --save <file> [--samples <n>] [--precision double|float] [--data <dir>]"
    static let defaultSamples = 100
    static var options: [OptionSpec] {
        [LoadedWeights<Float>.option,
         .value("save", "<file>", "Where to write the gradients: tensors grad.layerℓ.weight (out×in) and grad.layerℓ.bias ([out]), the same names as the weights file's with 'grad.' in front; metadata 'loss' holds the batch-mean loss. Required."),
         .value("samples", "<n>", "Use the first N training images, in file order, no shuffling, as one batch (default \(defaultSamples))."),
         .value("precision", "<p>", "double (default; the weights are widened, so the gradients are exact to ~1e-15) or float."),
         CommandData.dataOption]
    }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        CommandFailure.reporting {
            let saveURL = try arguments.requiredPath("save", command: name, example: "--weights model.safetensors --save grads.safetensors")
            let weightsURL = try arguments.requiredPath("weights", command: name, example: "--weights model.safetensors --save grads.safetensors")
            try OutputPath.check(saveURL, option: "save", inputs: [("weights", weightsURL)])
            let samples = try arguments.integer("samples", minimum: 1, default: defaultSamples, example: "100")
            let precision = try arguments.choice("precision", ["double", "float"], default: "double")
            if precision == "double" {
                return try compute(Double.self, arguments: arguments, session: session, samples: samples, saveURL: saveURL)
            }
            return try compute(Float.self, arguments: arguments, session: session, samples: samples, saveURL: saveURL)
        }
    }

    static func compute<Scalar: Real>(_ type: Scalar.Type, arguments: ParsedArguments, session: Session,
                                      samples: Int, saveURL: URL) throws -> Int32 {
        let weights = try LoadedWeights<Scalar>(arguments: arguments, command: name)
        let images = try CommandData.images(.train, arguments: arguments, style: session.style)
        guard samples <= images.count else {
            throw UsageError(message: "--samples \(samples) is more than the \(images.count) training images",
                             hint: "pick --samples from 1 to \(images.count)")
        }
        let network = weights.network
        guard images.pixelsPerImage == network.inputCount, FashionMNIST.classCount == network.outputCount else {
            throw WeightsDataMismatch(file: weights.url.path, problem: "it is a \(network.architecture.sizesDescription) network, but the images have \(images.pixelsPerImage) pixels and \(FashionMNIST.classCount) classes")
        }
        let subset = images.prefix(samples)
        // x = pixel / 255, computed in Scalar (as the trainer's Float path does for Float).
        let input = Matrix<Scalar>(rows: samples, columns: subset.pixelsPerImage,
                                   elements: subset.pixels.map { Scalar(Double($0)) / Scalar(255) })
        let targets = Matrix<Scalar>.oneHot(labels: subset.labelIndices, classCount: network.outputCount)
        let loss = network.lossAndGradients(input: input, targets: targets)
        let file = network.gradientsFile(loss: loss, extraMetadata: [
            "samples": "\(samples)", "weights_file": weights.url.lastPathComponent,
            "inputs": "first \(samples) training images in file order, pixel/255",
        ])
        try file.write(to: saveURL)

        var rows: [[String]] = []
        for (index, layer) in network.denseLayers.enumerated() {
            for (suffix, gradient) in [("weight", layer.weightGradient), ("bias", layer.biasGradient)] {
                let values = gradient.elements.map { Double($0) }
                let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let largest = values.map(abs).max() ?? 0
                let shape = suffix == "bias" ? "[\(gradient.count)]" : "[\(gradient.rows), \(gradient.columns)]"
                rows.append(["grad.layer\(index + 1).\(suffix)", shape, String(format: "%.6e", norm), String(format: "%.6e", largest)])
            }
        }
        let presenter = session.presenter()
        presenter.say(TableRenderer.render(Table(title: "Gradients on the first \(samples) training images (\(Scalar.self))",
                                                 headers: ["tensor", "shape", "‖g‖₂", "max |g|"], rows: rows,
                                                 rightAligned: [false, false, true, true]), style: session.style))
        presenter.say(["", "Loss (\(network.architecture.output.lossName), batch mean): \(String(format: "%.10f", Double(loss)))",
                       "Saved \(rows.count) gradient tensors to \(saveURL.path)."])
        return ExitStatus.success
    }
}
