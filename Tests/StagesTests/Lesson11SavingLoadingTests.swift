// Lesson 11 on the real data (when installed), its pieces on synthetic networks, and its
// error without data.
import Foundation
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("lesson 11: saving and loading", .serialized)
struct Lesson11SavingLoadingTests {
    @Test("quick mode on the real data without lesson 10's file: trains a fallback, every check passes",
          .enabled(if: hasFashionMNIST, "needs Fashion-MNIST in /usr/share/datasets/fashion-mnist"))
    func quickRunWithFallback() throws {
        let options = RunOptions(quick: true, dataDirectory: fashionMNISTDirectory, stateDirectory: temporaryStateDirectory())
        #expect(LessonWeights.existing(options: options) == nil)
        let stage = SavingLoadingStage()
        stage.testCount = 2_000
        stage.fallbackTrainingCount = 2_000
        let sink = try runSteps(stage, options: options)
        #expect(sink.texts.contains { $0.contains("Lesson 10 has not saved weights yet") })
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks.filter { !$0.passed })")
    }

    @Test("with lesson 10's file present it is the one used, and its recorded accuracy is checked",
          .enabled(if: hasFashionMNIST, "needs Fashion-MNIST in /usr/share/datasets/fashion-mnist"))
    func usesLessonTenFile() throws {
        let options = RunOptions(quick: true, dataDirectory: fashionMNISTDirectory, stateDirectory: temporaryStateDirectory())
        // An untrained default network saved as lesson 10's quick file, with a deliberately
        // wrong recorded accuracy: the recorded-accuracy check must fail, the others pass.
        let network = try FullTraining.initialNetwork()
        let url = LessonWeights.url(quick: true, options: options)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try network.saveWeights(to: url, info: WeightsTrainingInfo(epoch: 1, testAccuracy: 0.99), extraMetadata: ["test_images": "500"])
        let stage = SavingLoadingStage()
        stage.testCount = 500
        let sink = try runSteps(stage, options: options)
        #expect(sink.texts.contains { $0.contains(url.path) })
        #expect(sink.checks.count == 4)
        #expect(sink.checks.prefix(3).allSatisfy { $0.passed })
        #expect(sink.checks.last?.passed == false)
    }

    @Test("a missing data directory is an error naming both remedies")
    func missingData() throws {
        let options = RunOptions(quick: true, dataDirectory: "/nonexistent/fashion-mnist", stateDirectory: temporaryStateDirectory())
        let error = #expect(throws: (any Error).self) { try runSteps(SavingLoadingStage(), steps: ["load"], options: options) }
        let message = error.map { String(describing: $0) } ?? ""
        #expect(message.contains("dataset-fashion-mnist") && message.contains("--data"))
    }

    @Test("round trip of a small network: logits bit-identical, file size = 8 + header + tensor bytes")
    func roundTripSynthetic() throws {
        var generator = Xoshiro256StarStar(seed: 11)
        let network = try Network<Float>(architecture: "20-7-5", activations: "relu", output: "softmax+ce", using: &generator)
        let inputs = Matrix<Float>(rows: 6, columns: 20) { _, _ in Float(generator.nextUniform(in: -1, 1)) }
        let url = URL(fileURLWithPath: temporaryStateDirectory()).appendingPathComponent("w.safetensors")
        let (reloaded, differing) = try SavingLoading.roundTrip(network, through: url, info: WeightsTrainingInfo(), inputs: inputs)
        #expect(differing == 0)
        #expect(reloaded.architecture == network.architecture)
        let bytes = [UInt8](try Data(contentsOf: url))
        let length = try #require(SavingLoading.headerLength(of: bytes))
        // Tensor bytes by hand: 7×20 + 7 + 5×7 + 5 floats of 4 bytes.
        #expect(bytes.count == 8 + Int(length) + 4 * (7 * 20 + 7 + 5 * 7 + 5))
        #expect(bytes[8] == UInt8(ascii: "{"))
        // A network with one weight changed is caught.
        let other = try Network<Float>.loadWeights(from: url)
        other.denseLayers[1].weight[0, 0] += 1e-3
        #expect(SavingLoading.logits(other, inputs: inputs) != SavingLoading.logits(network, inputs: inputs))
    }

    @Test("header length is read little-endian; the hex dump shows offsets, hex and ASCII")
    func headerLengthAndHexDump() {
        let bytes: [UInt8] = [0xe8, 0x03, 0, 0, 0, 0, 0, 0] + Array("{\"a\":1}\n".utf8)
        #expect(SavingLoading.headerLength(of: bytes) == 1000)
        #expect(SavingLoading.headerLength(of: [1, 2, 3]) == nil)
        let rows = SavingLoading.hexDump(bytes, count: 16)
        #expect(rows == [["0000", "e8 03 00 00 00 00 00 00 7b 22 61 22 3a 31 7d 0a", "........{\"a\":1}."]])
    }

    @Test("the laid-out header puts metadata first, then each tensor on two lines")
    func headerLines() {
        let header: [String: Any] = ["b": ["dtype": "F32", "shape": [2], "data_offsets": [0, 8]],
                                     "__metadata__": ["k": "v"]]
        #expect(SavingLoading.headerLines(header) == [
            "{", "  \"__metadata__\": {", "    \"k\": \"v\"", "  },",
            "  \"b\": {\"dtype\": \"F32\", \"shape\": [2],", "        \"data_offsets\": [0, 8]}", "}",
        ])
    }

    @Test("every step appears in the lesson and every include resolves")
    func lessonReferences() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("lessons/11-saving-loading.md"), encoding: .utf8)
        for step in SavingLoadingStage().steps { #expect(text.contains("::: run \(step)\n"), "step \(step) is never run") }
        let includes = text.components(separatedBy: "include=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(includes.count == 3)
        for include in includes {
            let parts = include.split(separator: "#").map(String.init)
            let source = try String(contentsOf: root.appendingPathComponent(parts[0]), encoding: .utf8)
            #expect(SourceRegion.extract(parts[1], from: source) != nil, "\(include)")
        }
    }
}
