// Lesson 9: mini-batch SGD and the sanity checks to run before a long training run.
// Shapes: N = images used, B = batch size, P = 784 inputs, H = 64 hidden units, K = 10 classes.
// Network 784-64-10: Dense(H×P), ReLU, Dense(K×H), softmax + cross-entropy.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// Real training images as a Float matrix (N×P) with one-hot targets (N×K) and labels.
struct LabelledImageMatrix {
    let input: Matrix<Float>
    let targets: Matrix<Float>
    let labels: [Int]

    init(_ images: LabelledImages) {
        input = Matrix(rows: images.count, columns: images.pixelsPerImage, elements: images.scaledPixels())
        labels = images.labelIndices
        targets = Matrix.oneHot(labels: labels, classCount: FashionMNIST.classCount)
    }

    /// The rows at `indices`, in that order (a mini-batch).
    func gathering(_ indices: ArraySlice<Int>) -> (input: Matrix<Float>, targets: Matrix<Float>) {
        var input = Matrix<Float>(rows: indices.count, columns: self.input.columns)
        var targets = Matrix<Float>(rows: indices.count, columns: self.targets.columns)
        for (row, index) in indices.enumerated() {
            for column in 0..<input.columns { input[row, column] = self.input[index, column] }
            for column in 0..<targets.columns { targets[row, column] = self.targets[index, column] }
        }
        return (input, targets)
    }
}

/// One mini-batch SGD run's record.
struct MiniBatchHistory {
    var epochLosses: [Double] = []
    var epochAccuracies: [Double] = []
}

/// Mini-batch SGD over a small training set: `epochs` passes, each over a fresh shuffle.
// region sgd-loop
func trainWithMiniBatches(_ network: Network<Float>, on data: LabelledImageMatrix,
                          batchSize: Int, epochs: Int, learningRate: Float,
                          using generator: inout some RandomNumberGenerator,
                          afterEpoch: (Int, MiniBatchHistory) -> Void = { _, _ in }) -> MiniBatchHistory {
    let optimizer = SGD<Float>(learningRate: learningRate)       // θ ← θ − η·∇L
    var order = Array(0..<data.labels.count)
    var history = MiniBatchHistory()
    for epoch in 1...epochs {
        order.fisherYatesShuffle(using: &generator)              // a new order every epoch
        var lossSum = 0.0
        var batchCount = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = data.gathering(order[start..<min(start + batchSize, order.count)])
            // Forward and backward: the batch-mean loss and ∂L/∂θ for every weight and bias.
            let loss = network.lossAndGradients(input: batch.input, targets: batch.targets)
            optimizer.step(network)                              // one step per mini-batch
            lossSum += Double(loss)
            batchCount += 1
        }
        history.epochLosses.append(lossSum / Double(batchCount))
        history.epochAccuracies.append(network.accuracy(input: data.input, labels: data.labels))
        afterEpoch(epoch, history)
    }
    return history
}
// endregion

/// The stage behind lesson 9.
final class MiniBatchSGDStage: Stage {
    static let architecture = "784-64-10"
    /// Images for the initial-loss measurement (one forward pass: cheap).
    static let initialLossImages = 1_000
    /// Scale applied to the last layer's initial weights so the logits start near 0.
    static let lastLayerScale: Float = 0.01
    /// |L₀ − ln 10|: logits of standard deviation s ≲ 0.01 raise the loss by about s²/2 ≈ 5e-5;
    /// 0.02 leaves room for that and float rounding, and fails for a summed (×N) or wrongly
    /// normalised loss, or a last layer that wasn't scaled (≈ 0.2 above ln 10 here).
    static let initialLossTolerance = 0.02
    static let overfitImages = 100
    static let batchSize = 10
    static let epochs = 60
    static let learningRate: Float = 0.1
    /// The loss must fall by this factor from the first epoch to the last.
    static let lossDropFactor = 10.0

    private var trainImages: LabelledImages?
    private var network: Network<Float>?

    var steps: [String] { ["initial-loss", "overfit", "gradient-check"] }

    func run(step: String, context: StageContext) throws {
        switch step {
        case "initial-loss": try initialLoss(context)
        case "overfit": try overfit(context)
        case "gradient-check": try gradientCheck(context)
        default: throw StageStepError(stage: "miniBatchSGD", step: step)
        }
    }

    private func training(_ context: StageContext) throws -> LabelledImages {
        if let trainImages { return trainImages }
        let loaded = try FashionMNIST.load(.train, options: FashionMNIST.LoadOptions(dataDirectory: context.options.dataDirectory))
        trainImages = loaded
        return loaded
    }

    /// A fresh 784-64-10 network, He-initialised, with its last layer scaled small.
    private func freshNetwork(_ context: StageContext) throws -> (default: Network<Float>, scaled: Network<Float>) {
        var generator = Xoshiro256StarStar(seed: context.options.seed)
        let architecture = try Architecture(parsing: Self.architecture)
        let network = Network<Float>(architecture: architecture, using: &generator)
        let scaled = network.converted(to: Float.self)
        // region small-last-layer
        let last = scaled.denseLayers[scaled.denseLayers.count - 1]
        for index in 0..<last.weight.count { last.weight.elements[index] *= Self.lastLayerScale }
        // endregion
        return (network, scaled)
    }

    // MARK: - Steps

