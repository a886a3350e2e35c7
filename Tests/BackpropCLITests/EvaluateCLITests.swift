import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

@Suite("backprop evaluate")
struct EvaluateCLITests {
    @Test("evaluate reproduces the recorded accuracy and counts the confusion matrix like an in-test count")
    func reproducesRecordedAccuracy() throws {
        let data = try SyntheticFashion.directory()
        let (file, training) = try trainTestModel(data: data)
        #expect(training.status == 0, "\(training.stderr)")
        let output = try backprop(["evaluate", "--weights", file.path, "--data", data.path, "--color", "never"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Matches the accuracy recorded in the file"))
        let network = try Network<Double>.loadWeights(from: file)
        let test = try SyntheticFashion.read(.test, from: data)
        let predictions = argmaxRows(network.forward(test.inputs))
        let correct = zip(predictions, test.labels).filter { $0 == $1 }.count
        #expect(output.stdout.contains("(\(correct) of \(test.labels.count) images)"))
        // Confusion matrix row of class 0, counted here.
        let row0 = (0..<10).map { p in zip(predictions, test.labels).filter { $0.1 == 0 && $0.0 == p }.count }
        let line = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix("| 0 T-shirt/top") && $0.split(separator: "|").count == 11 })
        let cells = line.split(separator: "|").dropFirst().map { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(cells == row0.map { Optional($0) })
        for name in FashionMNIST.classNames { #expect(output.stdout.contains(name)) }
        #expect(output.stdout.contains("784-32-10"))
    }

    @Test("a corrupt weights file exits 3 naming the file with a hint")
    func corruptWeights() throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        var bytes = try Data(contentsOf: file)
        bytes = bytes.prefix(bytes.count / 2)
        let truncated = temporaryDirectory().appendingPathComponent("truncated.safetensors")
        try bytes.write(to: truncated)
        let garbage = temporaryDirectory().appendingPathComponent("garbage.safetensors")
        try Data("not a model".utf8).write(to: garbage)
        let missing = temporaryDirectory().appendingPathComponent("missing.safetensors")
        for (command, broken) in [("evaluate", truncated), ("evaluate", garbage), ("evaluate", missing),
                                  ("predict", truncated), ("gradients", garbage)] {
            var arguments = [command, "--weights", broken.path, "--data", data.path]
            if command == "predict" { arguments += ["--index", "0"] }
            if command == "gradients" { arguments += ["--save", temporaryDirectory().appendingPathComponent("g.safetensors").path] }
            let output = try backprop(arguments)
            #expect(output.status == 3, "\(command) \(broken.lastPathComponent): \(output.stderr)")
            let lines = diagnostics(output).split(separator: "\n")
            #expect(lines.first?.hasPrefix("error: ") == true && lines.first?.contains(broken.path) == true, "\(output.stderr)")
            #expect(lines.contains { $0.hasPrefix("hint: ") })
        }
    }

    @Test("a weights file for another input size exits 3 naming the file")
    func otherArchitecture() throws {
        let data = try SyntheticFashion.directory()
        var generator = Xoshiro256StarStar(seed: 3)
        let network = try Network<Float>(architecture: "100-8-10", using: &generator)
        let file = temporaryDirectory().appendingPathComponent("small.safetensors")
        try network.saveWeights(to: file)
        for command in ["evaluate", "predict", "gradients"] {
            var arguments = [command, "--weights", file.path, "--data", data.path]
            if command == "predict" { arguments += ["--index", "0"] }
            if command == "gradients" { arguments += ["--save", temporaryDirectory().appendingPathComponent("g.safetensors").path] }
            let output = try backprop(arguments)
            #expect(output.status == 3, "\(command): \(output.stderr)")
            #expect(diagnostics(output).hasPrefix("error: \(file.path)") && output.stderr.contains("\nhint: "), "\(output.stderr)")
        }
    }

    @Test("a missing or corrupt data directory exits 3 naming it")
    func badData() throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        let missing = temporaryDirectory().appendingPathComponent("no-such-dir")
        let output = try backprop(["evaluate", "--weights", file.path, "--data", missing.path])
        #expect(output.status == 3 && diagnostics(output).hasPrefix("error: ") && output.stderr.contains(missing.path), "\(output.stderr)")
        #expect(output.stderr.contains("\nhint: "))
        let corrupt = try SyntheticFashion.directory()
        let images = corrupt.appendingPathComponent(FashionMNIST.Split.test.imagesFileName)
        let bytes = try Data(contentsOf: images)
        try bytes.prefix(bytes.count - 100).write(to: images)
        let truncated = try backprop(["evaluate", "--weights", file.path, "--data", corrupt.path])
        #expect(truncated.status == 3 && diagnostics(truncated).hasPrefix("error: ") && truncated.stderr.contains(images.path) && truncated.stderr.contains("\nhint: "), "\(truncated.stderr)")
        let train = try backprop(["train", "--data", missing.path, "--epochs", "1"])
        #expect(train.status == 3 && train.stderr.contains(missing.path))
    }

    @Test("data of the official size must match the published checksums; other sizes load with a note")
    func checksumPolicy() throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        let small = try backprop(["evaluate", "--weights", file.path, "--data", data.path])
        #expect(small.status == 0 && small.stderr.contains("note: the test files hold 50 images"))
        // 10,000 images: the official test size, but not the official bytes.
        let official = try SyntheticFashion.directory(trainCount: 10, testCount: 10_000)
        let output = try backprop(["evaluate", "--weights", file.path, "--data", official.path])
        #expect(output.status == 3, "\(output.stderr)")
        #expect(diagnostics(output).hasPrefix("error: ") && output.stderr.contains("SHA-256") && output.stderr.contains(official.path))
    }

    @Test("evaluate without --weights is a usage error")
    func needsWeights() throws {
        let output = try backprop(["evaluate"])
        #expect(output.status == 2 && diagnostics(output).hasPrefix("error: ") && output.stderr.contains("--weights"))
        let help = try backprop(["evaluate", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--weights") && help.stdout.contains("--data"))
    }
}
