import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

@Suite("backprop train")
struct TrainCLITests {
    @Test("train --epochs 1 --limit writes a loadable model whose recorded accuracy is the in-test one")
    func trainsAndSaves() throws {
        let data = try SyntheticFashion.directory()
        let file = temporaryDirectory().appendingPathComponent("tmp.safetensors")
        let output = try backprop(["train", "--data", data.path, "--arch", testArchitecture, "--epochs", "1", "--limit", "150",
                                   "--batch", "32", "--save", file.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Training configuration") && output.stdout.contains("Training summary"))
        #expect(output.stdout.contains("| training images") && output.stdout.contains("150"))
        #expect(output.stdout.contains(file.path))
        let network = try Network<Double>.loadWeights(from: file)
        #expect(network.architecture.sizesDescription == testArchitecture)
        let stored = try SafetensorsFile.read(from: file)
        #expect(stored.metadata["epoch"] == "1")
        // Accuracy on the test files, computed here from the IDX bytes and our own argmax.
        let test = try SyntheticFashion.read(.test, from: data)
        let predictions = argmaxRows(network.forward(test.inputs))
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        let recorded = try #require(stored.metadata["test_accuracy"].flatMap(Double.init))
        #expect(abs(recorded - Double(correct) / Double(test.labels.count)) < 1e-12)
    }

    @Test("no --save: model.safetensors in the current directory, and the run says so")
    func defaultSaveFile() throws {
        let data = try SyntheticFashion.directory()
        let directory = temporaryDirectory()
        let output = try backprop(["train", "--data", data.path, "--arch", testArchitecture, "--epochs", "1", "--quiet"],
                                  directory: directory)
        #expect(output.status == 0, "\(output.stderr)")
        let expected = directory.appendingPathComponent("model.safetensors")
        #expect(FileManager.default.fileExists(atPath: expected.path))
        #expect(output.stdout.contains("Saved the model to") && output.stdout.contains("model.safetensors"))
    }

    static let badValues: [[String]] = [
        ["--epochs", "-1"], ["--epochs", "0"], ["--epochs", "two"], ["--lr", "abc"], ["--lr", "-0.1"], ["--lr", "0"],
        ["--optimizer", "rmsprop"], ["--arch", "784-x-10"], ["--arch", "784"], ["--arch", "784-0-10"],
        ["--batch", "0"], ["--lr-step", "5"], ["--lr-step", "0:0.5"], ["--lr-step", "5:-1"], ["--momentum", "1.5"],
        ["--weight-decay", "-1"], ["--activations", "tanh"], ["--activations", "relu,relu,relu"], ["--output", "softmax"],
        ["--limit", "0"], ["--seed", "-3"], ["--arch", "784-32-5"], ["--arch", "100-32-10"],
    ]

    @Test("bad values exit 2 with error and hint on stderr", arguments: badValues)
    func badValue(_ option: [String]) throws {
        let data = try SyntheticFashion.directory()
        let save = temporaryDirectory().appendingPathComponent("never.safetensors")
        let output = try backprop(["train", "--data", data.path, "--epochs", "1", "--save", save.path] + option)
        #expect(output.status == 2, "\(option): \(output.stderr)")
        #expect(diagnostics(output).hasPrefix("error: "), "\(option): \(output.stderr)")
        #expect(output.stderr.contains("\nhint: "), "\(option): \(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: save.path))
    }

    @Test("a learning rate far too large diverges: the trainer's message and hint, exit 1")
    func divergence() throws {
        let data = try SyntheticFashion.directory()
        let (_, output) = try trainTestModel(data: data, extra: ["--optimizer", "sgd", "--lr", "10000", "--lr-step", "none"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("error: training diverged") && output.stderr.contains("hint: lower the learning rate"))
    }

    @Test("--resume continues to the same weights as an uninterrupted run")
    func resumeMatchesUninterrupted() throws {
        let data = try SyntheticFashion.directory()
        let (straight, straightOutput) = try trainTestModel(data: data, epochs: 2)
        #expect(straightOutput.status == 0, "\(straightOutput.stderr)")
        let (partial, firstOutput) = try trainTestModel(data: data, epochs: 1)
        #expect(firstOutput.status == 0, "\(firstOutput.stderr)")
        let resumed = try backprop(["train", "--data", data.path, "--resume", partial.path, "--epochs", "2", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resuming after epoch 1 of 2"))
        let a = try SafetensorsFile.read(from: straight), b = try SafetensorsFile.read(from: partial)
        #expect(b.metadata["epoch"] == "2")
        for name in a.sortedTensorNames where !name.hasPrefix("optim.") {
            #expect(a.tensors[name] == b.tensors[name], "tensor \(name) differs after resume")
        }
        let clash = try backprop(["train", "--data", data.path, "--resume", partial.path, "--lr", "0.1"])
        #expect(clash.status == 2 && clash.stderr.contains("--lr cannot change when resuming"))
        let notCheckpoint = temporaryDirectory().appendingPathComponent("plain.safetensors")
        try Network<Float>.loadWeights(from: partial).saveWeights(to: notCheckpoint)
        let refused = try backprop(["train", "--data", data.path, "--resume", notCheckpoint.path, "--epochs", "3"])
        #expect(refused.status == 3 && refused.stderr.contains(notCheckpoint.path) && refused.stderr.contains("hint:"))
    }

    @Test("--help lists every option and explains the checkpoint and Ctrl-C")
    func help() throws {
        let output = try backprop(["train", "--help"])
        #expect(output.status == 0)
        for option in ["--data", "--arch", "--activations", "--output", "--epochs", "--batch", "--lr ", "--optimizer", "--momentum",
                       "--weight-decay", "--lr-step", "--seed", "--save", "--resume", "--limit", "--quiet"] {
            #expect(output.stdout.contains(option), "\(option) missing from help")
        }
        #expect(output.stdout.contains("Ctrl-C") && output.stdout.contains("atomically"))
        #expect(output.stdout.contains(DefaultModel.architecture))
    }

    @Test("every model command has help listing its options, and appears in `backprop help`", arguments: [
        ("train", ["--epochs", "--save"]), ("evaluate", ["--weights", "--data"]),
        ("predict", ["--weights", "--index", "--split", "--data"]),
        ("gradients", ["--weights", "--samples", "--precision", "--save", "--data"]),
    ])
    func commandHelp(command: String, options: [String]) throws {
        let output = try backprop([command, "--help"])
        #expect(output.status == 0 && output.stdout.contains("OVERVIEW:") && output.stdout.contains("USAGE: backprop \(command)"))
        for option in options { #expect(output.stdout.contains(option), "\(command): \(option) missing") }
        let top = try backprop(["help"])
        #expect(top.stdout.contains("  \(command) "))
    }
}
