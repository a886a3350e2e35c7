// The one-line messages of each finding. They say what kind of mistake it is and where to
// look; they name positions ("row 4, the last of H = 5") and factors ("1/N (N = 6)") but
// never the expected values or the formula.
import Linalg

extension TensorDiagnosis.Signatures {
    static func line(_ finding: TensorDiagnosis.Finding, tensor: TensorUnderTest) -> String {
        let name = tensor.name, columns = tensor.actual.columns
        switch finding {
        case .nonFinite(let index, let value, let count):
            let what = value.isNaN ? "NaN" : (value > 0 ? "+inf" : "−inf")
            return "your \(name) has \(what) at \(position(index, tensor))"
                + (count > 1 ? ", the first of \(count) non-finite entries" : "")
                + ": look for a 0/0, a log of 0 or an exp that overflows on the way to it"
        case .placeholder:
            return "your \(name) is all zeros: it still holds its placeholder — fill in the line marked TODO that computes it"
        case .transposed:
            return "your \(name) is the transpose of what it should be"
                + (tensor.labels.shape.map { " (\($0))" } ?? "") + ": check the order of the factors"
        case .ratio(let ratio, let named):
            return ratioLine(names: name, ratio: ratio, named: named, expected: tensor.expectedName)
        case .row(let row):
            return "your \(name) is right except row \(row)\(along(row, of: tensor.actual.rows, axis: tensor.labels.rows)): "
                + loopHint(row, of: tensor.actual.rows, axis: tensor.labels.rows)
        case .column(let column):
            return "your \(name) is right except column \(column)\(along(column, of: columns, axis: tensor.labels.columns)): "
                + loopHint(column, of: columns, axis: tensor.labels.columns)
        case .entry(let index):
            let (row, column) = (index / columns, index % columns)
            if tensor.actual.rows == 1 || columns == 1 {
                let (at, count, axis) = tensor.actual.rows == 1 ? (column, columns, tensor.labels.columns) : (row, tensor.actual.rows, tensor.labels.rows)
                return "your \(name) is right except entry \(at)\(along(at, of: count, axis: axis)): " + loopHint(at, of: count, axis: axis)
            }
            return "your \(name) is right except one entry, \(position(index, tensor)): check what is special about that "
                + [tensor.labels.rows?.noun, tensor.labels.columns?.noun].compactMap { $0 }.joined(separator: " and ")
                    .replacingEmpty(with: "position")
        }
    }

    /// The constant-ratio line for one tensor or several ("dW1, db1 and dW2").
    static func ratioLine(names: String, ratio: Double, named: TensorDiagnosis.NamedRatio?,
                          expected: String = "the numerical value") -> String {
        guard let named else {
            return "every entry of \(names) is \(expected) times one constant (≈ \(String(format: "%.4g", ratio))): "
                + "a constant factor is off — compare each scale factor in your code with the derivation"
        }
        if named.text == "−1 times" {
            return "every entry of \(names) has the opposite sign of \(expected): a sign flip — "
                + "check the order of a subtraction or a missing minus"
        }
        return "every entry of \(names) is exactly \(named.text) \(expected)\(named.values): look at \(named.lookAt)"
    }

    /// "[2, 3]" plus "(hidden unit 2, input 3)" when the axes are named.
    static func position(_ index: Int, _ tensor: TensorUnderTest) -> String {
        let (row, column) = (index / tensor.actual.columns, index % tensor.actual.columns)
        let named = [tensor.labels.rows.map { "\($0.noun) \(row)" }, tensor.labels.columns.map { "\($0.noun) \(column)" }]
            .compactMap { $0 }
        return "[\(row), \(column)]" + (named.isEmpty ? "" : " (\(named.joined(separator: ", ")))")
    }

    /// " (sample 5, the last of N = 6)" / " (the first of H = 5)" / "".
    static func along(_ index: Int, of count: Int, axis: TensorAxis?) -> String {
        let size = axis.map { "\($0.symbol) = \(count)" } ?? "\(count)"
        let noun = axis.map { "\($0.noun) \(index), " } ?? ""
        if index == count - 1 { return " (\(noun)the last of \(size))" }
        if index == 0 { return " (\(noun)the first of \(size))" }
        return axis.map { " (\($0.noun) \(index) of \(size))" } ?? ""
    }

    static func loopHint(_ index: Int, of count: Int, axis: TensorAxis?) -> String {
        let over = axis.map { "the loop over \($0.noun)s" } ?? "the loop"
        if index == count - 1 { return "a loop bound — does \(over) stop one short?" }
        if index == 0 { return "a loop bound — does \(over) start one late?" }
        return "check what your code does differently for that index"
    }
}

extension String {
    fileprivate func replacingEmpty(with other: String) -> String { isEmpty ? other : self }
}
