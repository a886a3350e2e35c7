// The result of a gradient check: per-tensor statistics and the worst entries.
import Foundation

/// What a gradient check found, ready to assert on or render.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// One compared entry of a tensor.
    public struct Entry: Sendable, Equatable {
        /// Flat row-major index into the tensor.
        public var index: Int
        public var row: Int
        public var column: Int
        /// a: the gradient under test.
        public var analytic: Double
        /// n: the central-difference estimate.
        public var numeric: Double
        /// |a − n| / max(|a| + |n|, ε).
        public var relativeError: Double
        /// True when perturbing this entry by ±h flipped the sign of some ReLU pre-activation:
        /// the loss is not smooth there, so the finite difference is not trusted.
        public var crossesKink: Bool
    }

    /// The check of one tensor (a parameter or an input).
    public struct Tensor: Sendable {
        public var name: String
        public var rows: Int
        public var columns: Int
        /// Entries compared (all of them unless sampled).
        public var checkedCount: Int
        /// Entries in the tensor.
        public var totalCount: Int
        /// Checked entries that crossed a ReLU kink (excluded from the statistics and verdict).
        public var kinkCount: Int
        /// Max and mean relative error over checked entries that did not cross a kink (0 if none).
        public var maxRelativeError: Double
        public var meanRelativeError: Double
        /// The worst non-kink entries, worst first.
        public var worstEntries: [Entry]
        /// A few of the entries that crossed kinks.
        public var kinkEntries: [Entry]
        /// The threshold the verdict used.
        public var threshold: Double

        /// Every non-kink entry within the threshold.
        public var passed: Bool { maxRelativeError <= threshold }
        public var shapeDescription: String { "\(rows)×\(columns)" }
    }

    public var tensors: [Tensor]
    /// The step h used.
    public var step: Double
    /// The relative-error threshold of the verdict.
    public var threshold: Double

    public init(tensors: [Tensor], step: Double, threshold: Double) {
        self.tensors = tensors
        self.step = step
        self.threshold = threshold
    }

    /// Every tensor passed.
    public var passed: Bool { tensors.allSatisfy(\.passed) }
    /// The largest relative error over all tensors (kinks excluded).
    public var maxRelativeError: Double { tensors.map(\.maxRelativeError).max() ?? 0 }
    /// Entries that crossed kinks, over all tensors.
    public var kinkCount: Int { tensors.reduce(0) { $0 + $1.kinkCount } }
    public var checkedCount: Int { tensors.reduce(0) { $0 + $1.checkedCount } }

    /// The tensor called `name`, if checked.
    public func tensor(named name: String) -> Tensor? { tensors.first { $0.name == name } }

    /// A plain-text table, then the worst entries of each failing tensor (of every tensor when
    /// all pass), then entries skipped at kinks.
    public var description: String {
        func number(_ x: Double) -> String { String(format: "%.3e", x) }
        func value(_ x: Double) -> String { String(format: "% .9e", x) }
        var lines = [
            "gradient check: central differences (f(θ+h) − f(θ−h)) / 2h, h = \(number(step))",
            "relative error = |a − n| / max(|a| + |n|, \(number(GradientCheck.relativeErrorFloor))), threshold \(number(threshold))",
        ]
        let nameWidth = max(6, tensors.map(\.name.count).max() ?? 6)
        func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
        lines.append(pad("tensor", nameWidth) + "  " + pad("shape", 9) + "  " + pad("checked", 13) + "  kinks  max rel err  mean rel err  verdict")
        for t in tensors {
            lines.append(pad(t.name, nameWidth) + "  " + pad(t.shapeDescription, 9) + "  "
                         + pad("\(t.checkedCount)/\(t.totalCount)", 13) + "  " + pad("\(t.kinkCount)", 5) + "  "
                         + pad(number(t.maxRelativeError), 11) + "  " + pad(number(t.meanRelativeError), 12) + "  "
                         + (t.passed ? "pass" : "FAIL"))
        }
        let shown = passed ? tensors : tensors.filter { !$0.passed }
        for t in shown where !t.worstEntries.isEmpty {
            lines.append("worst entries of \(t.name):")
            for e in t.worstEntries {
                lines.append("  [\(e.row), \(e.column)]  analytic \(value(e.analytic))  numeric \(value(e.numeric))  rel err \(number(e.relativeError))")
            }
        }
        for t in tensors where !t.kinkEntries.isEmpty {
            lines.append("skipped at ReLU kinks in \(t.name) (\(t.kinkCount) entries; a ±h step flips a pre-activation's sign):")
            for e in t.kinkEntries {
                lines.append("  [\(e.row), \(e.column)]  analytic \(value(e.analytic))  numeric \(value(e.numeric))")
            }
        }
        lines.append(passed ? "verdict: PASS" : "verdict: FAIL (max relative error \(number(maxRelativeError)) > \(number(threshold)))")
        return lines.joined(separator: "\n")
    }
}
