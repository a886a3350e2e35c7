import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

@Suite("backprop predict")
struct PredictCLITests {
    /// The `p = …` values printed, in order.
    static func printedProbabilities(_ text: String) -> [(classIndex: Int, p: Double)] {
        text.split(separator: "\n").compactMap { line -> (Int, Double)? in
            guard let range = line.range(of: "(p = "), let end = line[range.upperBound...].firstIndex(of: ")") else { return nil }
            let fields = line.split(separator: " ")
            guard fields.count > 2, let k = Int(fields[1]), let p = Double(line[range.upperBound..<end]) else { return nil }
            return (k, p)
        }
    }

    @Test("predict --index 0 draws the image, the true label and a top-3 matching an in-test softmax")
    func topThree() throws {
        let data = try SyntheticFashion.directory()
        let (file, training) = try trainTestModel(data: data)
        #expect(training.status == 0, "\(training.stderr)")
        let output = try backprop(["predict", "--weights", file.path, "--index", "0", "--data", data.path, "--color", "never"])
        #expect(output.status == 0, "\(output.stderr)")
        let test = try SyntheticFashion.read(.test, from: data)
        #expect(output.stdout.contains("True label: \(test.labels[0]) \(FashionMNIST.classNames[test.labels[0]])"))
        #expect(output.stdout.contains("Top 3:"))
        // Softmax of the logits computed here from the weights tensors: z = W·x + b, ReLU.
        let stored = try SafetensorsFile.read(from: file)
        var activation = test.inputs.row(0)
        for layer in 1...2 {
            let w = try stored.matrix(named: "layer\(layer).weight", as: Double.self, file: file.path)
            let b = try stored.matrix(named: "layer\(layer).bias", as: Double.self, file: file.path)
            activation = (0..<w.rows).map { o in
                let z = (0..<w.columns).reduce(b.elements[o]) { $0 + w[o, $1] * activation[$1] }
                return layer == 2 ? z : max(z, 0)
            }
        }
        let largest = activation.max() ?? 0
        let exps = activation.map { Foundation.exp($0 - largest) }
        let probabilities = exps.map { $0 / exps.reduce(0, +) }
        let expected = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(3)
        let printed = Self.printedProbabilities(output.stdout)
        #expect(printed.map(\.classIndex) == Array(expected))
        for entry in printed { #expect(abs(entry.p - probabilities[entry.classIndex]) < 1e-6) }
        // Plain mode draws the image with the ASCII ramp: 14 rows of 28 characters.
        let rampRows = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(14)
        #expect(rampRows.allSatisfy { $0.count == 28 })
    }

    @Test("bad --index, --split or missing --index exit 2", arguments: [
        ["--index", "50"], ["--index", "-1"], ["--index", "x"], ["--split", "validation", "--index", "0"], [],
        ["--split", "train", "--index", "200"],
    ])
    func badValues(_ extra: [String]) throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        let output = try backprop(["predict", "--weights", file.path, "--data", data.path] + extra)
        #expect(output.status == 2, "\(extra): \(output.stderr)")
        #expect(diagnostics(output).hasPrefix("error: ") && output.stderr.contains("\nhint: "), "\(output.stderr)")
    }

    @Test("--split train predicts a training image")
    func trainSplit() throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        let output = try backprop(["predict", "--weights", file.path, "--data", data.path, "--split", "train", "--index", "199"])
        #expect(output.status == 0, "\(output.stderr)")
        let train = try SyntheticFashion.read(.train, from: data)
        #expect(output.stdout.contains("True label: \(train.labels[199]) "))
    }
}
