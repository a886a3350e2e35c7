// The messages a person sees when a weights file from elsewhere does not fit: the key at
// fault with its own value, one error line and one hint (never "error: … error:"), and
// layer names numbered from 0 named as such.
import Linalg
import NeuralNet
import Testing

struct WeightsMessagesTests {
    func file(_ sizes: String) throws -> SafetensorsFile {
        seededNetwork(sizes, activations: sizes.split(separator: "-").count > 2 ? "relu" : "").weightsFile()
    }

    @Test("no activations with hidden layers: 'missing activations', one error line; without hidden layers it is not needed")
    func missingActivations() throws {
        var weights = try file("4-3-2")
        weights.metadata["activations"] = nil
        #expect(throws: NetworkWeightsError.missingMetadata(file: "m.safetensors", key: "activations")) {
            try Network<Float>(weightsFile: weights, path: "m.safetensors")
        }
        var flat = try file("4-2")
        flat.metadata["activations"] = nil
        #expect(try Network<Float>(weightsFile: flat, path: "m.safetensors").architecture.layerSizes == [4, 2])
    }

    @Test("a bad activation names the activations key and its value, without a nested error")
    func badActivation() throws {
        var weights = try file("4-3-2")
        weights.metadata["activations"] = "banana"
        do {
            _ = try Network<Float>(weightsFile: weights, path: "m.safetensors")
            Issue.record("loaded")
        } catch {
            #expect(error == .invalidMetadata(file: "m.safetensors", key: "activations", value: "banana", reason: "unknown activation 'banana'"))
            let message = error.description
            #expect(message.components(separatedBy: "error:").count == 2, "\(message)")
            #expect(message.components(separatedBy: "hint:").count == 2, "\(message)")
        }
    }

    @Test("the missing-metadata hint lists what is required and says dtype is optional")
    func requiredMetadataHint() {
        let message = NetworkWeightsError.missingMetadata(file: "m.safetensors", key: "architecture").description
        #expect(message.contains("architecture") && message.contains("activations") && message.contains("output"))
        #expect(message.contains("dtype is optional"))
    }

    @Test("layers numbered from 0 get 'expected layer1…', not a shape error")
    func layersFromZero() throws {
        let weights = try file("4-3-2")
        var renamed = weights
        renamed.tensors = [:]
        for (name, tensor) in weights.tensors {
            let number = Int(name.dropFirst(5).prefix { $0.isNumber })!
            renamed.tensors["layer\(number - 1)" + name.drop { $0 != "." }] = tensor
        }
        do {
            _ = try Network<Float>(weightsFile: renamed, path: "m.safetensors")
            Issue.record("loaded")
        } catch {
            guard case .layersNumberedFromZero(_, let expected, let found) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(expected == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"])
            #expect(found.contains("layer0.weight"))
            #expect(error.description.contains("expected layer1.weight"))
        }
    }
}
