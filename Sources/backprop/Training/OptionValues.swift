import Foundation
import NeuralNet

/// Reading typed option values; every bad value is a `UsageError` (exit 2) saying what was
/// expected, with an example.
extension ParsedArguments {
    /// A whole number ≥ `minimum`, or `fallback` when the option is absent.
    func integer(_ name: String, minimum: Int, default fallback: Int, example: String) throws(UsageError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), number >= minimum else {
            throw UsageError(message: "--\(name) must be a whole number of at least \(minimum), not '\(text)'",
                             hint: "for example --\(name) \(example)")
        }
        return number
    }

    /// An optional whole number ≥ `minimum`.
    func optionalInteger(_ name: String, minimum: Int, example: String) throws(UsageError) -> Int? {
        guard value(name) != nil else { return nil }
        return try integer(name, minimum: minimum, default: 0, example: example)
    }

    /// A finite number accepted by `isValid` (described by `requirement`), or `fallback`.
    func number(_ name: String, default fallback: Double, requirement: String, example: String,
                isValid: (Double) -> Bool) throws(UsageError) -> Double {
        guard let text = value(name) else { return fallback }
        guard let number = Double(text), number.isFinite, isValid(number) else {
            throw UsageError(message: "--\(name) must be \(requirement), not '\(text)'", hint: "for example --\(name) \(example)")
        }
        return number
    }

    /// One of `choices` (case-insensitive), or `fallback`.
    func choice(_ name: String, _ choices: [String], default fallback: String) throws(UsageError) -> String {
        guard let text = value(name) else { return fallback }
        let lowered = text.lowercased()
        guard choices.contains(lowered) else {
            throw UsageError(message: "--\(name) must be one of \(choices.joined(separator: ", ")), not '\(text)'",
                             hint: "for example --\(name) \(choices[0])")
        }
        return lowered
    }

    /// A file path option that must be given.
    func requiredPath(_ name: String, command: String, example: String) throws(UsageError) -> URL {
        guard let text = value(name), !text.isEmpty else {
            throw UsageError(message: "`backprop \(command)` needs --\(name) <file>", hint: "for example: backprop \(command) \(example)")
        }
        return URL(fileURLWithPath: text).standardizedFileURL
    }
}

/// Number formatting shared by the model commands.
enum Formatting {
    /// 0.8934 → "89.34%".
    static func percent(_ fraction: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", fraction * 100)
    }

    static func fixed(_ value: Double, _ digits: Int = 4) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// 0.001 → "0.001", 1e-05 → "1e-05".
    static func compact(_ value: Double) -> String { String(format: "%g", value) }

    /// A bar of `width` cells filled in proportion to `fraction` ∈ [0, 1].
    static func bar(_ fraction: Double, width: Int, unicode: Bool) -> String {
        let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
        return String(repeating: unicode ? "█" : "#", count: filled)
            + String(repeating: unicode ? "░" : ".", count: width - filled)
    }
}

/// Bounds on `--arch`, checked before any memory is allocated: a width of 99999999999
/// would otherwise overflow the weight count and trap.
enum ArchitectureBounds {
    /// Widest layer: 65,536 units (the default model's widest is 784).
    static let maximumWidth = 1 << 16
    /// Most weights and biases in total: 100 million (400 MB of Float; the default has 0.26 M).
    static let maximumParameters = 100_000_000
    static let maximumLayers = 64
}

extension TrainCommand {
    static func checkSize(of architecture: Architecture) throws(UsageError) {
        let sizes = architecture.layerSizes
        let hint = "write widths from input to output like 784-250-250-10; at most \(ArchitectureBounds.maximumLayers) layers of at most \(ArchitectureBounds.maximumWidth) units"
        if sizes.count > ArchitectureBounds.maximumLayers {
            throw UsageError(message: "--arch has \(sizes.count) layers; at most \(ArchitectureBounds.maximumLayers) are allowed", hint: hint)
        }
        if let wide = sizes.first(where: { $0 > ArchitectureBounds.maximumWidth }) {
            throw UsageError(message: "--arch has a layer of width \(wide); at most \(ArchitectureBounds.maximumWidth) is allowed", hint: hint)
        }
        // Widths ≤ 2^16 and ≤ 64 layers: the sum below cannot overflow.
        var parameters = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) { parameters += inputs * outputs + outputs }
        if parameters > ArchitectureBounds.maximumParameters {
            throw UsageError(message: "--arch \(architecture.sizesDescription) has \(parameters) parameters; at most \(ArchitectureBounds.maximumParameters) are allowed",
                             hint: "use narrower layers; the default \(DefaultModel.architecture) has about 0.26 million")
        }
    }
}
