// Errors for a safetensors file that is valid safetensors but not a loadable network.

/// A weights file whose metadata or tensors do not describe a network this project can build.
public enum NetworkWeightsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A metadata key the loader needs is absent.
    case missingMetadata(file: String, key: String)
    /// A metadata value does not parse (unknown activation, bad widths, unknown dtype...).
    case invalidMetadata(file: String, key: String, value: String, reason: String)
    /// `format_version` is one this code does not know.
    case unsupportedVersion(file: String, version: String)
    /// A parameter tensor the architecture needs is absent.
    case missingTensor(file: String, name: String, available: [String])
    /// A parameter tensor has the wrong shape for the architecture.
    case wrongShape(file: String, tensor: String, expected: [Int], found: [Int])
    /// A parameter tensor's dtype is not the file's declared dtype, or not F32/F64.
    case wrongDType(file: String, tensor: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .missingMetadata(file, key):
            return "error: \(file) has no \"\(key)\" metadata, so the network's architecture is unknown\nhint: load only files saved by `backprop train` (or add the metadata: architecture, activations, output, dtype)."
        case let .invalidMetadata(file, key, value, reason):
            return "error: \(file): metadata \"\(key)\" = \"\(value)\" cannot be used: \(reason)\nhint: the file was not saved by this version of backprop, or its metadata was edited; save the model again."
        case let .unsupportedVersion(file, version):
            return "error: \(file) has format_version \(version), but this backprop reads version \(NetworkWeightsKey.currentVersion)\nhint: save the model again with this version of backprop."
        case let .missingTensor(file, name, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "error: \(file) has no tensor '\(name)' (tensors present: \(list))\nhint: the tensors do not match the architecture in the metadata; the file is incomplete or from another model."
        case let .wrongShape(file, tensor, expected, found):
            return "error: \(file): tensor '\(tensor)' has shape \(found), but the architecture needs \(expected)\nhint: weights are stored out×in (PyTorch's nn.Linear layout) and biases as 1-D; check the file belongs to this architecture."
        case let .wrongDType(file, tensor, expected, found):
            return "error: \(file): tensor '\(tensor)' has dtype \(found), expected \(expected)\nhint: store every parameter as F32 (or every one as F64), matching the \"dtype\" metadata."
        }
    }
}
