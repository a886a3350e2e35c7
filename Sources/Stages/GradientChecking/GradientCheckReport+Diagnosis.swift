// From a gradient-check report to the diagnosis shown under a failed check: the chain-level
// line (which tensors pass, where the error enters), then one line per failing tensor.
// The report already holds every entry's analytic and central-difference value (the checks
// keep all entries), so the tensors are rebuilt from it; kink entries are left out.
import Linalg
import NeuralNet

/// What a lesson tells the diagnosis about its gradients: labels per tensor name, the sizes a
/// constant factor may be named after, and the steps of its derivation.
public struct DiagnosisContext: Sendable {
    public var labels: [String: TensorLabels]
    public var factors: [NamedFactor]
    public var steps: [ChainStep]

    public init(labels: [String: TensorLabels] = [:], factors: [NamedFactor] = [], steps: [ChainStep] = []) {
        self.labels = labels
        self.factors = factors
        self.steps = steps
    }

    /// The diagnosis of several tensors already compared (e.g. against a reference result):
    /// the chain line when some pass and some fail, then one line per failing tensor that
    /// fits a signature. Nil when all agree.
    public func diagnose(_ tensors: [TensorUnderTest]) -> String? {
        let tensors = tensors.map { tensor in   // unlabelled tensors get this lesson's labels
            var labelled = tensor
            if labelled.labels == TensorLabels(), let labels = labels[tensor.name] { labelled.labels = labels }
            return labelled
        }
        let results = tensors.map { (name: $0.name, passed: TensorDiagnosis.agrees($0)) }
        return combine(results: results, failing: tensors.filter { !TensorDiagnosis.agrees($0) })
    }

    func combine(results: [(name: String, passed: Bool)], failing: [TensorUnderTest]) -> String? {
        if failing.isEmpty { return nil }
        let findings = failing.map { ($0, TensorDiagnosis.finding($0, factors: factors)) }
        if findings.count > 1, findings.allSatisfy({ $0.1 == .placeholder }) {
            return "your \(ChainDiagnosis.list(findings.map(\.0.name))) are all zeros: they still hold their placeholders — fill in the lines marked TODO"
        }
        var lines: [String] = []
        if let chain = ChainDiagnosis.diagnose(results: results, steps: steps) { lines.append(chain) }
        // The same ratio in every failing tensor: one line for all of them.
        if findings.count > 1, case .ratio(let ratio, let named)? = findings[0].1,
           findings.allSatisfy({ finding in
               guard case .ratio(let other, _)? = finding.1 else { return false }
               return abs(other - ratio) <= TensorDiagnosis.ratioTolerance * abs(ratio)
           }) {
            lines.append(TensorDiagnosis.Signatures.ratioLine(names: ChainDiagnosis.list(findings.map(\.0.name)), ratio: ratio, named: named,
                                                                   expected: findings[0].0.expectedName))
        } else {
            lines += findings.compactMap { tensor, finding in finding.map { TensorDiagnosis.line($0, for: tensor) } }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

extension GradientCheckReport {
    /// Each tensor as (analytic, central difference), with entries at kinks or not checked
    /// ignored. Labels come from `context` by tensor name.
    public func tensorsUnderTest(labels: [String: TensorLabels] = [:]) -> [TensorUnderTest] {
        tensors.map { tensor in
            var actual = Matrix<Double>(rows: tensor.rows, columns: tensor.columns)
            var expected = actual
            var ignored = Set(0..<actual.count)
            for entry in tensor.worstEntries where entry.index < actual.count {
                actual.elements[entry.index] = entry.analytic
                expected.elements[entry.index] = entry.numeric
                ignored.remove(entry.index)
            }
            return TensorUnderTest(name: tensor.name, labels: labels[tensor.name] ?? TensorLabels(),
                                   actual: actual, expected: expected, ignored: ignored)
        }
    }

    /// The diagnosis for a failed check (nil when it passed or nothing fits). A tensor fails
    /// by the course's verdict (`judgedMaxError(noise:)`), not by the diagnosis's own tolerance.
    public func diagnosis(noise: Double, context: DiagnosisContext) -> String? {
        let rebuilt = tensorsUnderTest(labels: context.labels)
        let results = tensors.map { (name: $0.name, passed: $0.judgedMaxError(noise: noise) <= threshold) }
        let failing = zip(rebuilt, results).filter { !$0.1.passed }.map(\.0)
        return context.combine(results: results, failing: failing)
    }
}
