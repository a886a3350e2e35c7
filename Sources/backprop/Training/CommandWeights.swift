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

/// Checks on an output path, made before any work: it must not be one of the inputs
/// (after symlinks: `gradients --weights W --save W` would overwrite the weights), and it
/// must be writable as a file (its directory exists; nothing but a regular file is there).
enum OutputPath {
    static func check(_ output: URL, option: String, inputs: [(option: String, url: URL)]) throws {
        for input in inputs where sameFile(output, input.url) {
            throw UsageError(message: "--\(option) \(output.path) is the same file as --\(input.option); writing it would destroy the input",
                             hint: "save to another file, e.g. --\(option) \(output.deletingPathExtension().path)-out.\(output.pathExtension.isEmpty ? "safetensors" : output.pathExtension)")
        }
        do {
            try SafetensorsFile.checkWritableTarget(output)
        } catch {
            if case let .unwritable(file, reason) = error {
                throw UsageError(message: "cannot write --\(option) \(file): \(reason)", hint: "pass a file path in an existing directory")
            }
            throw error
        }
    }

    /// Same path after symlinks, or (when both exist) the same inode.
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var first = stat(), second = stat()
        if stat(a.path, &first) == 0, stat(b.path, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return a.resolvingSymlinksInPath().standardizedFileURL.path == b.resolvingSymlinksInPath().standardizedFileURL.path
    }
}
