// The parameters and gradients of lesson 4's two-layer network, shared by the reference
// (Stages/VectorisedBackprop.swift) and the exercise, so both have the same signature.
// Shapes: D inputs, H hidden units, K outputs; W is out×in.
import Linalg

/// W1 (H×D), b1 (1×H), W2 (K×H), b2 (1×K).
public struct TwoLayerParameters: Sendable, Equatable {
    public var w1: Matrix<Double>
    public var b1: Matrix<Double>
    public var w2: Matrix<Double>
    public var b2: Matrix<Double>

    public init(w1: Matrix<Double>, b1: Matrix<Double>, w2: Matrix<Double>, b2: Matrix<Double>) {
        precondition(b1.rows == 1 && b1.columns == w1.rows && w2.columns == w1.rows && b2.rows == 1 && b2.columns == w2.rows,
                     "TwoLayerParameters: W1 \(w1.shapeDescription), b1 \(b1.shapeDescription), W2 \(w2.shapeDescription), b2 \(b2.shapeDescription) do not fit H×D, 1×H, K×H, 1×K")
        self.w1 = w1
        self.b1 = b1
        self.w2 = w2
        self.b2 = b2
    }
}

/// ∂L/∂W1 (H×D), ∂L/∂b1 (1×H), ∂L/∂W2 (K×H), ∂L/∂b2 (1×K): each shaped like its parameter.
public struct TwoLayerGradients: Sendable, Equatable {
    public var dW1: Matrix<Double>
    public var db1: Matrix<Double>
    public var dW2: Matrix<Double>
    public var db2: Matrix<Double>

    public init(dW1: Matrix<Double>, db1: Matrix<Double>, dW2: Matrix<Double>, db2: Matrix<Double>) {
        self.dW1 = dW1
        self.db1 = db1
        self.dW2 = dW2
        self.db2 = db2
    }

    /// All zeros, shaped like `parameters` (the exercises' placeholder).
    public init(zeroLike parameters: TwoLayerParameters) {
        self.init(dW1: Matrix(rows: parameters.w1.rows, columns: parameters.w1.columns),
                  db1: Matrix(rows: 1, columns: parameters.b1.columns),
                  dW2: Matrix(rows: parameters.w2.rows, columns: parameters.w2.columns),
                  db2: Matrix(rows: 1, columns: parameters.b2.columns))
    }
}
