// Usage errors a learner makes by typing: did-you-mean hints and plural agreement. (Wrapping
// of messages on a terminal is tested in LessonEngineTests/MessageWrapTests.)
import Foundation
import NeuralNet
import Testing

@Suite("CLI usage hints")
struct UsageHintsCLITests {
    @Test("a misspelt command or option gets a did-you-mean; a wild one does not")
    func didYouMean() throws {
        let command = try backprop(["lisst"])
        #expect(command.status == 2 && command.stderr.contains("did you mean `backprop list`?"))
        let option = try backprop(["run", "--mnie"])
        #expect(option.status == 2 && option.stderr.contains("did you mean --mine?"))
        let wild = try backprop(["frobnicate"])
        #expect(wild.status == 2 && !wild.stderr.contains("did you mean"))
    }

    @Test("argument counts agree in number")
    func plurals() throws {
        let output = try backprop(["show"])
        #expect(output.status == 2 && output.stderr.hasPrefix("error: `backprop show` takes 1 argument, got 0"))
        #expect(!output.stderr.contains("(s)"))
    }
}

@Suite("backprop help: file formats")
struct FormatHelpCLITests {
    @Test("evaluate --help and help weights document tensor names, orientation, dtypes, metadata and optim.* tensors")
    func formatsDocumented() throws {
        for arguments in [["evaluate", "--help"], ["help", "weights"]] {
            let output = try backprop(arguments)
            #expect(output.status == 0)
            for needle in ["layer1.weight", "numbered from 1", "out×in", "F32", "F64", "architecture", "activations", "output",
                           "optim.layerℓ.weight.m", "grad.layerℓ.weight", "test_accuracy", "exits 1"] {
                #expect(output.stdout.contains(needle), "\(arguments): no \(needle)")
            }
        }
    }
}

@Suite("backprop evaluate: recorded accuracy")
struct EvaluateRecordedAccuracyCLITests {
    @Test("a file whose recorded accuracy differs from the measured one exits 1 and says so")
    func mismatchExitsOne() throws {
        let data = try SyntheticFashion.directory()
        let (file, training) = try trainTestModel(data: data)
        #expect(training.status == 0, "\(training.stderr)")
        var weights = try SafetensorsFile.read(from: file)
        weights.metadata["test_accuracy"] = "0.123"
        let edited = file.deletingLastPathComponent().appendingPathComponent("edited.safetensors")
        try weights.write(to: edited)
        let output = try backprop(["evaluate", "--weights", edited.path, "--data", data.path, "--color", "never"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("Differs from the accuracy recorded in the file"))
    }
}
