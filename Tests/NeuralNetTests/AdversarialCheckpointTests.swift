// Checkpoints and weights as untrusted input (issue 15): every number read back is
// range-checked, NaN/Inf weights are refused with tensor and index, and an atomic write
// never replaces a device node or directory.
import Foundation
import Linalg
import Testing
@testable import NeuralNet

@Suite struct AdversarialCheckpointTests {
    /// A one-epoch Adam checkpoint in memory.
    func checkpoint() throws -> SafetensorsFile {
        let configuration = TrainingConfiguration(epochs: 1, batchSize: 16, optimizer: .adam, learningRate: 0.01, seed: 5)
        let trainer = Trainer(network: seededNetwork("4-8-3"), configuration: configuration)
        try trainer.train(on: separableData(count: 40, dimensions: 4, classes: 3, seed: 1))
        return trainer.checkpointFile()
    }

    func problem(_ file: SafetensorsFile) -> String? {
        do {
            _ = try Trainer<Float>(resumingFrom: file, path: "ck.safetensors", epochs: 3)
            return nil
        } catch {
            guard case let .invalidCheckpoint(path, problem) = error else { return "unexpected \(error)" }
            #expect(path == "ck.safetensors")
            return problem
        }
    }

    @Test("an optimizer_step of Int.max or -1 is a bad checkpoint, not a trap", arguments: ["9223372036854775807", "-1", "x"])
    func optimizerStep(value: String) throws {
        var file = try checkpoint()
        #expect(problem(file) == nil)
        file.metadata[CheckpointKey.optimizerStep] = value
        #expect(problem(file)?.contains("optimizer_step") == true)
    }

    @Test("an invalid stored configuration is the checkpoint's problem, naming it", arguments: [
        ("batchSize", "0"), ("learningRate", "\"nan\""), ("learningRate", "-1"), ("momentum", "2"),
    ])
    func storedConfiguration(key: String, value: String) throws {
        var file = try checkpoint()
        let text = try #require(file.metadata[CheckpointKey.configuration])
        var json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        json[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        file.metadata[CheckpointKey.configuration] = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        #expect(problem(file)?.hasPrefix("its stored training configuration is invalid") == true)
    }

    @Test("NaN or ±Inf in a parameter is reported with the tensor and index", arguments: [Float.nan, .infinity, -.infinity])
    func nonFinite(value: Float) throws {
        let network = seededNetwork("4-8-3")
        network.denseLayers[1].bias.elements[2] = value
        do {
            _ = try Network<Float>(weightsFile: network.weightsFile(), path: "w.safetensors")
            Issue.record("non-finite weights loaded")
        } catch {
            #expect(error == .nonFinite(file: "w.safetensors", tensor: "layer2.bias", index: 2, value: "\(value)"))
        }
    }

    @Test("writing onto a device node or a directory is refused; the node stays")
    func writeTargets() throws {
        let bytes = try seededNetwork("4-8-3").weightsFile().encoded()
        for path in ["/dev/null", temporaryFile("dir").deletingLastPathComponent().path] {
            #expect(throws: WeightsError.self) { try SafetensorsFile.writeAtomically(bytes, to: URL(fileURLWithPath: path)) }
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        #expect(throws: WeightsError.self) { try SafetensorsFile.checkWritableTarget(URL(fileURLWithPath: "/nonexistent-dir/w.safetensors")) }
    }

    @Test("a temp file left by a killed writer is removed by the next write; a live one is kept")
    func staleTemporaryFiles() throws {
        let target = temporaryFile("w.safetensors")
        let directory = target.deletingLastPathComponent()
        let stale = directory.appendingPathComponent(".w.safetensors.tmp-999999999-1")   // no such pid
        let live = directory.appendingPathComponent(".w.safetensors.tmp-1-1")             // pid 1 is alive
        for url in [stale, live] { #expect(FileManager.default.createFile(atPath: url.path, contents: Data([1, 2, 3]))) }
        try seededNetwork("4-8-3").saveWeights(to: target)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test("a weights path that is a directory or device is refused in plain words")
    func readSpecialFiles() throws {
        for (path, reason) in [(temporaryFile("x").deletingLastPathComponent().path, "it is a directory"), ("/dev/zero", "not a regular file")] {
            do {
                _ = try SafetensorsFile.read(from: URL(fileURLWithPath: path))
                Issue.record("read \(path)")
            } catch {
                #expect("\(error)".contains(reason))
            }
        }
    }
}
