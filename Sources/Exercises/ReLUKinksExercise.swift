// Lesson 6 exercise: the backward pass of ReLU.
// Shapes: N samples, H units; preActivation Z, outputGradient dA and the result dZ: N×H.
//
// Replace the placeholder (zeros, marked TODO), then run `backprop run 6 --mine`: a ReLU
// network using your function is gradient-checked with kink handling.
import Linalg

public enum ExerciseReLUKinks {
    /// dZ = dA ⊙ [Z > 0]: the gradient passes where the unit was active, and is 0 elsewhere
    /// (at Z = 0 exactly, use 0). Same signature as the reference `ReLUKinks.reluBackward(outputGradient:preActivation:)`.
    public static func reluBackward(outputGradient dA: Matrix<Double>, preActivation z: Matrix<Double>) -> Matrix<Double> {
        precondition(dA.rows == z.rows && dA.columns == z.columns,
                     "reluBackward: dA is \(dA.shapeDescription), Z is \(z.shapeDescription)")
        return Matrix(rows: z.rows, columns: z.columns)   // TODO: dA where Z > 0, else 0
    }
}
