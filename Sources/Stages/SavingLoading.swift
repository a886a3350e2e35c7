// Lesson 11: saving and loading weights. The safetensors layout taken apart byte by byte,
// then a save → reload round trip that must reproduce every output bit for bit.
// Shapes: N test images, D = 784, K = 10; logits/probabilities N×K; weights out×in.
import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// The reference code of lesson 11.
public enum SavingLoading {
    /// The 8-byte little-endian header length at the start of a safetensors file.
    static func headerLength(of bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= 8 else { return nil }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
    }

    /// `count` bytes from `start` as hex-dump rows: offset, 16 bytes in hex, the same bytes as
    /// ASCII ('.' for anything unprintable).
    static func hexDump(_ bytes: [UInt8], start: Int = 0, count: Int) -> [[String]] {
        stride(from: start, to: min(bytes.count, start + count), by: 16).map { offset in
            let row = bytes[offset..<min(bytes.count, offset + 16)]
            let hex = row.map { String(format: "%02x", $0) }.joined(separator: " ")
            let ascii = String(row.map { (0x20...0x7e).contains($0) ? Character(UnicodeScalar($0)) : "." })
            return [String(format: "%04x", offset), hex, ascii]
        }
    }

    /// The logits Z = A·W_lastᵀ + b_last (N×K) for `inputs` (N×D): the last layer's output,
    /// before softmax.
    static func logits(_ network: Network<Float>, inputs: Matrix<Float>) -> Matrix<Float> {
        network.forward(inputs)
        return network.layers[network.layers.count - 1].output
    }

    /// The header as readable lines: each metadata entry on a line of its own, each tensor's
    /// entry on two (JSONSerialization's pretty-printing puts every number on its own line).
    static func headerLines(_ header: [String: Any]) -> [String] {
        func literal(_ value: Any) -> String {
            if let text = value as? String { return "\"\(text)\"" }
            if let numbers = value as? [Any] { return "[" + numbers.map(literal).joined(separator: ", ") + "]" }
            if let fields = value as? [String: Any] {
                let order = ["dtype", "shape", "data_offsets"]
                let keys = fields.keys.sorted { (order.firstIndex(of: $0) ?? 9, $0) < (order.firstIndex(of: $1) ?? 9, $1) }
                return "{" + keys.map { "\"\($0)\": \(literal(fields[$0] ?? ""))" }.joined(separator: ", ") + "}"
            }
            return "\(value)"
        }
        var lines = ["{"]
        let names = header.keys.sorted { ($0 == SafetensorsFile.metadataKey ? 0 : 1, $0) < ($1 == SafetensorsFile.metadataKey ? 0 : 1, $1) }
        for (index, name) in names.enumerated() {
            let comma = index == names.count - 1 ? "" : ","
            if name == SafetensorsFile.metadataKey, let metadata = header[name] as? [String: Any] {
                lines.append("  \"\(name)\": {")
                let keys = metadata.keys.sorted()
                for (position, key) in keys.enumerated() {
                    lines.append("    \"\(key)\": \(literal(metadata[key] ?? ""))" + (position == keys.count - 1 ? "" : ","))
                }
                lines.append("  }" + comma)
            } else if let fields = header[name] as? [String: Any] {
                // Two lines per tensor so the entry fits the terminal: dtype and shape, then offsets.
                let head = "  \"\(name)\": {"
                lines.append(head + ["dtype", "shape"].map { "\"\($0)\": \(literal(fields[$0] ?? ""))" }.joined(separator: ", ") + ",")
                lines.append(String(repeating: " ", count: head.count) + "\"data_offsets\": \(literal(fields["data_offsets"] ?? ""))}" + comma)
            } else {
                lines.append("  \"\(name)\": \(literal(header[name] ?? ""))" + comma)
            }
        }
        return lines + ["}"]
    }

    // region round-trip
    /// Saves `network` to `url`, reads it back, and compares the two
    /// networks' logits on `inputs` (N×D) bit for bit. Returns the reloaded
    /// network and how many of the N×K logits differ in any bit.
    static func roundTrip(_ network: Network<Float>, through url: URL,
                          info: WeightsTrainingInfo, inputs: Matrix<Float>)
        throws -> (reloaded: Network<Float>, differingLogits: Int) {
        // Atomic: a temporary file, fsync, then rename over `url`.
        try network.saveWeights(to: url, info: info)
        // Every header field and offset validated; architecture from metadata.
        let reloaded = try Network<Float>.loadWeights(from: url)
        let before = logits(network, inputs: inputs)                // N×K
        let after = logits(reloaded, inputs: inputs)                // N×K
        let differing = zip(before.elements, after.elements)
            .filter { $0.bitPattern != $1.bitPattern }.count
        return (reloaded, differing)
    }
    // endregion
}

