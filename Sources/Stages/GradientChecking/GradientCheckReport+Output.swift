// Turns a NeuralNet `GradientCheckReport` into output blocks (tables and a check), with the
// course's verdict: relative error ≤ threshold, except that an entry whose |a − n| is within
// the finite difference's own round-off noise counts as agreeing (see lesson 3, "Tiny gradients").
import LessonEngine
import NeuralNet

/// The round-off noise of a central difference: each loss value carries an absolute error of
/// a few ε·|L| (ε = 2.2e-16), and the quotient divides it by 2h. We allow 100 times ε·|L|/h,
/// generous for sums of a few hundred terms yet far below any real mistake (≥ 1e-3 relative
/// on gradients of 1e-6 and up).
func finiteDifferenceNoise(loss: Double, step: Double) -> Double {
    100 * Double.ulpOfOne * max(abs(loss), 1e-300) / step
}

/// Options that keep every checked entry (not just the worst five), so the verdict can be
/// computed entry by entry.
func allEntriesOptions(step: Double = GradientCheck.defaultStep) -> GradientCheck.Options {
    GradientCheck.Options(step: step, worstCount: Int.max)
}

extension GradientCheckReport.Entry {
    /// The error the verdict uses: the relative error itself, except that an entry above
    /// `threshold` whose |a − n| is within `noise` counts as agreeing (0): its relative error
    /// measures round-off in a tiny gradient, not a mistake.
    func judgedError(noise: Double, threshold: Double) -> Double {
        if relativeError.isNaN || !analytic.isFinite || !numeric.isFinite { return .infinity }
        return relativeError > threshold && abs(analytic - numeric) <= noise ? 0 : relativeError
    }
}

extension GradientCheckReport.Tensor {
    func judgedMaxError(noise: Double) -> Double { worstEntries.map { $0.judgedError(noise: noise, threshold: threshold) }.max() ?? 0 }
    /// Entries above the threshold by relative error alone but within round-off noise.
    func rescuedCount(noise: Double) -> Int {
        worstEntries.filter { $0.relativeError > threshold && $0.judgedError(noise: noise, threshold: threshold) == 0 }.count
    }
}

extension GradientCheckReport {
    /// Max over tensors of the judged error (the check's value).
    func judgedMaxError(noise: Double) -> Double { tensors.map { $0.judgedMaxError(noise: noise) }.max() ?? 0 }
    func judgedPassed(noise: Double) -> Bool { judgedMaxError(noise: noise) <= threshold }

    /// One row per tensor: shape, entries checked, kinks skipped, max relative error, entries
    /// within round-off noise, verdict. Short headers and no mean column, so that even
    /// `layer1.weight` rows fit 80 columns; the lessons explain "kinks" and "in noise".
    func summaryTable(title: String, noise: Double) -> Table {
        Table(title: title,
              headers: ["tensor", "shape", "checked", "kinks", "max rel. error", "in noise", "verdict"],
              rows: tensors.map { tensor in
                  [tensor.name, tensor.shapeDescription, "\(tensor.checkedCount)/\(tensor.totalCount)", "\(tensor.kinkCount)",
                   Format.scientific(tensor.maxRelativeError, digits: 2),
                   "\(tensor.rescuedCount(noise: noise))", tensor.judgedMaxError(noise: noise) <= threshold ? "pass" : "FAIL"]
              },
              rightAligned: [false, false, true, true, true, true, false])
    }

    /// All entries sorted by judged error, worst first.
    func entriesByJudgedError(noise: Double) -> [(String, Entry)] {
        tensors.flatMap { tensor in tensor.worstEntries.map { (tensor.name, $0) } }
            .sorted { $0.1.judgedError(noise: noise, threshold: threshold) > $1.1.judgedError(noise: noise, threshold: threshold) }
    }

    /// The worst entries over all tensors (by judged error), as a table.
    func worstEntriesTable(title: String, noise: Double, limit: Int = 5) -> Table {
        Table(title: title,
              headers: ["tensor", "entry [row, col]", "analytic a", "numeric n", "rel. error"],
              rows: entriesByJudgedError(noise: noise).prefix(limit).map { name, entry in
                  [name, "[\(entry.row), \(entry.column)]", Format.precise(entry.analytic),
                   Format.precise(entry.numeric), Format.scientific(entry.relativeError)]
              },
              rightAligned: [false, false, true, true, true])
    }

    /// Emits the summary table, the worst entries when something failed, and one check
    /// `max judged relative error ≤ threshold` whose detail names the worst entry and `hint`.
    func emit(to context: StageContext, title: String, checkName: String, noise: Double, hint: String) {
        context.table(summaryTable(title: title, noise: noise))
        let value = judgedMaxError(noise: noise)
        var detail = "central differences with h = \(Format.scientific(step)) on \(checkedCount) entries; round-off noise floor \(Format.scientific(noise, digits: 1))"
        if kinkCount > 0 { detail += "; \(kinkCount) entries skipped at ReLU kinks" }
        if value > threshold {
            context.table(worstEntriesTable(title: "Worst entries (a: the code under test, n: the finite difference)", noise: noise))
            if tensors.allSatisfy({ $0.worstEntries.allSatisfy { $0.analytic == 0 } }) {
                detail += "; every analytic value is exactly 0 — the function under test still returns its placeholder: fill in the lines marked TODO"
            } else if let (name, entry) = entriesByJudgedError(noise: noise).first {
                detail += "; worst: \(name)[\(entry.row), \(entry.column)] analytic \(Format.precise(entry.analytic)) vs numeric \(Format.precise(entry.numeric)).\(hint.hasPrefix("\n") ? hint : " " + hint)"
            }
        }
        context.check(Check(name: checkName, value: value, threshold: threshold, comparison: .lessOrEqual, detail: detail))
    }
}
