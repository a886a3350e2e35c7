// Lesson 13's data steps: the gap of lesson 10's model, shifted images, flips, the validation split.
// Shapes: N images of 28×28 = 784 pixels, K = 10 classes.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

extension GeneralisationStage {
    /// Lesson 10's model (its saved weights if a run left them, else the default model trained
    /// here for a few epochs) measured on the training images and on the test images.
    func gap(_ context: StageContext) throws {
        let training = try trainingSplit(context), test = try testSplit(context)
        let network: Network<Float>
        let source: String
        if let url = LessonWeights.existing(options: context.options), let loaded = try? Network<Float>.loadWeights(from: url),
           loaded.inputCount == training.data.featureCount, loaded.outputCount == training.data.classCount {
            network = loaded
            source = "lesson 10's trained weights (`\(url.lastPathComponent)`)"
        } else {
            var configuration = DefaultModel.configuration
            configuration.epochs = context.options.quick ? 2 : configuration.epochs
            network = try FullTraining.initialNetwork()
            try Trainer(network: network, configuration: configuration).train(on: training.data)
            source = "the default model trained here for \(configuration.epochs) epochs (no saved lesson 10 run was found)"
        }
        let onTraining = network.evaluate(training.data), onTest = network.evaluate(test.data)
        context.text("Measured now: \(source), \(network.architecture.sizesDescription), on \(training.data.count.formatted()) training images and \(test.data.count.formatted()) test images, with the same weights for both.")
        context.table(Table(title: "The same model on the images it trained on and on new ones",
                            headers: ["images", "count", "loss", "accuracy"],
                            rows: [["training", training.data.count.formatted(), Format.fixed(onTraining.loss), Self.percent(onTraining.accuracy)],
                                   ["test", test.data.count.formatted(), Format.fixed(onTest.loss), Self.percent(onTest.accuracy)],
                                   ["gap (how much worse on test)", "", String(format: "%+.4f", onTest.loss - onTraining.loss), String(format: "%.2f points", 100 * (onTraining.accuracy - onTest.accuracy))]],
                            rightAligned: [false, true, true, true]))
        context.check(Check(name: "the model is better on its training images than on the test images (accuracy gap > 0)",
                            holds: onTraining.accuracy > onTest.accuracy,
                            detail: "\(Self.percent(onTraining.accuracy)) vs \(Self.percent(onTest.accuracy)); test loss \(Format.fixed(onTest.loss)) vs training loss \(Format.fixed(onTraining.loss))"))
    }

    /// Shifted copies of real images, and checks that the shift moves pixels exactly.
    func augmentation(_ context: StageContext) throws {
        let training = try trainingSplit(context)
        let (width, height) = (FashionMNIST.imageColumns, FashionMNIST.imageRows)
        let shifts = [(0, 0), (2, 0), (-2, 0), (0, 2), (0, -2), (1, -1)]
        let first = training.data.inputs.row(0)
        context.images(ImageGrid(title: "One training image (\(CourseData.className(training.data.labels[0]))) moved by (dx, dy) pixels",
                                 width: width, height: height,
                                 pixels: shifts.map { dx, dy in Self.bytes(Augmentation.shifted(first, width: width, height: height, dx: dx, dy: dy)) },
                                 captions: shifts.map { "(\($0.0), \($0.1))" }))
        // 1. Shifting there and back restores every pixel that stayed inside the frame, and
        //    zeros the rest: checked on 50 real images for every shift in −2…2 × −2…2.
        var mismatches = 0, compared = 0
        let imageCount = min(context.options.quick ? 12 : 50, training.data.count)
        for index in 0..<imageCount {
            let image = training.data.inputs.row(index)
            for dx in -2...2 { for dy in -2...2 {
                let back = Augmentation.shifted(Augmentation.shifted(image, width: width, height: height, dx: dx, dy: dy),
                                                width: width, height: height, dx: -dx, dy: -dy)
                for y in 0..<height { for x in 0..<width {
                    let inside = x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height   // its first move stayed in the frame
                    let expected = inside ? image[y * width + x] : 0
                    if back[y * width + x] != expected { mismatches += 1 }
                    compared += 1
                }}
            }}
        }
        // 2. A random augmented batch: every row is one of the 25 shifts of its own image.
        let batch = training.data.inputs.rows(0..<min(context.options.quick ? 16 : 64, training.data.count))
        var augmented = Matrix<Float>(rows: 0, columns: 0)
        var generator = Xoshiro256StarStar(seed: context.options.seed &+ 134)
        let augmentation = Augmentation(maxShift: 2)
        augmentation.apply(batch, into: &augmented, using: &generator)
        var used = Set<String>()
        let matchedRows = (0..<batch.rows).filter { row in
            let original = batch.row(row), moved = augmented.row(row)
            for dx in -2...2 { for dy in -2...2 where Augmentation.shifted(original, width: width, height: height, dx: dx, dy: dy) == moved {
                used.insert("\(dx),\(dy)")
                return true
            }}
            return false
        }.count
        context.check(Check(name: "a shift and its inverse restore every pixel that stayed in the frame, and zero the rest (mismatched pixels)",
                            value: Double(mismatches), threshold: 0, comparison: .lessOrEqual,
                            detail: "\(compared.formatted()) pixels compared: \(imageCount) images × 25 shifts × 784"))
        context.check(Check(name: "every image of a randomly augmented batch is an exact shift of its own original",
                            holds: matchedRows == batch.rows,
                            detail: "\(matchedRows) of \(batch.rows) rows matched a shift in −2…2 × −2…2; \(used.count) different shifts drawn"))
    }

