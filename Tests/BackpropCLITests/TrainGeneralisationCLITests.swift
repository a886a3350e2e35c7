// `backprop train`'s lesson-13 options: --dropout, --augment, --flips, --validation, --patience.
import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

@Suite("backprop train: dropout, augmentation, validation, early stopping")
struct TrainGeneralisationCLITests {
    static let badValues: [[String]] = [
        ["--dropout", "1"], ["--dropout", "-0.1"], ["--dropout", "0.2,x"], ["--dropout", "nan"], ["--dropout", ""],
        ["--augment", "0"], ["--augment", "28"], ["--augment", "two"], ["--flips"],
        ["--validation", "0"], ["--validation", "-5"], ["--patience", "3"], ["--validation", "100", "--patience", "0"],
        ["--validation", "100000"],
    ]

    @Test("bad values exit 2 with an error and a hint, and write nothing", arguments: badValues)
    func badValue(_ option: [String]) throws {
        let data = try SyntheticFashion.directory()
        let save = temporaryDirectory().appendingPathComponent("never.safetensors")
        let output = try backprop(["train", "--data", data.path, "--arch", testArchitecture, "--epochs", "1", "--save", save.path] + option)
        #expect(output.status == 2, "\(option): \(output.stderr)")
        #expect(diagnostics(output).hasPrefix("error: "), "\(option): \(output.stderr)")
        #expect(output.stderr.contains("\nhint: "), "\(option): \(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: save.path))
    }

    @Test("dropout rates that do not fit the hidden layers are refused before training")
    func dropoutCountMismatch() throws {
        let data = try SyntheticFashion.directory()
        let output = try backprop(["train", "--data", data.path, "--arch", "784-16-16-10", "--epochs", "1", "--dropout", "0.1,0.2,0.3",
                                   "--save", temporaryDirectory().appendingPathComponent("x.safetensors").path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("3 dropout rates for 2 hidden layers"), "\(output.stderr)")
    }

    @Test("--help documents every new option")
    func help() throws {
        let output = try backprop(["train", "--help"])
        #expect(output.status == 0)
        for option in ["--dropout", "--augment", "--flips", "--validation", "--patience"] { #expect(output.stdout.contains(option), "\(option)") }
    }

    @Test("a validated, regularised run measures the test set once; evaluate reproduces the saved accuracy")
    func validatedRun() throws {
        let data = try SyntheticFashion.directory()
        let (file, output) = try trainTestModel(data: data, epochs: 4, extra: ["--dropout", "0.2", "--augment", "1",
                                                                               "--validation", "60", "--patience", "2"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("val acc") && output.stdout.contains("Test accuracy, measured once now"))
        #expect(output.stdout.contains("dropout 0.2, shift ±1 px, patience 2"))
        let stored = try SafetensorsFile.read(from: file)
        let recorded = try #require(stored.metadata["test_accuracy"].flatMap(Double.init))
        let test = try SyntheticFashion.read(.test, from: data)
        let network = try Network<Double>.loadWeights(from: file)
        let correct = zip(argmaxRows(network.forward(test.inputs)), test.labels).filter { $0 == $1 }.count
        #expect(abs(recorded - Double(correct) / Double(test.labels.count)) < 1e-12)
        let evaluated = try backprop(["evaluate", "--data", data.path, "--weights", file.path])
        #expect(evaluated.status == 0, "\(evaluated.stdout)\(evaluated.stderr)")
        #expect(evaluated.stdout.contains("Matches the accuracy recorded in the file"))
    }

    @Test("resuming an early-stopping run without --validation is refused: it would watch the test set")
    func resumeNeedsValidation() throws {
        let data = try SyntheticFashion.directory()
        let (file, output) = try trainTestModel(data: data, epochs: 1, extra: ["--validation", "50", "--patience", "3"])
        #expect(output.status == 0, "\(output.stderr)")
        let resumed = try backprop(["train", "--data", data.path, "--resume", file.path, "--epochs", "2", "--quiet"])
        #expect(resumed.status == 2, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("never the test set") && resumed.stderr.contains("--validation"))
        let again = try backprop(["train", "--data", data.path, "--resume", file.path, "--epochs", "2", "--validation", "50", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
    }
}
