// Checkpoints: the network's weights file plus everything a resume needs, in one
// safetensors file written atomically after every epoch.
//
// Extra metadata: kind = "checkpoint", training_configuration and training_history (JSON),
// optimizer_step (Adam's t). Extra tensors, shaped like their parameter:
//   momentum: "optim.layerℓ.weight.velocity", …   Adam: "optim.layerℓ.weight.m", ".v", …
import Foundation
import Linalg

/// Metadata keys a checkpoint adds to a weights file.
public enum CheckpointKey {
    public static let kind = "kind"
    public static let configuration = "training_configuration"
    public static let history = "training_history"
    public static let optimizerStep = "optimizer_step"
    /// Value of `kind` in a checkpoint.
    public static let checkpointKind = "checkpoint"
}

extension Trainer {
    /// The checkpoint in memory: weights, training metadata and optimiser state.
    public func checkpointFile() -> SafetensorsFile {
        let info = WeightsTrainingInfo(epoch: completedEpochs, testAccuracy: evaluatesTestSet ? history.epochs.last?.testAccuracy : nil,
                                       seed: configuration.seed, optimizer: configuration.optimizerDescription)
        var file = network.weightsFile(info: info)
        file.metadata[CheckpointKey.kind] = CheckpointKey.checkpointKind
        file.metadata[CheckpointKey.configuration] = Self.json(configuration)
        file.metadata[CheckpointKey.history] = Self.json(history)
        let names = network.parameterNames
        let shapes = network.namedParameters.map { ($0.value.rows, $0.value.columns) }
        func addState(_ state: [[Scalar]], suffix: String) {
            for (slot, values) in state.enumerated() where slot < names.count {
                let matrix = Matrix(rows: shapes[slot].0, columns: shapes[slot].1, elements: values)
                let isBias = names[slot].hasSuffix(".bias")
                file.tensors["optim.\(names[slot]).\(suffix)"] = SafetensorsFile.Tensor(matrix, asVector: isBias)
            }
        }
        if let momentum = optimizer as? MomentumSGD<Scalar> {
            addState(momentum.velocities, suffix: "velocity")
        } else if let adam = optimizer as? Adam<Scalar> {
            addState(adam.firstMoments, suffix: "m")
            addState(adam.secondMoments, suffix: "v")
            file.metadata[CheckpointKey.optimizerStep] = String(adam.stepCount)
        }
        return file
    }

    /// Writes `checkpointFile()` atomically to `url`.
    func writeCheckpoint(to url: URL) throws(TrainingError) {
        do {
            try checkpointFile().write(to: url)
        } catch let error as WeightsError {
            if case let .unwritable(_, reason) = error { throw .checkpointNotWritten(file: url.path, reason: reason) }
            throw .checkpointNotWritten(file: url.path, reason: error.description)
        } catch {
            throw .checkpointNotWritten(file: url.path, reason: "\(error)")
        }
    }

    /// Reads the checkpoint at `url` and continues where it stopped: same network, history,
    /// configuration and optimiser state. `epochs` replaces the total to reach; checkpoints
    /// keep going to `checkpointURL` (by default `url` itself).
    public convenience init(resumingFrom url: URL, epochs: Int? = nil, checkpointURL: URL? = nil) throws(TrainingError) {
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile.read(from: url)
        } catch {
            throw .invalidCheckpoint(file: url.path, problem: "\(error)")
        }
        try self.init(resumingFrom: file, path: url.path, epochs: epochs, checkpointURL: checkpointURL ?? url)
    }

    /// Resumes from a checkpoint already in memory; `path` names it in errors.
    public convenience init(resumingFrom file: SafetensorsFile, path: String = "(in memory)", epochs: Int? = nil,
                            checkpointURL: URL? = nil) throws(TrainingError) {
        let network: Network<Scalar>
        do {
            network = try Network<Scalar>(weightsFile: file, path: path)
        } catch {
            // Its first line, without the "error: " prefix: the checkpoint error adds its own.
            let first = error.description.split(separator: "\n").first.map(String.init) ?? error.description
            throw .invalidCheckpoint(file: path, problem: first.hasPrefix("error: ") ? String(first.dropFirst(7)) : first)
        }
        guard file.metadata[CheckpointKey.kind] == CheckpointKey.checkpointKind,
              let configurationText = file.metadata[CheckpointKey.configuration],
              let historyText = file.metadata[CheckpointKey.history] else {
            throw .invalidCheckpoint(file: path, problem: "it is a weights file without training state (no \"\(CheckpointKey.configuration)\" metadata)")
        }
        guard var configuration = Self.decode(TrainingConfiguration.self, configurationText),
              let history = Self.decode(TrainingHistory.self, historyText) else {
            throw .invalidCheckpoint(file: path, problem: "its training metadata is not valid JSON for this version of backprop")
        }
        if let epochs { configuration.epochs = epochs }
        // Every number read from the file is range-checked here, so a bad one is this
        // file's problem (exit 3, naming it), never a trap later or a blamed option.
        if let problem = configuration.problem {
            throw .invalidCheckpoint(file: path, problem: "its stored training configuration is invalid: \(problem)")
        }
        guard history.epochs.count <= Self.maximumStoredEpochs else {
            throw .invalidCheckpoint(file: path, problem: "its history holds \(history.epochs.count) epochs, more than any run writes")
        }
        let optimizer = Self.makeOptimizer(configuration)
        let names = network.parameterNames
        func state(_ suffix: String) throws(TrainingError) -> [[Scalar]] {
            var result: [[Scalar]] = []
            for (slot, name) in names.enumerated() {
                let key = "optim.\(name).\(suffix)"
                guard let tensor = file.tensors[key] else {
                    if slot == 0 { return [] }    // no state saved: the optimiser had not stepped
                    throw .invalidCheckpoint(file: path, problem: "tensor '\(key)' is missing")
                }
                guard let matrix = try? tensor.matrix(as: Scalar.self, name: key, file: path),
                      matrix.count == network.namedParameters[slot].value.count else {
                    throw .invalidCheckpoint(file: path, problem: "tensor '\(key)' does not match parameter '\(name)'")
                }
                result.append(matrix.elements)
            }
            return result
        }
        if let momentum = optimizer as? MomentumSGD<Scalar> {
            momentum.velocities = try state("velocity")
        } else if let adam = optimizer as? Adam<Scalar> {
            adam.firstMoments = try state("m")
            adam.secondMoments = try state("v")
            let stepText = file.metadata[CheckpointKey.optimizerStep] ?? "0"
            guard let step = Int(stepText), (0...Self.maximumOptimizerSteps).contains(step) else {
                throw .invalidCheckpoint(file: path, problem: "metadata \"\(CheckpointKey.optimizerStep)\" = \"\(stepText)\" is not a step count from 0 to \(Self.maximumOptimizerSteps)")
            }
            adam.stepCount = step
            if adam.firstMoments.count != adam.secondMoments.count {
                throw .invalidCheckpoint(file: path, problem: "Adam's m and v tensors are incomplete")
            }
        }
        self.init(network: network, configuration: configuration, optimizer: optimizer,
                  history: history, checkpointURL: checkpointURL)
    }

    /// Largest believable Adam step count in a checkpoint (10^12 batches; `Int.max` would
    /// overflow on the next step).
    public static var maximumOptimizerSteps: Int { 1_000_000_000_000 }
    /// Largest believable number of epochs in a checkpoint's history.
    public static var maximumStoredEpochs: Int { 1_000_000 }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(type, from: Data(text.utf8))
    }
}
