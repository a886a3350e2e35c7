// Lesson 9: mini-batch SGD and the sanity checks to run before a long training run.
// Shapes: N = images used, B = batch size, P = 784 inputs, H = 64 hidden units, K = 10 classes.
// Network 784-64-10: Dense(H×P), ReLU, Dense(K×H), softmax + cross-entropy.
import Datasets
import Exercises
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

    /// Images given as raw bytes: N images of `imageRows`×`imageColumns` pixels (for tests).
    init(imageRows: Int, imageColumns: Int, pixels: [UInt8], labels: [UInt8]) {
        self.init(LabelledImages(imageRows: imageRows, imageColumns: imageColumns, pixels: pixels, labels: labels))
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
func trainWithMiniBatches(
    _ network: Network<Float>, on data: LabelledImageMatrix,
    batchSize: Int, epochs: Int, learningRate: Float,
    using generator: inout some RandomNumberGenerator,
    afterEpoch: (Int, MiniBatchHistory) -> Void = { _, _ in }
) -> MiniBatchHistory {
    let optimizer = SGD<Float>(learningRate: learningRate)  // θ ← θ − η·g
    var order = Array(0..<data.labels.count)
    var history = MiniBatchHistory()
    for epoch in 1...epochs {
        order.fisherYatesShuffle(using: &generator)  // new order each epoch
        var lossSum = 0.0
        var batchCount = 0
        for range in MiniBatchSGD.batchRanges(count: order.count, batchSize: batchSize) {
            let batch = data.gathering(order[range])
            // Forward, then backward: the batch-mean loss, and
            // ∂L/∂θ for every weight and bias (stored in the layers).
            let loss = network.lossAndGradients(input: batch.input,
                                                targets: batch.targets)
            optimizer.step(network)  // one step per mini-batch
            lossSum += Double(loss)
            batchCount += 1
        }
        history.epochLosses.append(lossSum / Double(batchCount))
        history.epochAccuracies.append(
            network.accuracy(input: data.input, labels: data.labels))
        afterEpoch(epoch, history)
    }
    return history
}
// endregion

/// The reference code of lesson 9's exercise (`ExerciseSGD`, same signatures).
public enum MiniBatchSGD {
    // region sgd-update-reference
    /// One plain SGD step on one parameter tensor, in place: θ ← θ − η·g.
    public static func update(parameter theta: inout [Float], gradient g: [Float], learningRate eta: Float) {
        precondition(theta.count == g.count, "update: θ has \(theta.count) entries, g has \(g.count)")
        for i in 0..<theta.count { theta[i] -= eta * g[i] }
    }
    // endregion

    // region batch-ranges-reference
    /// Consecutive ranges of at most `batchSize` covering 0..<count; the last may be shorter.
    public static func batchRanges(count: Int, batchSize: Int) -> [Range<Int>] {
        precondition(batchSize > 0, "batchRanges: batchSize must be positive, got \(batchSize)")
        return stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
    }
    // endregion

    public typealias UpdateFunction = (inout [Float], [Float], Float) -> Void
    public typealias BatchFunction = (Int, Int) -> [Range<Int>]

    /// One line on what kind of mistake an update shows (never the formula).
    static func updateDiagnosis(_ got: [Float], before: [Float], gradient: [Float], eta: Float) -> String? {
        func near(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) } }
        let expected = zip(before, gradient).map { $0 - eta * $1 }
        if near(got, expected) { return nil }
        if near(got, before) { return "θ did not change: the placeholder is still there (the TODO in SGDExercise.swift)" }
        if near(got, zip(before, gradient).map { $0 + eta * $1 }) { return "θ moved along the gradient, not against it: a sign flip (that is gradient ascent)" }
        if near(got, zip(before, gradient).map { $0 - $1 }) { return "θ moved by the whole gradient: the learning rate η is missing" }
        if near(got, zip(before, gradient).map { $0 - 2 * eta * $1 }) { return "θ moved twice as far as it should: the step is applied twice" }
        if near(got, before.map { _ in 0 } .enumerated().map { -eta * gradient[$0.offset] }) { return "θ was replaced by the step instead of moved by it" }
        return "θ after one step is (\(got.map { String(format: "%.3f", $0) }.joined(separator: ", "))), expected (\(expected.map { String(format: "%.3f", $0) }.joined(separator: ", ")))"
    }

    /// One line on what is wrong with a list of batch ranges, or nil if it is right.
    static func batchDiagnosis(_ got: [Range<Int>], count: Int, batchSize: Int) -> String? {
        let expected = batchRanges(count: count, batchSize: batchSize)
        if got == expected { return nil }
        let what = "for \(count) samples in batches of \(batchSize)"
        if got.isEmpty { return "no batches \(what): the placeholder is still there (the TODO in SGDExercise.swift)" }
        if let over = got.first(where: { $0.upperBound > count }) { return "a batch \(what) runs past the data: \(over) (the last batch must stop at \(count))" }
        if let big = got.first(where: { $0.count > batchSize }) { return "a batch \(what) is longer than \(batchSize): \(big)" }
        let covered = got.reduce(0) { $0 + $1.count }
        if covered < count { return "your batches \(what) cover \(covered) samples, not \(count): the last, shorter batch is missing?" }
        if covered > count { return "your batches \(what) cover \(covered) samples, more than \(count): batches overlap" }
        return "your batches \(what) are \(got.map { "\($0)" }.joined(separator: ", ")), expected \(expected.map { "\($0)" }.joined(separator: ", "))"
    }
}

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
    /// `--quick` (tests, `check --quick`): fewer images and epochs, the same gates. Debug
    /// builds train 10-100× slower, and 20 images take the same number of epochs as 100, at a fifth of the cost.
    static let quickOverfitImages = 20
    static let quickEpochs = 60
    /// Images the gradient check runs on: real ones, not among the ones trained on.
    static let gradientCheckImages = 16
    /// `--quick`: fewer images for the initial loss and the gradient check (debug builds).
    static let quickInitialLossImages = 250
    static let quickGradientCheckImages = 8
    static let learningRate: Float = 0.1
    /// The loss must fall by this factor from the first epoch to the last.
    static let lossDropFactor = 10.0

    private var trainImages: LabelledImages?
    private var network: Network<Float>?

    var steps: [String] { ["your-sgd", "initial-loss", "overfit", "gradient-check"] }
    /// What the learner's runs use: their exercise by default; tests may inject others.
    var exerciseUpdate: MiniBatchSGD.UpdateFunction = { ExerciseSGD.update(parameter: &$0, gradient: $1, learningRate: $2) }
    var exerciseBatches: MiniBatchSGD.BatchFunction = { ExerciseSGD.batchRanges(count: $0, batchSize: $1) }

    func run(step: String, context: StageContext) throws {
        switch step {
        case "your-sgd": yourSGD(context)
        case "initial-loss": try initialLoss(context)
        case "overfit": try overfit(context)
        case "gradient-check": try gradientCheck(context)
        default: throw StageError.unknownStep(stage: "miniBatchSGD", step: step, known: steps)
        }
    }

    /// The learner's update and batches: edge cases against the reference, then a small
    /// least-squares model trained with nothing but them.
    func yourSGD(_ context: StageContext) {
        let mine = context.options.mine
        let update: MiniBatchSGD.UpdateFunction = mine ? exerciseUpdate : { MiniBatchSGD.update(parameter: &$0, gradient: $1, learningRate: $2) }
        let batches: MiniBatchSGD.BatchFunction = mine ? exerciseBatches : { MiniBatchSGD.batchRanges(count: $0, batchSize: $1) }
        let who = mine ? "your" : "the reference"
        // 1. One update.
        let before: [Float] = [1, 2, 3, -1], gradient: [Float] = [0.5, -1, 0, 2], eta: Float = 0.1
        var theta = before
        update(&theta, gradient, eta)
        let updateProblem = MiniBatchSGD.updateDiagnosis(theta, before: before, gradient: gradient, eta: eta)
        context.check(Check(name: "\(who) update: one step from θ = (1, 2, 3, −1), g = (0.5, −1, 0, 2), η = 0.1", holds: updateProblem == nil,
                            detail: updateProblem ?? "θ = (\(theta.map { String(format: "%.2f", $0) }.joined(separator: ", ")))"))
        // 2. Batches, including a short last one and an empty data set.
        let cases = [(10, 3), (9, 3), (100, 10), (1, 4), (0, 5)]
        let batchProblem = cases.lazy.compactMap { MiniBatchSGD.batchDiagnosis(batches($0.0, $0.1), count: $0.0, batchSize: $0.1) }.first
        context.check(Check(name: "\(who) batchRanges: (count, size) = \(cases.map { "(\($0.0), \($0.1))" }.joined(separator: ", "))", holds: batchProblem == nil,
                            detail: batchProblem ?? "10 samples in batches of 3: \(batches(10, 3).map { "\($0)" }.joined(separator: ", "))"))
        guard updateProblem == nil && batchProblem == nil else { return }
        // 3. Train y = x·w (3 weights, 60 samples) by mini-batch SGD on the squared error.
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 11)
        let trueWeights: [Float] = [0.5, -1.5, 2]
        let xs: [[Float]] = (0..<60).map { _ in (0..<3).map { _ in Float.random(in: -1...1, using: &generator) } }
        let ys = xs.map { x in zip(x, trueWeights).reduce(0) { $0 + $1.0 * $1.1 } }
        func loss(_ w: [Float]) -> Double {
            zip(xs, ys).reduce(0.0) { total, sample in
                let error = zip(sample.0, w).reduce(0) { $0 + $1.0 * $1.1 } - sample.1
                return total + Double(error * error)
            } / Double(xs.count)
        }
        var w: [Float] = [0, 0, 0]
        let initial = loss(w)
        var order = Array(0..<xs.count)
        for _ in 0..<40 {
            order.fisherYatesShuffle(using: &generator)
            for range in batches(order.count, 8) {
                var g: [Float] = [0, 0, 0]
                for index in order[range] {
                    let error = zip(xs[index], w).reduce(0) { $0 + $1.0 * $1.1 } - ys[index]
                    for d in 0..<3 { g[d] += 2 * error * xs[index][d] / Float(range.count) }
                }
                update(&w, g, 0.2)
            }
        }
        let final = loss(w)
        context.text("Least squares y = x·w with 3 weights and 60 samples, 40 epochs of batches of 8, η = 0.2, using \(who) update and batches: loss \(Format.scientific(initial)) → \(Format.scientific(final)).")
        context.check(Check(name: "\(who) SGD fits a linear model: final loss / initial loss", value: final / initial, threshold: 1e-4,
                            comparison: .lessOrEqual, detail: "w = (\(w.map { String(format: "%.3f", $0) }.joined(separator: ", "))), true (0.5, −1.5, 2)"))
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
        for index in 0..<last.weight.count {
            last.weight.elements[index] *= Self.lastLayerScale   // × 0.01
        }
        // endregion
        return (network, scaled)
    }

    // MARK: - Steps

    func initialLoss(_ context: StageContext) throws {
        let count = context.options.quick ? Self.quickInitialLossImages : Self.initialLossImages
        let data = LabelledImageMatrix(try training(context).prefix(count))
        let (plain, scaled) = try freshNetwork(context)
        let lossPlain = Double(plain.loss(input: data.input, targets: data.targets))
        let spreadPlain = standardDeviation(plain.denseLayers[1].output.elements.map(Double.init))
        let lossScaled = Double(scaled.loss(input: data.input, targets: data.targets))
        let spreadScaled = standardDeviation(scaled.denseLayers[1].output.elements.map(Double.init))
        let lnTen = log(10.0)
        func row(_ name: String, _ loss: Double, _ spread: Double) -> [String] {
            [name, String(format: "%.4f", spread), String(format: "%.4f", loss), String(format: "%+.4f", loss - lnTen),
             String(format: "%.4f", spread * spread / 2)]
        }
        context.table(Table(title: "Loss of an untrained \(Self.architecture) network on \(thousandsSeparated(data.labels.count)) training images",
                            headers: ["initialisation", "logit spread s", "L₀", "L₀ − ln 10", "s²/2"], rows: [
                                row("He, Xavier (last layer)", lossPlain, spreadPlain),
                                row("… last layer × \(Self.lastLayerScale)", lossScaled, spreadScaled),
                                ["uniform: ln 10", "0", String(format: "%.4f", lnTen), "0", "0"],
                            ], rightAligned: [false, true, true, true, true]))
        context.check(Check(name: "initial loss ≈ ln 10", value: abs(lossScaled - lnTen), threshold: Self.initialLossTolerance,
                            comparison: .lessOrEqual, detail: "|L₀ − ln 10| with the last layer scaled by \(Self.lastLayerScale)"))
        network = scaled
    }

    func overfit(_ context: StageContext) throws {
        let imageCount = context.options.quick ? Self.quickOverfitImages : Self.overfitImages
        let epochCount = context.options.quick ? Self.quickEpochs : Self.epochs
        let data = LabelledImageMatrix(try training(context).prefix(imageCount))
        let network = try self.network ?? freshNetwork(context).scaled
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 1)
        context.text("Network: \(network). Training set: the first \(imageCount) training images"
                     + (context.options.quick ? " (--quick; the full lesson uses \(Self.overfitImages))." : "."))
        let progress = context.progress(label: "SGD on \(imageCount) images", total: epochCount)
        let history = trainWithMiniBatches(network, on: data, batchSize: Self.batchSize, epochs: epochCount,
                                           learningRate: Self.learningRate, using: &generator) { epoch, history in
            progress.update(completed: epoch, status: String(format: "loss %.4f, accuracy %.0f%%",
                                                             history.epochLosses.last ?? 0, 100 * (history.epochAccuracies.last ?? 0)))
        }
        let steps = epochCount * ((imageCount + Self.batchSize - 1) / Self.batchSize)
        // The bar adds the elapsed time: "30 epochs, 600 steps (0.03s)".
        progress.finish(summary: "\(epochCount) epochs, \(steps) steps")
        self.network = network
        let epochs = (1...epochCount).map(Double.init)
        context.chart(Chart(title: "Mean training loss per epoch (log scale)", xLabel: "epoch", yLabel: "loss",
                            yScale: .log, series: [.init(name: "loss", x: epochs, y: history.epochLosses)]))
        let shown = [1, 2, 5, 10, 20, 40, epochCount].filter { $0 < epochCount } + [epochCount]
        context.table(Table(title: "B = \(Self.batchSize), η = \(Self.learningRate), \(steps) steps", headers: ["epoch", "mean loss", "training accuracy"],
                            rows: shown.map { ["\($0)", String(format: "%.5f", history.epochLosses[$0 - 1]),
                                               String(format: "%.0f%%", 100 * history.epochAccuracies[$0 - 1])] }))
        let first = history.epochLosses.first ?? .nan
        let last = history.epochLosses.last ?? .nan
        context.check(Check(name: "100% accuracy on the \(imageCount) training images",
                            value: history.epochAccuracies.last ?? 0, threshold: 1, comparison: .greaterOrEqual,
                            detail: "fraction of the \(imageCount) images classified correctly after the last epoch"))
        context.check(Check(name: "loss fell at least \(Int(Self.lossDropFactor))×", value: first / last,
                            threshold: Self.lossDropFactor, comparison: .greaterOrEqual,
                            detail: String(format: "first epoch %.4f / last epoch %.5f", first, last)))
    }

    func gradientCheck(_ context: StageContext) throws {
        let images = try training(context)
        // The network the overfit step trained (or, run alone, the same network untrained).
        let floatNetwork = try self.network ?? freshNetwork(context).scaled
        // Real images from beyond the overfitting set.
        let first = Self.overfitImages
        let imageCount = context.options.quick ? Self.quickGradientCheckImages : Self.gradientCheckImages
        let pixelsPerImage = images.pixelsPerImage
        let held = LabelledImages(imageRows: images.imageRows, imageColumns: images.imageColumns,
                                  pixels: Array(images.pixels[first * pixelsPerImage ..< (first + imageCount) * pixelsPerImage]),
                                  labels: Array(images.labels[first ..< first + imageCount]))
        let data = LabelledImageMatrix(held)
        let network = floatNetwork.converted(to: Double.self)
        let input: Matrix<Double> = data.input.converted()
        let targets: Matrix<Double> = data.targets.converted()
        let sampled = context.options.quick ? 40 : 150
        let options = GradientCheck.Options(maxEntriesPerTensor: sampled, seed: context.options.seed, worstCount: .max)
        let report = try GradientCheck.check(network: network, input: input, targets: targets, options: options)
        // region round-off-floor
        // L(θ ± h) is known to about ε·|L| (a few roundings), so the
        // central difference is off by up to ~ε·|L|/h. Allow 10 ε·|L|/h.
        let loss = network.loss(input: input, targets: targets)
        let h = options.step
        let roundOff = 10 * Double.ulpOfOne * abs(loss) / h
        // Below this size, round-off alone could exceed 1e-7 relative.
        let smallestGradient = roundOff / GradientCheck.defaultThreshold
        // endregion
        var rows: [[String]] = []
        var worstRelative = 0.0, worstAbsolute = 0.0, largeCount = 0
        for tensor in report.tensors {
            let entries = tensor.worstEntries
            let large = entries.filter { abs($0.analytic) + abs($0.numeric) >= smallestGradient || $0.relativeError.isNaN }
            let relative = large.map { $0.relativeError.isNaN ? .infinity : $0.relativeError }.max() ?? 0
            let absolute = entries.map { abs($0.analytic - $0.numeric).isNaN ? .infinity : abs($0.analytic - $0.numeric) }.max() ?? 0
            worstRelative = max(worstRelative, relative)
            worstAbsolute = max(worstAbsolute, absolute)
            largeCount += large.count
            rows.append([tensor.name, "\(tensor.checkedCount)/\(tensor.totalCount)",
                         "\(tensor.kinkCount)", "\(large.count)", large.isEmpty ? "–" : String(format: "%.1e", relative),
                         String(format: "%.1e", absolute), String(format: "%.1e", tensor.maxRelativeError)])
        }
        context.table(Table(title: "Gradient check, \(Self.architecture) in Double on \(imageCount) real images, h = \(options.step)",
                            headers: ["tensor", "checked", "kinks", "large", "rel large", "max |a−n|", "rel all"],
                            rows: rows, rightAligned: [false, true, true, true, true, true, true]))
        context.text(String(format: "a = analytic, n = numeric gradient. Loss L = %.4f, so round-off in the central difference is up to about "
                            + "10ε|L|/h = %.1e; \"large\" entries have |a| + |n| ≥ %.1e, where that is under 10⁻⁷ of the gradient.",
                            loss, roundOff, smallestGradient))
        context.check(Check(name: "relative error of large gradients", value: worstRelative,
                            threshold: GradientCheck.defaultThreshold, comparison: .lessOrEqual,
                            detail: "largest |a − n|/(|a| + |n|) over \(largeCount) sampled entries with |a| + |n| ≥ \(String(format: "%.1e", smallestGradient)); \(report.kinkCount) crossing a ReLU kink left out"))
        context.check(Check(name: "absolute error of every gradient", value: worstAbsolute, threshold: roundOff,
                            comparison: .lessOrEqual,
                            detail: "largest |a − n| over all \(report.checkedCount - report.kinkCount) smooth sampled entries, against the round-off bound"))
    }
}

/// Population standard deviation.
private func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
}
