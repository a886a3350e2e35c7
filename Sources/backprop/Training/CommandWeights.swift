import Foundation
import Linalg
import NeuralNet

/// A weights file (or checkpoint) read for `evaluate`, `predict`, `gradients`.
struct LoadedWeights<Scalar: Real> {
    var network: Network<Scalar>
    var file: SafetensorsFile
    var url: URL
    /// epoch, test accuracy, seed, optimizer, when recorded.
    var info: WeightsTrainingInfo { WeightsTrainingInfo(metadata: file.metadata) }

    static var option: OptionSpec {
        .value("weights", "<file>", "A weights file (or checkpoint) written by `backprop train`. Required.")
    }

    /// Reads `--weights`. Throws `WeightsError` / `NetworkWeightsError` naming the file (exit 3).
    init(arguments: ParsedArguments, command: String) throws {
        url = try arguments.requiredPath("weights", command: command, example: "--weights model.safetensors")
        file = try SafetensorsFile.read(from: url)
        network = try Network<Scalar>(weightsFile: file, path: url.path)
    }

    /// Metadata rows for a table: architecture, epochs, recorded accuracy…
    var metadataRows: [[String]] {
        var rows: [[String]] = [["file", url.path], ["architecture", network.architecture.description]]
        let info = self.info
        if let epoch = info.epoch { rows.append(["epochs trained", "\(epoch)"]) }
        if let accuracy = info.testAccuracy { rows.append(["recorded test accuracy", Formatting.percent(accuracy)]) }
        if let optimizer = info.optimizer { rows.append(["optimizer", optimizer]) }
        if let seed = info.seed { rows.append(["seed", "\(seed)"]) }
        if let dtype = file.metadata[NetworkWeightsKey.dtype] { rows.append(["dtype", dtype]) }
        return rows
    }
}
