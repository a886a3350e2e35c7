// Shape checks of what each exercise returned, run before any arithmetic on it, so a wrong
// shape is a failed check naming both shapes instead of a trap inside the checker.
import Exercises
import LessonEngine
import Linalg
import NeuralNet

enum ExerciseShapes {
    /// The failed check for a shape problem (its detail is the ShapeCheck lines).
    static func check(_ problem: String) -> Check {
        Check(name: "your result has the expected shape", holds: false,
              detail: problem + "\nNothing else was checked: the values are compared once the shape is right.")
    }

    /// Lesson 2: the four families of one sample against the network's sizes.
    static func problem(_ g: PerElementGradients, network: PerElementNetwork) -> String? {
        let (d, h, k) = (network.inputCount, network.hiddenCount, network.outputCount)
        return ShapeCheck.combined([
            ShapeCheck.mismatch(name: "∂L/∂w_h", nested: g.hiddenWeights, expectedRows: h, expectedColumns: d, label: "H×D"),
            ShapeCheck.mismatch(name: "∂L/∂b_h", vector: g.hiddenBiases, expectedCount: h, label: "H"),
            ShapeCheck.mismatch(name: "∂L/∂w_o", nested: g.outputWeights, expectedRows: k, expectedColumns: h, label: "K×H"),
            ShapeCheck.mismatch(name: "∂L/∂b_o", vector: g.outputBiases, expectedCount: k, label: "K"),
        ])
    }

    /// Lessons 4 and 6: each gradient shaped like its parameter.
    static func problem(_ g: TwoLayerGradients, parameters p: TwoLayerParameters) -> String? {
        ShapeCheck.combined([
            ShapeCheck.mismatch(name: "dW1", g.dW1, expectedRows: p.w1.rows, expectedColumns: p.w1.columns, label: "H×D"),
            ShapeCheck.mismatch(name: "db1", g.db1, expectedRows: 1, expectedColumns: p.b1.columns, label: "1×H"),
            ShapeCheck.mismatch(name: "dW2", g.dW2, expectedRows: p.w2.rows, expectedColumns: p.w2.columns, label: "K×H"),
            ShapeCheck.mismatch(name: "db2", g.db2, expectedRows: 1, expectedColumns: p.b2.columns, label: "1×K"),
        ])
    }

    /// A matrix result that must have `like`'s shape (softmax, ∂L/∂Z, dZ: N×K or N×H).
    static func problem(name: String, _ result: Matrix<Double>, like reference: Matrix<Double>, label: String) -> String? {
        ShapeCheck.mismatch(name: name, result, expectedRows: reference.rows, expectedColumns: reference.columns, label: label)
    }
}

/// Wraps a learner's matrix function so a wrong shape is recorded (first one only) and a zero
/// matrix of the right shape returned instead, letting the caller's arithmetic go on safely.
final class ShapeGuard: @unchecked Sendable {
    private(set) var problem: String?

    /// `result` when it has `reference`'s shape; otherwise records the problem and returns zeros.
    func checked(name: String, label: String, _ result: Matrix<Double>, like reference: Matrix<Double>) -> Matrix<Double> {
        guard let found = ExerciseShapes.problem(name: name, result, like: reference, label: label) else { return result }
        if problem == nil { problem = found }
        return Matrix(rows: reference.rows, columns: reference.columns)
    }

    func guarded(name: String, label: String,
                 _ function: @escaping (Matrix<Double>, Matrix<Double>) -> Matrix<Double>) -> (Matrix<Double>, Matrix<Double>) -> Matrix<Double> {
        { [self] a, b in checked(name: name, label: label, function(a, b), like: b) }
    }
}
