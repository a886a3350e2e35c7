// Network weights files: round trip, PyTorch layout, and the errors for bad files.
import Foundation
import Linalg
import Testing
@testable import NeuralNet

@Suite("Network weights files")
struct NetworkWeightsTests {
    @Test("save → load gives identical parameters and identical logits")
    func roundTrip() throws {
        let network = seededNetwork("6-5-4-3", activations: "relu,sigmoid", output: "softmax+ce")
        // Non-zero biases so the bias layout is really exercised.
        for layer in network.denseLayers { layer.bias = Matrix(row: (0..<layer.outputCount).map { Float($0) * 0.25 - 0.3 }) }
        let url = temporaryFile("model.safetensors")
        try network.saveWeights(to: url, info: WeightsTrainingInfo(epoch: 3, testAccuracy: 0.875, seed: 42, optimizer: "adam lr=0.001"))
        let loaded = try Network<Float>.loadWeights(from: url)
        #expect(loaded.architecture == network.architecture)
        #expect(parameterBits(loaded) == parameterBits(network))
        var generator = Xoshiro256StarStar(seed: 8)
        let input = gaussianMatrix(7, 6, using: &generator).converted(to: Float.self)
        #expect(loaded.forward(input).elements.map(\.bitPattern) == network.forward(input).elements.map(\.bitPattern))

        // The file's layout is PyTorch's nn.Linear: weight [out, in], bias [out]; metadata filled in.
        let file = try SafetensorsFile.read(from: url)
        #expect(file.tensors["layer1.weight"]?.shape == [5, 6])
        #expect(file.tensors["layer1.bias"]?.shape == [5])
        #expect(file.tensors["layer3.weight"]?.shape == [3, 4])
        #expect(file.tensors["layer1.weight"]?.dtype == .float32)
        #expect(file.metadata["architecture"] == "6-5-4-3")
        #expect(file.metadata["activations"] == "relu,sigmoid")
        #expect(file.metadata["output"] == "softmax+ce")
        #expect(file.metadata["loss"] == "cross-entropy")
        #expect(file.metadata["dtype"] == "F32")
        #expect(WeightsTrainingInfo(metadata: file.metadata) == WeightsTrainingInfo(epoch: 3, testAccuracy: 0.875, seed: 42, optimizer: "adam lr=0.001"))
        // Weight [r, c] is row-major: element (1, 2) is at flat index 1·6 + 2.
        let weight = try file.matrix(named: "layer1.weight", as: Float.self)
        #expect(weight[1, 2] == network.denseLayers[0].weight[1, 2])
    }

    @Test("a Float file loads as Double with exactly the same values")
    func loadsIntoDouble() throws {
        let network = seededNetwork("4-3-2")
        let loaded = try Network<Double>(weightsFile: network.weightsFile())
        for (a, b) in zip(network.namedParameters, loaded.namedParameters) {
            #expect(a.value.elements.map(Double.init) == b.value.elements)
        }
        // And a Double network saves F64.
        #expect(loaded.weightsFile().tensors["layer1.weight"]?.dtype == .float64)
        #expect(loaded.weightsFile().metadata["dtype"] == "F64")
    }

    @Test("a tensor of the wrong shape is rejected, naming file and tensor")
    func wrongShape() {
        var file = seededNetwork("4-3-2").weightsFile()
        file.tensors["layer1.weight"] = SafetensorsFile.Tensor(Matrix<Float>(rows: 4, columns: 3))   // transposed
        #expect(throws: NetworkWeightsError.wrongShape(file: "bad.safetensors", tensor: "layer1.weight", expected: [3, 4], found: [4, 3])) {
            try Network<Float>(weightsFile: file, path: "bad.safetensors")
        }
        let message = NetworkWeightsError.wrongShape(file: "bad.safetensors", tensor: "layer1.weight", expected: [3, 4], found: [4, 3]).description
        #expect(message.contains("bad.safetensors") && message.contains("layer1.weight") && message.contains("hint:"))
    }

    @Test("a missing tensor is rejected")
    func missingTensor() {
        var file = seededNetwork("4-3-2").weightsFile()
        file.tensors["layer2.bias"] = nil
        #expect(throws: NetworkWeightsError.missingTensor(file: "m.safetensors", name: "layer2.bias",
                                                          available: ["layer1.bias", "layer1.weight", "layer2.weight"])) {
            try Network<Float>(weightsFile: file, path: "m.safetensors")
        }
    }

    @Test("missing or unknown architecture metadata is rejected", arguments: ["architecture", "output"])
    func missingMetadata(key: String) {
        var file = seededNetwork("4-3-2").weightsFile()
        file.metadata[key] = nil
        #expect(throws: NetworkWeightsError.missingMetadata(file: "m.safetensors", key: key)) {
            try Network<Float>(weightsFile: file, path: "m.safetensors")
        }
        file.metadata[key] = "banana"
        #expect(throws: NetworkWeightsError.self) { try Network<Float>(weightsFile: file, path: "m.safetensors") }
    }

    @Test("a tensor whose dtype differs from the file's dtype, or is not a float, is rejected")
    func wrongDType() {
        var file = seededNetwork("4-3-2").weightsFile()
        file.tensors["layer1.bias"] = SafetensorsFile.Tensor(Matrix<Double>(rows: 1, columns: 3), asVector: true)
        #expect(throws: NetworkWeightsError.wrongDType(file: "d.safetensors", tensor: "layer1.bias", expected: "F32", found: "F64")) {
            try Network<Float>(weightsFile: file, path: "d.safetensors")
        }
        file.tensors["layer1.bias"] = SafetensorsFile.Tensor(dtype: .int32, shape: [3], bytes: [UInt8](repeating: 0, count: 12))
        #expect(throws: NetworkWeightsError.wrongDType(file: "d.safetensors", tensor: "layer1.bias", expected: "F32", found: "I32")) {
            try Network<Float>(weightsFile: file, path: "d.safetensors")
        }
    }

    @Test("a checkpoint loads as a plain network (optimiser tensors ignored)")
    func checkpointLoadsAsWeights() throws {
        let trainer = Trainer(network: seededNetwork("3-4-2"),
                              configuration: TrainingConfiguration(epochs: 1, batchSize: 5, optimizer: .adam))
        try trainer.train(on: separableData(count: 10, dimensions: 3, classes: 2, seed: 1))
        let loaded = try Network<Float>(weightsFile: trainer.checkpointFile())
        #expect(parameterBits(loaded) == parameterBits(trainer.network))
    }

    @Test("gradients export holds grad.<name> tensors equal to the gradients, and the loss")
    func gradientsFile() throws {
        let network = seededNetwork("3-4-2")
        let data = separableData(count: 6, dimensions: 3, classes: 2, seed: 2)
        let loss = network.lossAndGradients(input: data.inputs, targets: .oneHot(labels: data.labels, classCount: 2))
        let file = network.gradientsFile(loss: loss)
        #expect(file.sortedTensorNames == ["grad.layer1.bias", "grad.layer1.weight", "grad.layer2.bias", "grad.layer2.weight"])
        #expect(file.tensors["grad.layer1.bias"]?.shape == [4])
        for name in network.parameterNames {
            let saved = try file.matrix(named: "grad." + name, as: Float.self)
            #expect(saved.elements == (try network.gradient(named: name)).elements)
        }
        #expect(Float(file.metadata["loss"] ?? "") == loss)
    }
}
