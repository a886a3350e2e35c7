// Turns a NeuralNet `GradientCheckReport` into output blocks: a table, the worst entries and a check.
import LessonEngine
import NeuralNet

extension GradientCheckReport {
    /// One row per tensor: shape, entries checked, kinks skipped, max/mean relative error, verdict.
    func summaryTable(title: String) -> Table {
        Table(title: title,
              headers: ["tensor", "shape", "checked", "kinks skipped", "max rel. error", "mean rel. error", "verdict"],
              rows: tensors.map { tensor in
                  [tensor.name, tensor.shapeDescription, "\(tensor.checkedCount)/\(tensor.totalCount)", "\(tensor.kinkCount)",
                   Format.scientific(tensor.maxRelativeError), Format.scientific(tensor.meanRelativeError),
                   tensor.passed ? "pass" : "FAIL"]
              },
              rightAligned: [false, false, true, true, true, true, false])
    }

    /// The worst entries over all tensors (worst first), as a table.
    func worstEntriesTable(title: String, limit: Int = 5) -> Table {
        let entries = tensors.flatMap { tensor in tensor.worstEntries.map { (tensor.name, $0) } }
            .sorted { ($0.1.relativeError.isNaN ? .infinity : $0.1.relativeError) > ($1.1.relativeError.isNaN ? .infinity : $1.1.relativeError) }
            .prefix(limit)
        return Table(title: title,
                     headers: ["tensor", "entry [row, col]", "analytic a", "numeric n", "rel. error"],
                     rows: entries.map { name, entry in
                         [name, "[\(entry.row), \(entry.column)]", Format.precise(entry.analytic),
                          Format.precise(entry.numeric), Format.scientific(entry.relativeError)]
                     },
                     rightAligned: [false, false, true, true, true])
    }

    /// Emits the summary table, the worst entries when something failed, and one check
    /// `max relative error ≤ threshold` whose detail names the worst entry and `hint` on failure.
    func emit(to context: StageContext, title: String, checkName: String, hint: String) {
        context.table(summaryTable(title: title))
        let worst = tensors.flatMap { tensor in tensor.worstEntries.map { (tensor.name, $0) } }
            .max { ($0.1.relativeError.isNaN ? .infinity : $0.1.relativeError) < ($1.1.relativeError.isNaN ? .infinity : $1.1.relativeError) }
        var detail = "central differences with h = \(Format.scientific(step)) on \(checkedCount) entries"
        if kinkCount > 0 { detail += ", \(kinkCount) entries skipped at ReLU kinks" }
        if !passed {
            context.table(worstEntriesTable(title: "Worst entries (analytic a is the code under test, numeric n is the finite difference)"))
            if let (name, entry) = worst {
                detail += "; worst: \(name)[\(entry.row), \(entry.column)] analytic \(Format.precise(entry.analytic)) vs numeric \(Format.precise(entry.numeric)). \(hint)"
            }
        }
        context.check(Check(name: checkName, value: maxRelativeError.isNaN ? .infinity : maxRelativeError,
                            threshold: threshold, comparison: .lessOrEqual, detail: detail))
    }
}
