// Lesson 3 exercise: the gradient checker itself.
// Shapes: θ is any R×C matrix of parameters; the result has θ's shape.
//
// Replace the placeholder (marked TODO), then run `backprop run 3`: your checker estimates
// gradients whose exact values are known. Later lessons (2, 4, 6) run your checker beside the
// course's own and show both verdicts; the course's checker decides.
import Linalg

public enum ExerciseFiniteDifferences {
    // region numerical-gradient
    /// The central-difference estimate of ∂loss/∂θ for every entry of θ, with step h.
    public static func numericalGradient(at theta: Matrix<Double>, step h: Double,
                                         loss: (Matrix<Double>) -> Double) -> Matrix<Double> {
        var gradient = Matrix<Double>(rows: theta.rows, columns: theta.columns)
        var nudged = theta
        for r in 0..<theta.rows {
            for c in 0..<theta.columns {
                nudged[r, c] = theta[r, c] + h
                let plus = loss(nudged)
                nudged[r, c] = theta[r, c] - h
                let minus = loss(nudged)
                gradient[r, c] = (plus - minus) / (2 * h)
            }
        }
        return gradient
    }
    // endregion
}
