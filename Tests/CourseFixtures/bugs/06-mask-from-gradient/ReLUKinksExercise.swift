// Lesson 6 exercise: the backward pass of ReLU.
// Shapes: N samples, H units; preActivation Z, outputGradient dA and the result dZ: N×H.
//
// Replace the placeholder (zeros, marked TODO), then run `backprop run 6`: a ReLU network
// using your function is gradient-checked with kink handling.
import Linalg

public enum ExerciseReLUKinks {
    // region relu-backward
    /// ∂L/∂Z given ∂L/∂A for A = ReLU(Z), elementwise. At Z = 0 exactly, use 0.
    public static func reluBackward(outputGradient dA: Matrix<Double>, preActivation z: Matrix<Double>) -> Matrix<Double> {
        precondition(dA.rows == z.rows && dA.columns == z.columns,
                     "reluBackward: dA is \(dA.shapeDescription), Z is \(z.shapeDescription)")
        var dZ = dA
        for i in 0..<dZ.count where dA.elements[i] <= 0 { dZ.elements[i] = 0 }
        return dZ
    }
    // endregion
}
