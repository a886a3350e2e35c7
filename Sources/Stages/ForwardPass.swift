// Lesson 1: neurons and the forward pass of a tiny 2-3-2 network.
// D = 2 inputs, H = 3 hidden units (ReLU), K = 2 outputs (sigmoid), N = batch size.
// One sample: z = W·x + b with W out×in. A row-major batch X (N×D): Z = X·Wᵀ + b.
import Foundation
import LessonEngine
import Linalg

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

extension TinyNetwork {
    /// One layer by explicit loops: zᵢ = Σⱼ Wᵢⱼ·xⱼ + bᵢ, then the activation.
    // region forward-loops
    func layerByLoops(weights w: Matrix<Double>, bias b: [Double],
                      input x: [Double], activation: (Double) -> Double)
                      -> (z: [Double], a: [Double]) {
        var z = [Double](repeating: 0, count: w.rows)
        for i in 0..<w.rows {              // one output neuron per row of W
            var total = b[i]
            for j in 0..<w.columns {       // weighted sum over the inputs
                total += w[i, j] * x[j]
            }
            z[i] = total
        }
        return (z, z.map(activation))
    }

    func forwardByLoops(_ x: [Double])
        -> (z1: [Double], a1: [Double], z2: [Double], a2: [Double]) {
        let (z1, a1) = layerByLoops(weights: w1, bias: b1, input: x,
                                    activation: relu)
        let (z2, a2) = layerByLoops(weights: w2, bias: b2, input: a1,
                                    activation: sigmoid)
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

    func forwardByHand(_ context: StageContext) {
        let result = network.forwardByLoops(sample)
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
        context.check(Check(name: "a² equals (1/2, 1/(1+e⁻²))", value: error, threshold: Self.closedFormTolerance,
                            comparison: .lessOrEqual, detail: "largest |a² − closed form| over the two outputs"))
    }

    func loopsVersusMatrices(_ context: StageContext) {
        let batch = Matrix<Double>([[1, 2], [0, 0], [-1, 1], [3, -0.5]])   // N×D = 4×2
        let byMatrices = network.forwardByMatrices(batch)
        var worst = 0.0
        var rows: [[String]] = []
        for n in 0..<batch.rows {
            let byLoops = network.forwardByLoops([batch[n, 0], batch[n, 1]]).a2
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
}
