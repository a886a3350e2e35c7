// Lesson 10 on the real data (when Fashion-MNIST is installed) and its error without data.
import Foundation
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

/// The Debian package's directory, if the data is on this machine.
let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"
let hasFashionMNIST = FileManager.default.fileExists(atPath: fashionMNISTDirectory + "/t10k-labels-idx1-ubyte.gz")
    || FileManager.default.fileExists(atPath: fashionMNISTDirectory + "/t10k-labels-idx1-ubyte")

/// A fresh state directory for one test, so weights files never leak between tests.
func temporaryStateDirectory() -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-stage-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}


@Suite("lesson 10: full training", .serialized)
struct Lesson10FullTrainingTests {
    @Test("quick mode on the real data: every step runs, every check passes, the weights file is written",
          .enabled(if: hasFashionMNIST, "needs Fashion-MNIST in \(fashionMNISTDirectory)"))
    func quickRun() throws {
        let state = temporaryStateDirectory()
        let options = RunOptions(quick: true, dataDirectory: fashionMNISTDirectory, stateDirectory: state)
        let stage = FullTrainingStage()
        let sink = try runSteps(stage, options: options)
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks.filter { !$0.passed })")
        // The saved file is where lesson 11 looks, and it is the quick one.
        let url = LessonWeights.url(quick: true, options: options)
        #expect(LessonWeights.existing(options: options) == url)
        let reloaded = try Network<Float>.loadWeights(from: url)
        #expect(reloaded.architecture.sizesDescription == DefaultModel.architecture)
        // The confusion matrix covers every test image once: its entries sum to the test count.
        let heatmap = sink.blocks.compactMap { if case .heatmap(let map) = $0 { map } else { nil } }.first
        #expect(heatmap.map { $0.values.joined().reduce(0, +) } == 10_000)
        // Captions read "true → predicted" with two different class names.
        let grid = sink.blocks.compactMap { if case .images(let grid) = $0 { grid } else { nil } }.first
        let caption = try #require(grid?.captions.first)
        let parts = caption.components(separatedBy: " → ")
        #expect(parts.count == 2 && parts[0] != parts[1])
    }

    @Test("a missing data directory is an error naming both remedies")
    func missingData() throws {
        let options = RunOptions(quick: true, dataDirectory: "/nonexistent/fashion-mnist", stateDirectory: temporaryStateDirectory())
        let error = #expect(throws: (any Error).self) {
            try runSteps(FullTrainingStage(), steps: ["initial-loss"], options: options)
        }
        let message = "\(error.map { String(describing: $0) } ?? "")"
        #expect(message.contains("dataset-fashion-mnist"))
        #expect(message.contains("--data"))
    }

    @Test("the gradient check of a 784-256-256-10 ReLU network catches a wrong gradient")
    func gradientCheckCatchesBug() throws {
        // Synthetic images (no dataset needed): 4 random 784-pixel inputs in [0, 1].
        var generator = Xoshiro256StarStar(seed: 5)
        let inputs = Matrix<Float>(rows: 4, columns: 784) { _, _ in Float(generator.nextUniform(in: 0, 1)) }
        let data = LabelledData(inputs: inputs, labels: [0, 3, 7, 9], classCount: 10)
        let network = try FullTraining.initialNetwork()
        let (good, loss) = try FullTraining.gradientCheck(network: network, images: data, entriesPerTensor: 4, seed: 1)
        let noise = finiteDifferenceNoise(loss: loss, step: good.step)
        #expect(good.judgedPassed(noise: noise))
        // Initial loss ≈ ln 10 (the lesson's sanity gate), independently of the dataset.
        #expect(abs(loss - log(10.0)) < FullTrainingStage.initialLossTolerance)
        // A gradient scaled by 1.01 must fail the same comparison.
        let entries = good.tensors[0].worstEntries.filter { $0.analytic != 0 }
        let wrong = entries.map { GradientCheck.relativeError(analytic: 1.01 * $0.analytic, numeric: $0.numeric) }
        #expect(!entries.isEmpty && wrong.allSatisfy { $0 > GradientCheck.defaultThreshold })
    }

    @Test("the stage's steps all appear in the lesson and its includes resolve")
    func lessonReferences() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("lessons/10-full-training.md"), encoding: .utf8)
        for step in FullTrainingStage().steps { #expect(text.contains("::: run \(step)\n"), "step \(step) is never run") }
        let includes = text.components(separatedBy: "include=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(includes.count >= 3)
        for include in includes {
            let parts = include.split(separator: "#").map(String.init)
            let source = try String(contentsOf: root.appendingPathComponent(parts[0]), encoding: .utf8)
            #expect(SourceRegion.extract(parts[1], from: source) != nil, "\(include)")
        }
    }
}
