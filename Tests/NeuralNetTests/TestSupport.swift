// Small seeded fixtures shared by the NeuralNet tests.
import Linalg
@testable import NeuralNet

/// A rows×columns matrix of N(0, scale²) samples.
func gaussianMatrix(_ rows: Int, _ columns: Int, scale: Double = 1,
                    using generator: inout Xoshiro256StarStar) -> Matrix<Double> {
    Matrix(rows: rows, columns: columns) { _, _ in scale * generator.nextGaussian() }
}

/// A rows×columns matrix of U(low, high) samples.
func uniformMatrix(_ rows: Int, _ columns: Int, _ low: Double, _ high: Double,
                   using generator: inout Xoshiro256StarStar) -> Matrix<Double> {
    Matrix(rows: rows, columns: columns) { _, _ in generator.nextUniform(in: low, high) }
}

/// Random labels in 0..<classCount.
func randomLabels(_ count: Int, classCount: Int, using generator: inout Xoshiro256StarStar) -> [Int] {
    (0..<count).map { _ in generator.nextIndex(below: classCount) }
}

/// Σ (A ⊙ R): turns a layer's matrix output into a scalar whose gradient w.r.t. A is R.
func projected(_ a: Matrix<Double>, onto r: Matrix<Double>) -> Double {
    a.hadamard(r).sum()
}

/// Nested rows of a matrix (per-element network format).
func nested(_ m: Matrix<Double>) -> [[Double]] { (0..<m.rows).map { m.row($0) } }
