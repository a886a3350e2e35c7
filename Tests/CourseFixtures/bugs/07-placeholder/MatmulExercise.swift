// Lesson 7 exercise: a matrix multiply faster than the naive triple loop.
// Shapes: A is M×K, B is K×N, C = A·B is M×N; matrices are row-major (`elements[r * columns + c]`).
//
// Replace the placeholder (marked TODO), then run `backprop run 7` (use a release build:
// `swift run -c release backprop run 7`): your kernel is timed beside the naive loop and the
// library's kernels, and checked against the lesson's Float rounding bound.
import Linalg

public enum ExerciseMatmul {
    // region multiply
    /// C = A·B, every entry a K-term dot product, computed faster than i-j-k loops with `c[i, j]`.
    public static func multiply(_ a: Matrix<Float>, _ b: Matrix<Float>) -> Matrix<Float> {
        precondition(a.columns == b.rows, "multiply: A is \(a.shapeDescription), B is \(b.shapeDescription)")
        let m = a.rows, k = a.columns, n = b.columns
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let aip = a.elements[i * k + p]
                for j in 0..<n { c[i * n + j] += aip * b.elements[p * n + j] }
            }
        }
        _ = c
        return Matrix(rows: m, columns: n)
    }
    // endregion
}
