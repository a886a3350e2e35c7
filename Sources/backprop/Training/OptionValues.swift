import Foundation

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
