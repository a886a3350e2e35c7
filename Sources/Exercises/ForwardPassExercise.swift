// Lesson 1 exercise: one layer of the forward pass, by loops.
// Shapes: D inputs (j), H outputs of the layer (i); W is H×D (out×in), b and z have H entries.
//
// Replace the placeholder (marked TODO), then run `backprop run 1`: your layer computes the
// lesson's 2-3-2 network (hidden layer, then output layer) and is compared with the lesson's
// hand-worked numbers and with the matrix form.
import Linalg

public enum ExerciseForwardPass {
    // region layer
    /// The pre-activations z of one layer for one sample x (D values): H values.
    public static func layer(weights w: Matrix<Double>, bias b: [Double], input x: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: w.rows)
        for i in 0..<w.rows {
            // TODO: z[i], neuron i's weighted sum of the D inputs plus its bias
            // (steps 1-3 of the worked example; use w[i, j] and x[j]).
            z[i] = 0
        }
        _ = (b, x)   // delete this line once you use them
        return z
    }
    // endregion
}
