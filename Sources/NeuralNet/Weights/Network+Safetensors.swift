// A network as a safetensors weights file and back. Tensors are the parameters by name:
// "layerℓ.weight" (out×in, 2-D) and "layerℓ.bias" (1-D [out], as PyTorch stores biases).
// The architecture lives in the metadata, so loading needs nothing but the file.
//
// Metadata keys (all strings):
//   format = "backprop-weights", format_version = "1", created_by = "backprop",
//   architecture = "784-250-250-10", activations = "relu,relu", output = "softmax+ce",
//   loss = "cross-entropy" | "mse", dtype = "F32" | "F64",
//   optional: epoch, test_accuracy, seed, optimizer (see `WeightsTrainingInfo`).
import Foundation
import Linalg

/// Metadata key names of a network weights file.
public enum NetworkWeightsKey {
    public static let format = "format"
    public static let formatVersion = "format_version"
    public static let createdBy = "created_by"
    public static let architecture = "architecture"
    public static let activations = "activations"
    public static let output = "output"
    public static let loss = "loss"
    public static let dtype = "dtype"
    public static let epoch = "epoch"
    public static let testAccuracy = "test_accuracy"
    public static let seed = "seed"
    public static let optimizer = "optimizer"

    /// The value of `format` in every file this project writes.
    public static let formatName = "backprop-weights"
    /// The value of `format_version` this code writes and reads.
    public static let currentVersion = "1"
}

/// Optional facts about how the weights were trained, stored in the file's metadata.
public struct WeightsTrainingInfo: Equatable, Sendable {
    /// Epochs completed (1-based count).
    public var epoch: Int?
    /// Test-set accuracy in [0, 1] after that epoch.
    public var testAccuracy: Double?
    public var seed: UInt64?
    /// e.g. "adam lr=0.001".
    public var optimizer: String?

    public init(epoch: Int? = nil, testAccuracy: Double? = nil, seed: UInt64? = nil, optimizer: String? = nil) {
        self.epoch = epoch
        self.testAccuracy = testAccuracy
        self.seed = seed
        self.optimizer = optimizer
    }

    /// Reads whichever of the fields are present (and parse) in `metadata`.
    public init(metadata: [String: String]) {
        epoch = metadata[NetworkWeightsKey.epoch].flatMap { Int($0) }
        testAccuracy = metadata[NetworkWeightsKey.testAccuracy].flatMap { Double($0) }
        seed = metadata[NetworkWeightsKey.seed].flatMap { UInt64($0) }
        optimizer = metadata[NetworkWeightsKey.optimizer]
    }

    /// The present fields as metadata entries.
    public var metadata: [String: String] {
        var result: [String: String] = [:]
        if let epoch { result[NetworkWeightsKey.epoch] = String(epoch) }
        if let testAccuracy { result[NetworkWeightsKey.testAccuracy] = String(testAccuracy) }
        if let seed { result[NetworkWeightsKey.seed] = String(seed) }
        if let optimizer { result[NetworkWeightsKey.optimizer] = optimizer }
        return result
    }
}

extension OutputHead {
    /// The loss this head trains with: "cross-entropy" or "mse".
    public var lossName: String { self == .softmaxCrossEntropy ? "cross-entropy" : "mse" }
}

extension Network {
    /// The safetensors dtype of this network's parameters: "F32" or "F64".
    public static var dtypeName: String {
        Scalar.self == Float.self ? SafetensorsFile.DType.float32.rawValue : SafetensorsFile.DType.float64.rawValue
    }

    /// The metadata describing this network (architecture, loss, dtype, format), plus `info`.
    public func weightsMetadata(info: WeightsTrainingInfo = WeightsTrainingInfo()) -> [String: String] {
        var metadata = info.metadata
        metadata[NetworkWeightsKey.format] = NetworkWeightsKey.formatName
        metadata[NetworkWeightsKey.formatVersion] = NetworkWeightsKey.currentVersion
        metadata[NetworkWeightsKey.createdBy] = "backprop"
        metadata[NetworkWeightsKey.architecture] = architecture.sizesDescription
        metadata[NetworkWeightsKey.activations] = architecture.activationsDescription
        metadata[NetworkWeightsKey.output] = architecture.output.rawValue
        metadata[NetworkWeightsKey.loss] = architecture.output.lossName
        metadata[NetworkWeightsKey.dtype] = Self.dtypeName
        return metadata
    }

    /// The weights file in memory: every parameter (weights 2-D, biases 1-D) and metadata.
    /// `extraMetadata` entries are added last and may not replace the architecture keys.
    public func weightsFile(info: WeightsTrainingInfo = WeightsTrainingInfo(),
                            extraMetadata: [String: String] = [:]) -> SafetensorsFile {
        var tensors: [String: SafetensorsFile.Tensor] = [:]
        for (index, layer) in denseLayers.enumerated() {
            tensors["layer\(index + 1).weight"] = SafetensorsFile.Tensor(layer.weight)
            tensors["layer\(index + 1).bias"] = SafetensorsFile.Tensor(layer.bias, asVector: true)
        }
        let metadata = extraMetadata.merging(weightsMetadata(info: info)) { _, own in own }
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }

