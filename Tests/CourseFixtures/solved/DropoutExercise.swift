// Lesson 13 exercise: inverted dropout, forward and backward.
// Shapes: N samples, H units; the activations H, the mask M, the output A and the gradients
// ∂L/∂A, ∂L/∂H are all N×H. The mask holds 1 (unit kept) or 0 (unit dropped); p is the drop
// probability, 0 ≤ p < 1.
//
// Replace the two placeholders (zeros, marked TODO), then run `backprop run 13`: your forward
// is checked to keep every activation's expected value, and your backward is gradient-checked
// through a small network with a fixed mask.
import Linalg

public enum ExerciseDropout {
    /// Given (not an exercise): a fresh mask, each entry 1 with probability 1 − p. The layer
    /// draws one per forward pass; the backward pass must use that same mask.
    public static func drawMask(rows: Int, columns: Int, rate p: Double,
                                using generator: inout some RandomNumberGenerator) -> Matrix<Double> {
        var mask = Matrix<Double>(rows: rows, columns: columns)
        for index in 0..<mask.count { mask.elements[index] = Double.random(in: 0..<1, using: &generator) < p ? 0 : 1 }
        return mask
    }

    // region dropout-forward
    /// The training-time output A of dropout on the activations H with the mask M.
    public static func forward(input h: Matrix<Double>, mask m: Matrix<Double>, rate p: Double) -> Matrix<Double> {
        precondition(h.rows == m.rows && h.columns == m.columns, "forward: H is \(h.shapeDescription), M is \(m.shapeDescription)")
        return h.hadamard(m).map { $0 / (1 - p) }
    }
    // endregion

    // region dropout-backward
    /// ∂L/∂H given ∂L/∂A, for the forward pass that used the mask M.
    public static func backward(outputGradient dA: Matrix<Double>, mask m: Matrix<Double>, rate p: Double) -> Matrix<Double> {
        precondition(dA.rows == m.rows && dA.columns == m.columns, "backward: ∂L/∂A is \(dA.shapeDescription), M is \(m.shapeDescription)")
        return dA.hadamard(m).map { $0 / (1 - p) }
    }
    // endregion
}