    /// Left-right asymmetry per class: how far each image is from its mirror image.
    func flips(_ context: StageContext) throws {
        let training = try trainingSplit(context)
        let (width, height) = (FashionMNIST.imageColumns, FashionMNIST.imageRows)
        let classes = FashionMNIST.classNames
        var asymmetry = [Double](repeating: 0, count: classes.count), rightHeavy = asymmetry, counts = asymmetry
        let imageCount = context.options.quick ? min(2_000, training.data.count) : training.data.count
        for index in 0..<imageCount {
            let image = training.data.inputs.row(index), label = training.data.labels[index]
            let mirrored = Augmentation.shifted(image, width: width, height: height, dx: 0, dy: 0, flip: true)
            let ink = image.reduce(0, +)
            guard ink > 0 else { continue }
            // region mirror-asymmetry
            // ½ Σ |x − mirror(x)| / Σ x: 0 for a symmetric image, 1 when the two halves share no ink.
            asymmetry[label] += Double(zip(image, mirrored).reduce(0) { $0 + abs($1.0 - $1.1) } / (2 * ink))
            // endregion
            var left: Float = 0
            for y in 0..<height { for x in 0..<width / 2 { left += image[y * width + x] } }
            if left < ink - left { rightHeavy[label] += 1 }
            counts[label] += 1
        }
        let footwear = [5, 7, 9]
        let rows = classes.indices.map { k in
            [classes[k], Format.fixed(asymmetry[k] / max(counts[k], 1), digits: 3), String(format: "%.1f%%", 100 * rightHeavy[k] / max(counts[k], 1))]
        }
        context.table(Table(title: "Left-right asymmetry of \(imageCount.formatted()) training images", headers: ["class", "asymmetry", "heavier on the right"],
                            rows: rows, rightAligned: [false, true, true]))
        let meanAsymmetry = classes.indices.map { asymmetry[$0] / max(counts[$0], 1) }
        let leastShoe = footwear.map { meanAsymmetry[$0] }.min() ?? 0
        let mostOther = classes.indices.filter { !footwear.contains($0) }.map { meanAsymmetry[$0] }.max() ?? 0
        context.check(Check(name: "footwear is far less left-right symmetric than every other class (least footwear asymmetry ÷ most of the others)",
                            value: leastShoe / max(mostOther, 1e-12), threshold: 1.5, comparison: .greaterOrEqual,
                            detail: "least among Sandal, Sneaker, Ankle boot \(Format.fixed(leastShoe, digits: 3)); most among the others \(Format.fixed(mostOther, digits: 3))"))
    }

    /// The last images of the training file held out for validation.
    func validationSplit(_ context: StageContext) throws {
        let training = try trainingSplit(context)
        let count = Self.validationCount(context, trainingCount: training.data.count)
        let (kept, validation) = training.data.splittingValidation(count: count)
        // Every row of the file lands in exactly one part, unchanged: training row i is file
        // row i, validation row j is file row (N − V) + j.
        let all = training.data
        let misplaced = (0..<all.count).filter { i in
            i < kept.count ? kept.inputs.row(i) != all.inputs.row(i) || kept.labels[i] != all.labels[i]
                           : validation.inputs.row(i - kept.count) != all.inputs.row(i) || validation.labels[i - kept.count] != all.labels[i]
        }.count
        // Identical pictures can still occur in both: the data set itself has a few duplicates.
        let trainingKeys = Set((0..<kept.count).map { kept.inputs.row($0).hashValue })
        let duplicates = (0..<validation.count).filter { trainingKeys.contains(validation.inputs.row($0).hashValue) }.count
        let perClass = (0..<FashionMNIST.classCount).map { k in validation.labels.filter { $0 == k }.count }
        context.table(Table(title: "Training file split", headers: ["part", "images", "rows of the file", "used for"],
                            rows: [["training", kept.count.formatted(), "0 – \(kept.count - 1)", "gradient steps"],
                                   ["validation", validation.count.formatted(), "\(kept.count) – \(training.data.count - 1)", "choosing the epoch (early stopping)"],
                                   ["test (other file)", (try testSplit(context)).data.count.formatted(), "–", "one measurement, at the end"]],
                            rightAligned: [false, true, false, false]))
        context.text("Validation images per class: \(perClass.map(String.init).joined(separator: ", ")) (classes 0–9).")
        context.check(Check(name: "every image of the file is in exactly one part, unchanged (rows out of place)",
                            value: Double(misplaced + abs(kept.count + validation.count - all.count)), threshold: 0, comparison: .lessOrEqual,
                            detail: "\(kept.count.formatted()) + \(validation.count.formatted()) = \((kept.count + validation.count).formatted()) rows; \(duplicates) validation \(duplicates == 1 ? "image has" : "images have") a pixel-identical twin among the training rows (duplicates within the data set itself)"))
        context.check(Check(name: "every class appears in the validation set (smallest class count)",
                            value: Double(perClass.min() ?? 0), threshold: 1, comparison: .greaterOrEqual,
                            detail: "per class: \(perClass.map(String.init).joined(separator: ", "))"))
    }

    static func validationCount(_ context: StageContext, trainingCount: Int) -> Int {
        context.options.quick ? min(1_000, trainingCount / 6) : GeneralisedModel.validationCount
    }

    /// Pixels in [0, 1] → bytes for drawing.
    static func bytes(_ pixels: [Float]) -> [UInt8] { pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) } }
}