    /// Writes the weights file to `url` atomically (see `SafetensorsFile.write(to:)`).
    /// - Throws: `WeightsError` naming the file.
    public func saveWeights(to url: URL, info: WeightsTrainingInfo = WeightsTrainingInfo(),
                            extraMetadata: [String: String] = [:]) throws {
        try weightsFile(info: info, extraMetadata: extraMetadata).write(to: url)
    }

    /// Reads a weights file (or a training checkpoint) and builds the network it describes,
    /// converting F32/F64 to `Scalar`.
    /// - Throws: `WeightsError` if the file is not valid safetensors, `NetworkWeightsError`
    ///   if it does not describe a network.
    public static func loadWeights(from url: URL) throws -> Network<Scalar> {
        let file = try SafetensorsFile.read(from: url)
        return try Network(weightsFile: file, path: url.path)
    }

    /// Builds the network `file` describes: architecture from the metadata, then every
    /// parameter checked for dtype and shape. `path` names the file in errors.
    public convenience init(weightsFile file: SafetensorsFile, path: String = "(in memory)") throws(NetworkWeightsError) {
        let metadata = file.metadata
        func required(_ key: String) throws(NetworkWeightsError) -> String {
            guard let value = metadata[key] else { throw .missingMetadata(file: path, key: key) }
            return value
        }
        if let version = metadata[NetworkWeightsKey.formatVersion], version != NetworkWeightsKey.currentVersion {
            throw .unsupportedVersion(file: path, version: version)
        }
        let sizes = try required(NetworkWeightsKey.architecture)
        let output = try required(NetworkWeightsKey.output)
        // "" is a valid list only for a network without hidden layers ("784-10").
        let hiddenLayers = sizes.split(separator: "-").count - 2
        let activations = hiddenLayers > 0 ? try required(NetworkWeightsKey.activations) : (metadata[NetworkWeightsKey.activations] ?? "")
        let architecture: Architecture
        do {
            architecture = try Architecture(parsing: sizes, activations: activations, output: output)
        } catch {
            // Name the one key at fault, with its own value, and the reason without its own
            // "error:"/"hint:" lines (the message is ours to frame).
            let key: String, value: String
            switch error {
            case .activationCountMismatch, .unknownActivation: (key, value) = (NetworkWeightsKey.activations, activations)
            case .unknownOutputHead: (key, value) = (NetworkWeightsKey.output, output)
            default: (key, value) = (NetworkWeightsKey.architecture, sizes)
            }
            let reason = error.description.split(separator: "\n").first.map { String($0.hasPrefix("error: ") ? $0.dropFirst(7) : $0[...]) } ?? ""
            throw .invalidMetadata(file: path, key: key, value: value, reason: reason)
        }
        let expectedDType = metadata[NetworkWeightsKey.dtype]
        if let expectedDType, expectedDType != "F32" && expectedDType != "F64" {
            throw .invalidMetadata(file: path, key: NetworkWeightsKey.dtype, value: expectedDType,
                                   reason: "only F32 and F64 weights can be loaded")
        }
        let sizesList = architecture.layerSizes
        // Tensors numbered from 0 (layer0.weight, …) would otherwise meet a shape error one
        // layer later; say what the names must be.
        if file.tensors["layer0.weight"] != nil || file.tensors["layer0.bias"] != nil {
            let expected = (1..<sizesList.count).flatMap { ["layer\($0).weight", "layer\($0).bias"] }
            throw .layersNumberedFromZero(file: path, expected: expected, found: file.sortedTensorNames)
        }
        var dense: [Dense<Scalar>] = []
        for index in 0..<(sizesList.count - 1) {
            let (inputs, outputs) = (sizesList[index], sizesList[index + 1])
            let weight = try Self.parameter(in: file, name: "layer\(index + 1).weight", shape: [outputs, inputs],
                                            dtype: expectedDType, path: path)
            let bias = try Self.parameter(in: file, name: "layer\(index + 1).bias", shape: [outputs],
                                          dtype: expectedDType, path: path)
            dense.append(Dense(weight: weight, bias: bias))
        }
        self.init(architecture: architecture, denseLayers: dense)
    }