/// Stage `savingLoading`.
public final class SavingLoadingStage: Stage {
    public let steps = ["load", "file-layout", "tensors", "round-trip"]
    /// Test images evaluated (nil: all 10,000); tests use fewer.
    public var testCount: Int? = nil
    /// Without lesson 10's file: train the default model on this many images for one epoch.
    public var fallbackTrainingCount = 5_000

    private var source: (url: URL, network: Network<Float>, note: String)?
    private var test: FashionSplit?

    public init() {}

    public func run(step: String, context: StageContext) throws {
        switch step {
        case "load": try load(context)
        case "file-layout": try fileLayout(context)
        case "tensors": try tensors(context)
        case "round-trip": try roundTrip(context)
        default: throw StageError.unknownStep(stage: "savingLoading", step: step, known: steps)
        }
    }

    func testSplit(_ context: StageContext) throws -> FashionSplit {
        try CourseData.loadOnce(&test, .test, count: testCount, context: context)
    }

    /// Lesson 10's weights if a run left them, else a small model trained now and saved
    /// beside where lesson 10's would be.
    private func weights(_ context: StageContext) throws -> (url: URL, network: Network<Float>, note: String) {
        if let source { return source }
        let found: (URL, Network<Float>, String)
        if let url = LessonWeights.existing(options: context.options) {
            let network = try Network<Float>.loadWeights(from: url)
            found = (url, network, "Using lesson 10's trained weights from `\(url.path)`.")
        } else {
            var configuration = DefaultModel.configuration
            configuration.epochs = 1
            let training = try CourseData.load(.train, count: fallbackTrainingCount, context: context)
            let network = try FullTraining.initialNetwork()
            _ = try FullTraining.train(network, configuration: configuration, training: training.data,
                                   test: try testSplit(context).data, observer: EpochProgress(context: context))
            let url = LessonWeights.directory(context.options).appendingPathComponent("lesson11-fallback.safetensors")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let accuracy = network.evaluate(try testSplit(context).data).accuracy
            try network.saveWeights(to: url, info: WeightsTrainingInfo(epoch: 1, testAccuracy: accuracy, seed: configuration.seed,
                                                                       optimizer: configuration.optimizerDescription),
                                    extraMetadata: ["lesson": "11", "training_images": String(training.data.count),
                                                    "test_images": String(try testSplit(context).data.count)])
            found = (url, network, "Lesson 10 has not saved weights yet (run `backprop run 10`), so this lesson trained the default model for one epoch on \(training.data.count.formatted()) images just now and saved it to `\(url.path)`.")
        }
        source = found
        return found
    }

