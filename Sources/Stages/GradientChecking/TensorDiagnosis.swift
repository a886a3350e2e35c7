// Bug diagnosis for a learner's tensor: compares what their code returned with what it
// should be (the central-difference gradient, or the reference result) and names the *kind*
// of mistake in one line — placeholder, constant factor, sign flip, transposed, one wrong
// row / column, NaN — without ever printing the expected values or the formula.
// Shapes: any R×C tensor; `actual` and `expected` have the same shape (check shapes first
// with `ShapeCheck`, before any arithmetic).
import Linalg

/// A size the learner may have gained or lost as a factor (N, K, H…), and where to look.
public struct NamedFactor: Sendable, Equatable {
    /// The lesson's symbol: "N".
    public var symbol: String
    /// Its value in this run: 6.
    public var value: Double
    /// What to look at when the learner's values are off by exactly this factor:
    /// "where you average over the batch".
    public var lookAt: String

    public init(_ symbol: String, _ value: Double, lookAt: String) {
        self.symbol = symbol
        self.value = value
        self.lookAt = lookAt
    }
}

/// What a tensor's rows or columns index, for loop-bound messages ("sample", "N").
public struct TensorAxis: Sendable, Equatable {
    /// One index along the axis: "sample", "hidden unit", "output", "class".
    public var noun: String
    /// The axis's size symbol: "N", "H", "K".
    public var symbol: String

    public init(_ noun: String, _ symbol: String) {
        self.noun = noun
        self.symbol = symbol
    }
}

/// How a tensor is described to the learner: its shape in symbols and what its axes index.
public struct TensorLabels: Sendable, Equatable {
    /// "K×H"; nil when the tensor has no symbolic shape.
    public var shape: String?
    public var rows: TensorAxis?
    public var columns: TensorAxis?

    public init(shape: String? = nil, rows: TensorAxis? = nil, columns: TensorAxis? = nil) {
        self.shape = shape
        self.rows = rows
        self.columns = columns
    }
}

/// One tensor the learner's code produced, beside the value it should have.
public struct TensorUnderTest: Sendable {
    /// The name the lesson uses: "∂L/∂W₁", "dW2".
    public var name: String
    public var labels: TensorLabels
    /// What the learner's code returned.
    public var actual: Matrix<Double>
    /// What it should be: the central-difference gradient or the reference result. Never shown.
    public var expected: Matrix<Double>
    /// Flat indices left out of the comparison (e.g. entries at a ReLU kink, where the
    /// central difference is not the derivative).
    public var ignored: Set<Int>
    /// How messages call the expected value: "the numerical value" (a central difference) or,
    /// against a reference result, e.g. "the loops' value".
    public var expectedName: String

    public init(name: String, labels: TensorLabels = TensorLabels(), actual: Matrix<Double>, expected: Matrix<Double>,
                ignored: Set<Int> = [], expectedName: String = "the numerical value") {
        precondition(actual.rows == expected.rows && actual.columns == expected.columns,
                     "TensorUnderTest \(name): actual is \(actual.shapeDescription), expected \(expected.shapeDescription); check shapes with ShapeCheck first")
        self.name = name
        self.labels = labels
        self.actual = actual
        self.expected = expected
        self.ignored = ignored
        self.expectedName = expectedName
    }
}

/// One-line diagnoses of a wrong tensor. Pure functions; see `TensorDiagnosis+Signatures.swift`
/// for how each signature is recognised.
public enum TensorDiagnosis {
    /// Two entries agree when |a − e| ≤ tolerance · max(|a|, |e|) (or both are below the
    /// tensor's noise floor). Central differences in Double agree with a correct gradient to
    /// ~1e-9; 1e-6 leaves room for that and is far below any real mistake.
    public static let agreementTolerance = 1e-6
    /// A constant ratio must hold to this relative spread over all entries to be named.
    public static let ratioTolerance = 1e-5
    /// Entries smaller than this fraction of the tensor's largest expected magnitude are
    /// treated as zero (their ratio is round-off).
    public static let noiseFloorFraction = 1e-7

    /// The one-line diagnosis of `tensor`, or nil when it agrees with the expected value or
    /// no signature fits. `factors` are the sizes a constant ratio may be named after.
    public static func diagnose(_ tensor: TensorUnderTest, factors: [NamedFactor] = []) -> String? {
        Signatures.diagnose(tensor, factors: factors)
    }

    /// Whether every compared entry of `tensor` agrees within `agreementTolerance`.
    public static func agrees(_ tensor: TensorUnderTest) -> Bool {
        Signatures.wrongEntries(tensor).isEmpty
    }
}
