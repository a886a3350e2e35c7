// What kind of mistake a learner's dropout forward or backward shows, in one line, without
// giving the formula. Shapes: every matrix N×H; the mask M holds 0 and 1.
import Linalg

enum DropoutDiagnosis {
    /// Relative agreement allowed between a result and a candidate: the operations are a
    /// product and a division per entry, so correct code agrees to a few ulps; 1e-9 is far
    /// above that and far below any of the mistakes told apart here.
    static let tolerance = 1e-9

    /// One line on `got` = the learner's f(x, M, p), for x the activations (forward) or
    /// ∂L/∂A (backward), or nil when it equals x ⊙ M / (1 − p). `what` names the result.
    static func diagnosis(_ got: Matrix<Double>, x: Matrix<Double>, mask m: Matrix<Double>, rate p: Double,
                          what: String, file: String) -> String? {
        guard got.rows == x.rows && got.columns == x.columns else {
            return "\(what) is \(got.shapeDescription), expected \(x.shapeDescription) (the shape of its input)"
        }
        if got.elements.contains(where: { !$0.isFinite }) { return "\(what) contains NaN or ∞ (a division by zero?)" }
        func equals(_ candidate: (Double, Double) -> Double) -> Bool {
            zip(got.elements, zip(x.elements, m.elements)).allSatisfy { value, pair in
                let expected = candidate(pair.0, pair.1)
                return abs(value - expected) <= tolerance * max(1, abs(expected))
            }
        }
        if equals({ x, mask in x * mask / (1 - p) }) { return nil }
        if got.elements.allSatisfy({ $0 == 0 }) { return "\(what) is all zeros: the placeholder is still there (the TODO in \(file))" }
        if equals({ x, _ in x }) { return "\(what) equals its input: neither the mask nor the scale is applied" }
        if equals({ x, _ in x / (1 - p) }) { return "\(what) is non-zero at dropped units: the mask is not applied (only the scale is)" }
        if equals({ x, mask in x * mask }) { return "\(what) has the right zeros but the kept units are not rescaled: the scale factor is missing" }
        if equals({ x, mask in x * mask * p }) { return "the kept units are scaled by p, the drop probability: that shrinks them instead of making up for the dropped ones" }
        if equals({ x, mask in x * mask * (1 - p) }) { return "the kept units are multiplied by the keep probability 1 − p: the right number, on the wrong side of the fraction" }
        if equals({ x, mask in x * mask / p }) { return "the kept units are divided by p, the drop probability, instead of the keep probability" }
        // Zeros in other places than M's, values x/(1 − p) where non-zero: another mask was used.
        let scaledOrZero = zip(got.elements, x.elements).allSatisfy { value, x in
            value == 0 || abs(value - x / (1 - p)) <= tolerance * max(1, abs(x / (1 - p)))
        }
        if scaledOrZero {
            return "\(what) is zero at other units than the mask M's: a new mask was drawn instead of using the forward pass's M"
        }
        let index = got.elements.indices.first { i in
            let expected: Double = x.elements[i] * m.elements[i] / (1 - p)
            return abs(got.elements[i] - expected) > tolerance * max(1, abs(expected))
        } ?? 0
        let (row, column) = (index / max(x.columns, 1), index % max(x.columns, 1))
        return "\(what)[\(row)][\(column)] is \(got.elements[index]) for input \(x.elements[index]), mask \(Int(m.elements[index])) and p = \(p): not what the derivation gives"
    }
}