    private func fileBytes(_ url: URL) throws -> [UInt8] {
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw WeightsError.unreadable(file: url.path, reason: error.localizedDescription)
        }
    }

    private func load(_ context: StageContext) throws {
        let (url, network, note) = try weights(context)
        let metadata = try SafetensorsFile.read(from: url).metadata
        context.text(note)
        let keys = ["architecture", "activations", "output", "dtype", "epoch", "test_accuracy", "optimizer", "mode", "training_images"]
        context.table(Table(title: "What the file says about itself (its metadata)", headers: ["key", "value"],
                            rows: keys.compactMap { key in metadata[key].map { [key, $0] } }, rightAligned: [false, false]))
        context.text("Rebuilt from the file alone: \(network.architecture), \(network.parameterCount.formatted()) parameters.")
    }

    private func fileLayout(_ context: StageContext) throws {
        let (url, _, _) = try weights(context)
        let bytes = try fileBytes(url)
        guard let length = SavingLoading.headerLength(of: bytes), 8 + Int(length) <= bytes.count else {
            throw WeightsError.unreadable(file: url.path, reason: "shorter than its header")
        }
        let headerEnd = 8 + Int(length)
        context.table(Table(title: "The first 96 bytes of \(url.lastPathComponent)", headers: ["offset", "bytes (hex)", "as ASCII"],
                            rows: SavingLoading.hexDump(bytes, count: 96), rightAligned: [false, false, false]))
        let lengthBytes = bytes[0..<8].map { String(format: "%02x", $0) }.joined(separator: " ")
        context.text("Bytes 0–7, `\(lengthBytes)`, read little-endian (least significant byte first), are the header length N = \(length): the JSON header fills bytes 8 to \(headerEnd - 1), and the tensor data starts at byte \(headerEnd).")
        let json = Array(bytes[8..<headerEnd])
        guard let header = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw WeightsError.headerNotObject(file: url.path)
        }
        context.table(Table(title: "The JSON header, laid out (the file holds it on one line, padded with spaces)",
                            headers: ["bytes \(8)–\(headerEnd - 1)"], rows: SavingLoading.headerLines(header).map { [$0] },
                            rightAligned: [false]))
    }

    private func tensors(_ context: StageContext) throws {
        let (url, _, _) = try weights(context)
        let bytes = try fileBytes(url)
        let file = try SafetensorsFile.parse(bytes, file: url.path)
        let headerLength = Int(SavingLoading.headerLength(of: bytes) ?? 0)
        var offset = 0
        var rows: [[String]] = []
        for name in file.sortedTensorNames {
            guard let tensor = file.tensors[name] else { continue }
            rows.append([name, tensor.dtype.rawValue, "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]",
                         tensor.bytes.count.formatted(), "[\(offset), \(offset + tensor.bytes.count))"])
            offset += tensor.bytes.count
        }
        let dataBytes = file.tensors.values.reduce(0) { $0 + $1.bytes.count }
        rows.append(["total", "", "", dataBytes.formatted(), ""])
        context.table(Table(title: "The tensors, in file order (bytes = elements × 4 for F32)",
                            headers: ["name", "dtype", "shape", "bytes", "data offsets"],
                            rows: rows, rightAligned: [false, false, false, true, false]))
        let expected = 8 + headerLength + dataBytes
        context.text("8 bytes of length + \(headerLength.formatted()) bytes of header + \(dataBytes.formatted()) bytes of tensors = \(expected.formatted()) bytes; the file on disk has \(bytes.count.formatted()).")
        context.check(Check(name: "file size = 8 + header + Σ tensor bytes", value: Double(bytes.count), threshold: Double(expected),
                            comparison: .equal, detail: "\(bytes.count) bytes on disk, \(expected) expected"))
    }

    private func roundTrip(_ context: StageContext) throws {
        let (url, network, _) = try weights(context)
        let test = try testSplit(context)
        let metadata = try SafetensorsFile.read(from: url).metadata
        let copyURL = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-lesson11-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: copyURL) }
        let before = network.evaluate(test.data)
        let (reloaded, differing) = try SavingLoading.roundTrip(network, through: copyURL, info: WeightsTrainingInfo(metadata: metadata),
                                                                inputs: test.data.inputs)
        let after = reloaded.evaluate(test.data)
        let rows: [[String]] = (0..<6).map { index in
            let probabilities = network.topOutputs(for: test.data.inputs.row(index), count: 1)
            let again = reloaded.topOutputs(for: test.data.inputs.row(index), count: 1)
            return ["\(index)", CourseData.className(test.data.labels[index]),
                    probabilities.first.map { "\(CourseData.className($0.classIndex)) \(String(format: "%.9f", Double($0.value)))" } ?? "",
                    again.first.map { "\(CourseData.className($0.classIndex)) \(String(format: "%.9f", Double($0.value)))" } ?? ""]
        }
        context.table(Table(title: "The first test images: top class and its probability, before and after the round trip",
                            headers: ["image", "true class", "original", "reloaded"], rows: rows, rightAligned: [true, false, false, false]))
        let outputs = test.data.count * network.outputCount
        context.check(Check(name: "reloaded logits that differ from the original's in any bit",
                            value: Double(differing), threshold: 0, comparison: .equal,
                            detail: "\(outputs.formatted()) logits (\(test.data.count.formatted()) images × \(network.outputCount) classes) compared by bit pattern; \(differing) differ"))
        context.check(Check(name: "test accuracy after reloading equals the original's",
                            holds: before.accuracy == after.accuracy && before.predictions == after.predictions,
                            detail: String(format: "%.4f%% before, %.4f%% after, on %d test images", 100 * before.accuracy, 100 * after.accuracy, test.data.count)))
        if let recorded = metadata[NetworkWeightsKey.testAccuracy].flatMap(Double.init),
           metadata["test_images"] == String(test.data.count) {
            context.check(Check(name: "accuracy equals the one recorded in the file when it was saved",
                                holds: recorded == after.accuracy,
                                detail: String(format: "recorded %.4f%%, measured now %.4f%%", 100 * recorded, 100 * after.accuracy)))
        }
    }
}
