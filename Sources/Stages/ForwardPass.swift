// Lesson 1: neurons and the forward pass of a tiny 2-3-2 network.
// D = 2 inputs, H = 3 hidden units (ReLU), K = 2 outputs (sigmoid), N = batch size.
// One sample: z = W·x + b with W out×in. A row-major batch X (N×D): Z = X·Wᵀ + b.
import Exercises
import Foundation
import LessonEngine
import Linalg

/// The reference code of lesson 1's exercise (`ExerciseForwardPass.layer`, same signature).
public enum ForwardPass {
    // region layer-reference
    /// The pre-activations z of one layer for one sample x: zᵢ = Σⱼ Wᵢⱼ·xⱼ + bᵢ.
    public static func layer(weights w: Matrix<Double>, bias b: [Double], input x: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: w.rows)
        for i in 0..<w.rows {              // one output neuron per row of W
            var total = b[i]
            for j in 0..<w.columns {       // weighted sum over the inputs
                total += w[i, j] * x[j]
            }
            z[i] = total
        }
        return z
    }
    // endregion
}

// region activations
/// σ(z) = 1 / (1 + e^(−z)), squashing any real number into (0, 1).
func sigmoid(_ z: Double) -> Double { 1 / (1 + Double.exp(-z)) }

/// ReLU(z) = max(0, z): passes positives, zeroes negatives.
func relu(_ z: Double) -> Double { max(0, z) }
// endregion

/// The lesson's network: hand-sized weights chosen so the arithmetic fits on paper.
struct TinyNetwork {
    // region network
    /// Hidden layer, H×D = 3×2 (row j holds the weights into hidden unit j).
    let w1 = Matrix<Double>([[1.0, 0.0],
                             [0.5, -1.0],
                             [-1.0, 1.0]])
    let b1: [Double] = [0, 1, 0.5]
    /// Output layer, K×H = 2×3.
    let w2 = Matrix<Double>([[1.0, 2.0, -2.0],
                             [2.0, 1.0, 0.0]])
    let b2: [Double] = [2, 0]
    // endregion
}

typealias LayerFunction = (Matrix<Double>, [Double], [Double]) -> [Double]

extension TinyNetwork {
    /// One layer by explicit loops (`layer`: the pre-activations, yours or the reference's),
    /// then the activation; the whole network is two of them.
    // region forward-loops
    func forwardByLoops(_ x: [Double], layer: LayerFunction = ForwardPass.layer)
        -> (z1: [Double], a1: [Double], z2: [Double], a2: [Double]) {
        let z1 = layer(w1, b1, x)          // H pre-activations
        let a1 = z1.map(relu)
        let z2 = layer(w2, b2, a1)         // K pre-activations
        let a2 = z2.map(sigmoid)
        return (z1, a1, z2, a2)
    }
    // endregion

    /// A whole batch at once: Z = X·Wᵀ + b (b added to every row), then the activation.
    // region forward-matrix
    func layerByMatrices(weights w: Matrix<Double>, bias b: [Double],
                         input x: Matrix<Double>,
                         activation: (Double) -> Double) -> Matrix<Double> {
        // N×D · (H×D)ᵀ = N×H
        var z = x.multiplied(by: w, layout: .transposeB)
        for n in 0..<z.rows {
            for i in 0..<z.columns { z[n, i] = activation(z[n, i] + b[i]) }
        }
        return z
    }

    func forwardByMatrices(_ x: Matrix<Double>) -> Matrix<Double> {
        let a1 = layerByMatrices(weights: w1, bias: b1, input: x,
                                 activation: relu)      // N×H
        return layerByMatrices(weights: w2, bias: b2, input: a1,
                               activation: sigmoid)     // N×K
    }
    // endregion
}

/// The stage behind lesson 1.
final class ForwardPassStage: Stage {
    let network = TinyNetwork()
    /// What the learner's runs use: their exercise by default; tests may inject another.
    var exerciseLayer: LayerFunction = { ExerciseForwardPass.layer(weights: $0, bias: $1, input: $2) }
    /// The lesson's sample x = (1, 2).
    let sample: [Double] = [1, 2]
    /// Loops and matrices add the same products, possibly in another order (the matmul
    /// kernel may sum bias last); 1e-12 is far above that rounding, far below any real bug.
    static let agreementTolerance = 1e-12
    /// The closed form and the code compute 1/(1 + e⁻²) the same way: exact up to one rounding.
    static let closedFormTolerance = 1e-15

    var steps: [String] { ["activations", "forward-by-hand", "loops-vs-matrices"] }

    func run(step: String, context: StageContext) throws {
        switch step {
        case "activations": activations(context)
        case "forward-by-hand": forwardByHand(context)
        case "loops-vs-matrices": loopsVersusMatrices(context)
        default: throw StageError.unknownStep(stage: "forwardPass", step: step, known: steps)
        }
    }

    func activations(_ context: StageContext) {
        let zs = stride(from: -4.0, through: 4.0, by: 0.1).map { $0 }
        context.chart(Chart(title: "Activations", xLabel: "z", yLabel: "a", series: [
            .init(name: "σ(z) = 1/(1 + e^(−z))", x: zs, y: zs.map(sigmoid)),
            .init(name: "ReLU(z) = max(0, z)", x: zs, y: zs.map { min(relu($0), 1.5) }),
        ]))
        context.text("(ReLU is cut off at 1.5 so both curves fit one chart.)")
    }

