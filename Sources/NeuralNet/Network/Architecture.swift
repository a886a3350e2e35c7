// A network's shape as data: layer widths, hidden activations, output treatment.
// e.g. "784-250-250-10", relu, softmax+ce.
import Foundation

/// The activation after a hidden Dense layer.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case relu
    case sigmoid
}

/// What follows the last Dense layer: the output activation and the loss.
public enum OutputHead: String, CaseIterable, Sendable, Codable {
    /// Softmax probabilities and cross-entropy loss (classification).
    case softmaxCrossEntropy = "softmax+ce"
    /// Sigmoid outputs and mean squared error (lessons 2 and 4, the 784-128-10 write-up).
    case sigmoidMeanSquaredError = "sigmoid+mse"
    /// Raw outputs and mean squared error (regression).
    case linearMeanSquaredError = "linear+mse"
}

/// Layer widths (input first, output last), one activation per hidden layer, and the output head.
public struct Architecture: Equatable, Sendable, Codable, CustomStringConvertible {
    /// Widths: [inputs, hidden₁, …, outputs]; at least two entries, all positive.
    public let layerSizes: [Int]
    /// One activation per hidden layer (`layerSizes.count − 2` entries).
    public let hiddenActivations: [Activation]
    public let output: OutputHead

    /// Checks the parts fit together.
    public init(layerSizes: [Int], hiddenActivations: [Activation], output: OutputHead) throws(ArchitectureError) {
        guard layerSizes.count >= 2 else { throw .tooFewLayers(layerSizes.map(String.init).joined(separator: "-")) }
        if let bad = layerSizes.first(where: { $0 <= 0 }) { throw .nonPositiveWidth(bad) }
        guard hiddenActivations.count == layerSizes.count - 2 else {
            throw .activationCountMismatch(hiddenLayers: layerSizes.count - 2, activations: hiddenActivations.count)
        }
        self.layerSizes = layerSizes
        self.hiddenActivations = hiddenActivations
        self.output = output
    }

    /// Parses "784-250-250-10" with activations "relu" (one for all hidden layers) or
    /// "relu,sigmoid" (one per hidden layer), and an output head "softmax+ce", "sigmoid+mse"
    /// or "linear+mse".
    public init(parsing sizes: String, activations: String = "relu", output: String = "softmax+ce") throws(ArchitectureError) {
        var widths: [Int] = []
        for part in sizes.split(separator: "-", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let width = Int(trimmed) else { throw .notANumber(String(part), in: sizes) }
            widths.append(width)
        }
        var parsed: [Activation] = []
        for part in activations.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let activation = Activation(rawValue: trimmed) else { throw .unknownActivation(trimmed) }
            parsed.append(activation)
        }
        let hiddenCount = max(widths.count - 2, 0)
        if parsed.count == 1 { parsed = Array(repeating: parsed[0], count: hiddenCount) }
        guard let head = OutputHead(rawValue: output.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .unknownOutputHead(output)
        }
        try self.init(layerSizes: widths, hiddenActivations: parsed, output: head)
    }

    /// "784-250-250-10".
    public var sizesDescription: String { layerSizes.map(String.init).joined(separator: "-") }
    /// "relu,relu" (empty without hidden layers).
    public var activationsDescription: String { hiddenActivations.map(\.rawValue).joined(separator: ",") }
    /// "784-250-250-10 relu,relu softmax+ce".
    public var description: String {
        [sizesDescription, activationsDescription, output.rawValue].filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// A malformed architecture description.
public enum ArchitectureError: Error, Equatable, Sendable, CustomStringConvertible {
    case notANumber(String, in: String)
    case tooFewLayers(String)
    case nonPositiveWidth(Int)
    case activationCountMismatch(hiddenLayers: Int, activations: Int)
    case unknownActivation(String)
    case unknownOutputHead(String)

    public var description: String {
        let example = "hint: write the widths from input to output separated by '-', e.g. 784-250-250-10"
        switch self {
        case .notANumber(let part, let text):
            return "error: architecture '\(text)': '\(part)' is not a layer width\n\(example)"
        case .tooFewLayers(let text):
            return "error: architecture '\(text)' needs at least an input and an output width\n\(example)"
        case .nonPositiveWidth(let width):
            return "error: architecture has a layer of width \(width); widths must be at least 1\n\(example)"
        case .activationCountMismatch(let hidden, let activations):
            return "error: the architecture has \(hidden) hidden \(hidden == 1 ? "layer" : "layers") but \(activations) \(activations == 1 ? "activation was" : "activations were") given\nhint: give one activation for all hidden layers (relu) or one per hidden layer (relu,sigmoid)"
        case .unknownActivation(let name):
            return "error: unknown activation '\(name)'\nhint: use one of: \(Activation.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownOutputHead(let name):
            return "error: unknown output treatment '\(name)'\nhint: use one of: \(OutputHead.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