    func initialLoss(_ context: StageContext) throws {
        let data = LabelledImageMatrix(try training(context).prefix(Self.initialLossImages))
        let (plain, scaled) = try freshNetwork(context)
        let lossPlain = Double(plain.loss(input: data.input, targets: data.targets))
        let lossScaled = Double(scaled.loss(input: data.input, targets: data.targets))
        let logits = scaled.denseLayers[1].output
        let logitSpread = standardDeviation(logits.elements.map(Double.init))
        let lnTen = log(10.0)
        context.table(Table(title: "Loss of an untrained \(Self.architecture) network on \(thousandsSeparated(data.labels.count)) training images",
                            headers: ["initialisation", "L₀", "L₀ − ln 10"], rows: [
                                ["He (hidden), Xavier (last layer)", String(format: "%.4f", lossPlain), String(format: "%+.4f", lossPlain - lnTen)],
                                ["… last layer × \(Self.lastLayerScale)", String(format: "%.4f", lossScaled), String(format: "%+.4f", lossScaled - lnTen)],
                                ["uniform prediction, ln 10", String(format: "%.4f", lnTen), "0"],
                            ], rightAligned: [false, true, true]))
        context.text("Standard deviation of the scaled network's logits: \(String(format: "%.4f", logitSpread)).")
        context.check(Check(name: "initial loss ≈ ln 10", value: abs(lossScaled - lnTen), threshold: Self.initialLossTolerance,
                            comparison: .lessOrEqual, detail: "|L₀ − ln 10| with the last layer scaled by \(Self.lastLayerScale)"))
        network = scaled
    }

    func overfit(_ context: StageContext) throws {
        let data = LabelledImageMatrix(try training(context).prefix(Self.overfitImages))
        let network = try self.network ?? freshNetwork(context).scaled
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 1)
        let progress = context.progress(label: "SGD on \(Self.overfitImages) images", total: Self.epochs)
        let start = Date()
        let history = trainWithMiniBatches(network, on: data, batchSize: Self.batchSize, epochs: Self.epochs,
                                           learningRate: Self.learningRate, using: &generator) { epoch, history in
            progress.update(completed: epoch, status: String(format: "loss %.4f, accuracy %.0f%%",
                                                             history.epochLosses.last ?? 0, 100 * (history.epochAccuracies.last ?? 0)))
        }
        let seconds = Date().timeIntervalSince(start)
        let steps = Self.epochs * ((Self.overfitImages + Self.batchSize - 1) / Self.batchSize)
        progress.finish(summary: "\(Self.epochs) epochs, \(steps) steps in \(String(format: "%.2f", seconds)) s")
        self.network = network
        let epochs = (1...Self.epochs).map(Double.init)
        context.chart(Chart(title: "Mean training loss per epoch (log scale)", xLabel: "epoch", yLabel: "loss",
                            yScale: .log, series: [.init(name: "loss", x: epochs, y: history.epochLosses)]))
        let shown = [1, 2, 5, 10, 20, 40, Self.epochs].filter { $0 <= Self.epochs }
        context.table(Table(title: "B = \(Self.batchSize), η = \(Self.learningRate), \(steps) steps", headers: ["epoch", "mean loss", "training accuracy"],
                            rows: shown.map { ["\($0)", String(format: "%.5f", history.epochLosses[$0 - 1]),
                                               String(format: "%.0f%%", 100 * history.epochAccuracies[$0 - 1])] }))
        let first = history.epochLosses.first ?? .nan
        let last = history.epochLosses.last ?? .nan
        context.check(Check(name: "100% accuracy on the \(Self.overfitImages) training images",
                            value: history.epochAccuracies.last ?? 0, threshold: 1, comparison: .greaterOrEqual,
                            detail: "fraction of the \(Self.overfitImages) images classified correctly after the last epoch"))
        context.check(Check(name: "loss fell at least \(Int(Self.lossDropFactor))×", value: first / last,
                            threshold: Self.lossDropFactor, comparison: .greaterOrEqual,
                            detail: String(format: "first epoch %.4f / last epoch %.5f", first, last)))
    }

    func gradientCheck(_ context: StageContext) throws {
        let images = try training(context)
        let floatNetwork = try network ?? freshNetwork(context).scaled
        // Four images the network did not train on, so the loss (and its gradients) are not tiny.
        let held = LabelledImages(imageRows: 28, imageColumns: 28,
                                  pixels: Array(images.pixels[Self.overfitImages * 784 ..< (Self.overfitImages + 4) * 784]),
                                  labels: Array(images.labels[Self.overfitImages ..< Self.overfitImages + 4]))
        let data = LabelledImageMatrix(held)
        let doubleNetwork = floatNetwork.converted(to: Double.self)
        let options = GradientCheck.Options(maxEntriesPerTensor: context.options.quick ? 40 : 150, seed: context.options.seed)
        let report = try GradientCheck.check(network: doubleNetwork, input: data.input.converted(),
                                             targets: data.targets.converted(), options: options)
        context.table(Table(title: "Gradient check of the trained \(Self.architecture) network in Double (h = \(options.step))",
                            headers: ["tensor", "shape", "entries checked", "crossing a kink", "max relative error"],
                            rows: report.tensors.map { [$0.name, $0.shapeDescription, "\($0.checkedCount) of \(thousandsSeparated($0.totalCount))",
                                                        "\($0.kinkCount)", String(format: "%.2e", $0.maxRelativeError)] },
                            rightAligned: [false, true, true, true, true]))
        context.check(Check(name: "gradient check of the exact network", value: report.maxRelativeError,
                            threshold: GradientCheck.defaultThreshold, comparison: .lessOrEqual,
                            detail: "largest relative error over \(report.checkedCount) sampled entries; \(report.kinkCount) that cross a ReLU kink are left out"))
    }
}

/// Population standard deviation.
private func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
}
