import Datasets
import Foundation
import Linalg
import NeuralNet
import Testing

@Suite("backprop gradients")
struct GradientsCLITests {
    @Test("gradients writes grad.* equal to lossAndGradients on the first N training images", arguments: ["double", "float"])
    func matchesInTestGradients(precision: String) throws {
        let data = try SyntheticFashion.directory()
        let (file, training) = try trainTestModel(data: data)
        #expect(training.status == 0, "\(training.stderr)")
        let save = temporaryDirectory().appendingPathComponent("grads.safetensors")
        let output = try backprop(["gradients", "--weights", file.path, "--samples", "20", "--precision", precision,
                                   "--save", save.path, "--data", data.path])
        #expect(output.status == 0, "\(output.stderr)")
        let network = try Network<Double>.loadWeights(from: file)
        let train = try SyntheticFashion.read(.train, from: data)
        let loss = network.lossAndGradients(input: train.inputs.rows(0..<20),
                                            targets: Matrix<Double>.oneHot(labels: Array(train.labels[0..<20]), classCount: 10))
        let stored = try SafetensorsFile.read(from: save)
        let tolerance = precision == "double" ? 1e-9 : 1e-6
        #expect(abs((Double(stored.metadata["loss"] ?? "") ?? .nan) - loss) < tolerance * 10)
        var names: [String] = []
        for (index, layer) in network.denseLayers.enumerated() {
            for (suffix, expected) in [("weight", layer.weightGradient), ("bias", layer.biasGradient)] {
                let name = "grad.layer\(index + 1).\(suffix)"
                names.append(name)
                let actual = try stored.matrix(named: name, as: Double.self, file: save.path)
                #expect(actual.count == expected.count)
                let worst = zip(actual.elements, expected.elements).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst < tolerance, "\(name): max difference \(worst)")
                #expect(output.stdout.contains(name))
            }
        }
        // Same names as the weights file, with "grad." in front.
        let weightNames = try SafetensorsFile.read(from: file).sortedTensorNames.filter { !$0.hasPrefix("optim.") }
        #expect(Set(weightNames.map { "grad." + $0 }) == Set(stored.sortedTensorNames))
        #expect(Set(names) == Set(stored.sortedTensorNames))
    }

    @Test("bad --samples / --precision and a missing --save exit 2", arguments: [
        ["--samples", "0", "--save", "/tmp/x"], ["--samples", "201", "--save", "/tmp/x"], ["--precision", "half", "--save", "/tmp/x"], [],
    ])
    func badValues(_ extra: [String]) throws {
        let data = try SyntheticFashion.directory()
        let (file, _) = try trainTestModel(data: data)
        let output = try backprop(["gradients", "--weights", file.path, "--data", data.path] + extra)
        #expect(output.status == 2, "\(extra): \(output.stderr)")
        #expect(diagnostics(output).hasPrefix("error: ") && output.stderr.contains("\nhint: "))
    }
}
