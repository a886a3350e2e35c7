// Lesson 9's stage: its checks on the real data (when installed, in quick mode), its error
// without data, and the mini-batch loop on small synthetic data against independent truths.
import Foundation
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("Lesson 9: mini-batch SGD")
struct Lesson09MiniBatchSGDTests {
    @Test(.enabled(if: RealData.isInstalled, "needs /usr/share/datasets/fashion-mnist"))
    func everyCheckPassesOnTheRealDataInQuickMode() throws {
        let sink = try RealData.runAllSteps("miniBatchSGD", options: RunOptions(quick: true, dataDirectory: RealData.directory))
        #expect(sink.checks.count == 8)   // 3 of the exercise (reference here), 5 of the data
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        // The loss curve has one point per epoch and falls overall.
        let curve = try #require(sink.charts.first?.series.first?.points)
        #expect(curve.count == MiniBatchSGDStage.quickEpochs)
        #expect(curve.last!.y < curve.first!.y)
    }

    @Test func missingDataNamesBothRemedies() throws {
        let stage = try #require(Course.stages.makeStage(id: "miniBatchSGD"))
        let context = StageContext(lessonID: "minibatch-sgd", options: RunOptions(quick: true, dataDirectory: RealData.missingDirectory),
                                   sink: CollectingSink())
        for step in stage.steps where step != "your-sgd" {   // the exercise step needs no data
            let error = #expect(throws: (any Error).self) { try stage.run(step: step, context: context) }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("--data") && text.contains("dataset-fashion-mnist"), "\(step): \(text)")
        }
    }

    /// 12 tiny 2×2 "images" in 3 classes: class c has pixel c bright (and pixel 3 dim).
    func syntheticImages() -> LabelledImageMatrix {
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for index in 0..<12 {
            let label = index % 3
            var image: [UInt8] = [0, 0, 0, 40]
            image[label] = 200 + UInt8(index)
            pixels += image
            labels.append(UInt8(label))
        }
        return LabelledImageMatrix(imageRows: 2, imageColumns: 2, pixels: pixels, labels: labels)
    }

    @Test func withZeroLearningRateAnEpochAveragesTheFullBatchLoss() throws {
        let data = syntheticImages()
        var generator = Xoshiro256StarStar(seed: 7)
        let network = try Network<Float>(architecture: "4-6-10", using: &generator)
        let before = network.namedParameters.map(\.value)
        let fullLoss = Double(network.loss(input: data.input, targets: data.targets))
        // Batches of 4 split 12 images into 3 equal batches: the mean of the batch means is the
        // full-batch mean only if every image is visited exactly once per epoch.
        let history = trainWithMiniBatches(network, on: data, batchSize: 4, epochs: 3, learningRate: 0, using: &generator)
        #expect(history.epochLosses.count == 3)
        for loss in history.epochLosses { #expect(abs(loss - fullLoss) <= 1e-5 * fullLoss) }
        #expect(network.namedParameters.map(\.value) == before)
    }

    @Test func theLoopFitsSeparableData() throws {
        let data = syntheticImages()
        var generator = Xoshiro256StarStar(seed: 11)
        let network = try Network<Float>(architecture: "4-6-10", using: &generator)
        let history = trainWithMiniBatches(network, on: data, batchSize: 3, epochs: 150, learningRate: 0.5, using: &generator)
        #expect(history.epochAccuracies.last == 1)
        #expect(history.epochLosses.last! < history.epochLosses.first! / 10)
    }

    @Test func gatheringPicksTheNamedRows() {
        let data = syntheticImages()
        let batch = data.gathering([5, 0, 7][...])
        #expect(batch.input.rows == 3 && batch.targets.rows == 3)
        // Image 5 has label 2, its pixel 2 is 205/255; image 0 label 0; image 7 label 1.
        #expect(batch.input[0, 2] == Float(205) / 255)
        #expect(batch.targets[0, 2] == 1 && batch.targets[1, 0] == 1 && batch.targets[2, 1] == 1)
        #expect(batch.input[1, 3] == Float(40) / 255)
    }
}