    /// One parameter tensor as a matrix, after checking dtype and shape. Biases may also be
    /// stored 2-D as 1×out.
    static func parameter(in file: SafetensorsFile, name: String, shape: [Int], dtype: String?,
                          path: String) throws(NetworkWeightsError) -> Matrix<Scalar> {
        guard let tensor = file.tensors[name] else {
            throw .missingTensor(file: path, name: name, available: file.sortedTensorNames)
        }
        let found = tensor.dtype.rawValue
        guard tensor.dtype == .float32 || tensor.dtype == .float64 else {
            throw .wrongDType(file: path, tensor: name, expected: dtype ?? "F32 or F64", found: found)
        }
        if let dtype, dtype != found {
            throw .wrongDType(file: path, tensor: name, expected: dtype, found: found)
        }
        let acceptable = tensor.shape == shape || (shape.count == 1 && tensor.shape == [1, shape[0]])
        guard acceptable else { throw .wrongShape(file: path, tensor: name, expected: shape, found: tensor.shape) }
        let matrix: Matrix<Scalar>
        do {
            matrix = try tensor.matrix(as: Scalar.self, name: name, file: path)
        } catch {
            throw .wrongDType(file: path, tensor: name, expected: dtype ?? "F32 or F64", found: found)
        }
        // NaN or ±Inf would train or predict silently wrong: the file is broken.
        if let index = matrix.elements.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(file: path, tensor: name, index: index, value: "\(matrix.elements[index])")
        }
        return matrix
    }

    /// The gradients of the last `lossAndGradients` as a file: tensors "grad.layerℓ.weight"
    /// (out×in) and "grad.layerℓ.bias" ([out]), metadata as for weights except
    /// `format` = "backprop-gradients", `loss` = the batch loss value and `loss_function` =
    /// "cross-entropy" | "mse". For comparison with PyTorch's autograd.
    public func gradientsFile(loss: Scalar, extraMetadata: [String: String] = [:]) -> SafetensorsFile {
        var tensors: [String: SafetensorsFile.Tensor] = [:]
        for (index, layer) in denseLayers.enumerated() {
            tensors["grad.layer\(index + 1).weight"] = SafetensorsFile.Tensor(layer.weightGradient)
            tensors["grad.layer\(index + 1).bias"] = SafetensorsFile.Tensor(layer.biasGradient, asVector: true)
        }
        var metadata = extraMetadata.merging(weightsMetadata()) { _, own in own }
        metadata[NetworkWeightsKey.format] = "backprop-gradients"
        metadata["loss_function"] = architecture.output.lossName
        metadata[NetworkWeightsKey.loss] = "\(loss)"
        return SafetensorsFile(tensors: tensors, metadata: metadata)
    }
}


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
    /// A parameter holds NaN or ±Inf at flat (row-major) `index`.
    case nonFinite(file: String, tensor: String, index: Int, value: String)
    /// The layer tensors are numbered from 0; backprop's are numbered from 1.
    case layersNumberedFromZero(file: String, expected: [String], found: [String])

    public var description: String {
        switch self {
        case let .missingMetadata(file, key):
            return "error: \(file) has no \"\(key)\" metadata, so the network's architecture is unknown\nhint: load only files saved by `backprop train` (or add the required metadata: architecture, e.g. \"784-256-256-10\"; activations, e.g. \"relu\"; output, e.g. \"softmax+ce\"; dtype is optional). See `backprop help weights`."
        case let .invalidMetadata(file, key, value, reason):
            return "error: \(file): metadata \"\(key)\" = \"\(value)\" cannot be used: \(reason)\nhint: the file was not saved by this version of backprop, or its metadata was edited; save the model again."
        case let .unsupportedVersion(file, version):
            return "error: \(file) has format_version \(version), but this backprop reads version \(NetworkWeightsKey.currentVersion)\nhint: save the model again with this version of backprop."
        case let .missingTensor(file, name, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "error: \(file) has no tensor '\(name)' (tensors present: \(list))\nhint: the tensors do not match the architecture in the metadata; the file is incomplete or from another model."
        case let .wrongShape(file, tensor, expected, found):
            return "error: \(file): tensor '\(tensor)' has shape \(found), but the architecture needs \(expected)\nhint: weights are stored out×in (PyTorch's nn.Linear layout) and biases as 1-D; check the file belongs to this architecture."
        case let .nonFinite(file, tensor, index, value):
            return "error: \(file): tensor '\(tensor)' holds \(value) at index \(index) (row-major), so the weights are broken\nhint: the run that saved it diverged or the file was damaged; resume from an earlier checkpoint or train again (a lower --lr helps a diverging run)."
        case let .wrongDType(file, tensor, expected, found):
            return "error: \(file): tensor '\(tensor)' has dtype \(found), expected \(expected)\nhint: store every parameter as F32 (or every one as F64), matching the \"dtype\" metadata."
        case let .layersNumberedFromZero(file, expected, found):
            return "error: \(file): its layer tensors are numbered from 0 (\(found.joined(separator: ", "))), but backprop numbers layers from 1: expected \(expected.joined(separator: ", "))\nhint: rename layerℓ to layer(ℓ+1), keeping the order; see `backprop help weights`."
        }
    }
}