    func layer(_ context: StageContext) -> LayerFunction {
        context.options.mine ? exerciseLayer : { ForwardPass.layer(weights: $0, bias: $1, input: $2) }
    }

    func forwardByHand(_ context: StageContext) {
        let layer = layer(context)
        let result = network.forwardByLoops(sample, layer: layer)
        if context.options.mine { context.text("Computed with your `ExerciseForwardPass.layer` (Sources/Exercises/ForwardPassExercise.swift).") }
        func row(_ name: String, _ values: [Double]) -> [String] {
            [name] + values.map { String(format: "%.6f", $0) } + Array(repeating: "", count: 3 - values.count)
        }
        context.table(Table(title: "Forward pass of x = (1, 2)", headers: ["layer value", "unit 1", "unit 2", "unit 3"], rows: [
            row("z¹ = W¹x + b¹", result.z1), row("a¹ = ReLU(z¹)", result.a1),
            row("z² = W²a¹ + b²", result.z2), row("a² = σ(z²)", result.a2),
        ], rightAligned: [false, true, true, true]))
        // The closed form worked out in the lesson: z² = (0, 2), so a² = (1/2, 1/(1 + e⁻²)).
        let closedForm = [0.5, 1 / (1 + exp(-2.0))]
        let error = zip(result.a2, closedForm).map { abs($0 - $1) }.max() ?? .infinity
        let expectedZ1 = [1.0, -0.5, 1.5]   // worked out by hand in the lesson
        context.check(Check(name: "z¹ equals the hand-worked (1, −0.5, 1.5)", value: Self.worst(result.z1, expectedZ1),
                            threshold: Self.closedFormTolerance, comparison: .lessOrEqual,
                            detail: Self.layerDiagnosis(result.z1, expected: expectedZ1, name: "z¹", bias: network.b1)))
        context.check(Check(name: "a² equals (1/2, 1/(1+e⁻²))", value: error, threshold: Self.closedFormTolerance,
                            comparison: .lessOrEqual, detail: "largest |a² − closed form| over the two outputs"))
    }

    func loopsVersusMatrices(_ context: StageContext) {
        let batch = Matrix<Double>([[1, 2], [0, 0], [-1, 1], [3, -0.5]])   // N×D = 4×2
        let byMatrices = network.forwardByMatrices(batch)
        let layer = layer(context)
        var worst = 0.0
        var rows: [[String]] = []
        for n in 0..<batch.rows {
            let byLoops = network.forwardByLoops([batch[n, 0], batch[n, 1]], layer: layer).a2
            for k in 0..<2 { worst = max(worst, abs(byLoops[k] - byMatrices[n, k])) }
            rows.append([String(format: "(%g, %g)", batch[n, 0], batch[n, 1]), String(format: "%.6f", byLoops[0]), String(format: "%.6f", byLoops[1]),
                         String(format: "%.6f", byMatrices[n, 0]), String(format: "%.6f", byMatrices[n, 1])])
        }
        context.table(Table(title: "A batch of N = 4 samples: loops vs Z = X·Wᵀ + b",
                            headers: ["x", "loops a²₁", "loops a²₂", "matrix a²₁", "matrix a²₂"], rows: rows,
                            rightAligned: [false, true, true, true, true]))
        context.check(Check(name: "loops == matrix form", value: worst, threshold: Self.agreementTolerance,
                            comparison: .lessOrEqual, detail: "largest |loops − matrices| over all 4×2 outputs"))
    }

    static func worst(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { $0.isNaN || $1.isNaN ? .infinity : abs($0 - $1) }.max() ?? 0
    }

    /// One line on what kind of mistake `z` shows against `expected` (never the formula).
    static func layerDiagnosis(_ z: [Double], expected: [Double], name: String, bias: [Double]) -> String {
        if let shape = ShapeCheck.mismatch(name: name, vector: z, expectedCount: expected.count, label: "H, one per row of W") { return shape }
        if worst(z, expected) <= closedFormTolerance { return "largest |\(name) − hand-worked| over its entries" }
        if worst(zip(z, bias).map { $0 + $1 }, expected) <= closedFormTolerance, bias.contains(where: { $0 != 0 }), z.contains(where: { $0 != 0 }) {
            return "your \(name) is right except the bias: each entry is missing its bᵢ"
        }
        if worst(zip(z, bias).map { $0 - $1 }, expected) <= closedFormTolerance { return "your \(name) counts the bias twice: look at how total starts and what you add" }
        let tensor = TensorUnderTest(name: name, labels: TensorLabels(shape: "H", columns: TensorAxis("neuron", "H")),
                                     actual: Matrix(row: z), expected: Matrix(row: expected))
        if let line = TensorDiagnosis.diagnose(tensor) { return line }
        let wrong = zip(z, expected).enumerated().filter { abs($0.element.0 - $0.element.1) > closedFormTolerance }.map(\.offset)
        return "your \(name) = (\(z.map { Format.fixed($0, digits: 4) }.joined(separator: ", "))), expected (\(expected.map { Format.fixed($0, digits: 4) }.joined(separator: ", "))); entries \(wrong.map(String.init).joined(separator: ", ")) differ: check the weighted sum over j (w[i, j] · x[j], row i of W)"
    }
}
