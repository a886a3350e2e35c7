// Chain-level diagnosis: which tensors pass and which fail, mapped to the step of the
// lesson's derivation where the error enters ("w_o and b_o pass, w_h and b_h fail: the
// error enters at the hidden layer's δ, step 5"). The steps are the lesson's, supplied by
// the caller; nothing here knows about a particular network.

/// One step of a lesson's backward derivation and the tensors its value flows into.
public struct ChainStep: Sendable, Equatable {
    /// The step's number in the lesson's derivation.
    public var number: Int
    /// What the step computes, in words: "the hidden layer's δ".
    public var name: String
    /// Names of the checked tensors that depend on this step (a mistake here makes exactly
    /// these fail).
    public var feeds: Set<String>

    public init(_ number: Int, _ name: String, feeds: Set<String>) {
        self.number = number
        self.name = name
        self.feeds = feeds
    }
}

/// Where in the chain an error enters, from which tensors pass.
public enum ChainDiagnosis {
    /// One line, or nil when nothing failed or fewer than two tensors were checked.
    /// `results` are (tensor name, passed) in the order the lesson lists them.
    public static func diagnose(results: [(name: String, passed: Bool)], steps: [ChainStep]) -> String? {
        let failed = results.filter { !$0.passed }.map(\.name)
        let passed = results.filter(\.passed).map(\.name)
        guard !failed.isEmpty, results.count >= 2 else { return nil }
        let failedSet = Set(failed)
        let matching = steps.filter { $0.feeds == failedSet }
        var line = passed.isEmpty
            ? (failed.count == 2 ? "both \(list(failed)) fail" : "all \(failed.count) tensors fail")
            : "\(list(passed)) pass\(passed.count == 1 ? "es" : ""), \(list(failed)) fail\(failed.count == 1 ? "s" : "")"
        switch matching.count {
        case 0:
            line += passed.isEmpty ? ": look at a step they all share, starting from the loss"
                : ": more than one step is wrong — fix the first failing one in the derivation's order, then check again"
        case 1:
            line += ": the error enters at \(matching[0].name), step \(matching[0].number)"
        default:
            let named = matching.map { "\($0.name) (step \($0.number))" }
            line += ": the error enters at " + named.dropLast().joined(separator: ", ") + " or " + named.last!
        }
        return line
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
