// The matmul table of `backprop bench`: every Linalg variant on the training shapes.
// Shapes: op(A) is M×K, op(B) is K×N, C is M×N.
import Linalg

/// One timed matmul configuration.
public struct MatmulTiming: Sendable, Codable {
    public var variant: String
    public var layout: String
    public var m: Int, k: Int, n: Int
    /// Threads the variant ran on for this shape (`Matmul.threadsUsed`): "% of peak" divides by as many cores.
    public var threads: Int
    public var medianSeconds: Double
    /// 2·M·N·K / seconds / 10⁹.
    public var gigaflops: Double
    /// "M×K·K×N".
    public var shapeDescription: String { "\(m)×\(k)·\(k)×\(n)" }
}

public enum MatmulTable {
    /// The shapes: Linalg's `MatmulBenchmark.shapes` (the list `Benchmarks/numpy_mlp.py` also
    /// times), or a few small ones for `tiny` (tests in debug builds).
    public static func shapes(quick: Bool, tiny: Bool) -> [(m: Int, k: Int, n: Int, layouts: [MatmulLayout])] {
        if tiny { return [(32, 48, 40, MatmulLayout.allCases)] }
        return MatmulBenchmark.shapes(quick: quick)
    }

    /// Times every variant but `.fastest` (naive only below 10⁸ multiply-adds) on Float inputs,
    /// aiming for `budgetSeconds` per row (3…25 runs, median). `progress` gets one line per shape.
    public static func run(quick: Bool, tiny: Bool = false,
                           progress: (String) -> Void = { _ in }) -> [MatmulTiming] {
        var generator = Xoshiro256StarStar(seed: 42)
        var rows: [MatmulTiming] = []
        let budget = tiny ? 0.002 : (quick ? 0.05 : 0.2)
        for shape in shapes(quick: quick, tiny: tiny) {
            for layout in shape.layouts {
                progress("matmul \(layout.rawValue) \(shape.m)×\(shape.k)·\(shape.k)×\(shape.n)")
                let aShape = layout.transposesA ? (shape.k, shape.m) : (shape.m, shape.k)
                let bShape = layout.transposesB ? (shape.n, shape.k) : (shape.k, shape.n)
                let a = Matrix<Float>(rows: aShape.0, columns: aShape.1) { _, _ in Float(generator.nextUniform(in: -1, 1)) }
                let b = Matrix<Float>(rows: bShape.0, columns: bShape.1) { _, _ in Float(generator.nextUniform(in: -1, 1)) }
                var c = Matrix<Float>(rows: shape.m, columns: shape.n)
                for variant in MatmulVariant.allCases where variant != .fastest {
                    if variant == .naive && shape.m * shape.n * shape.k > 100_000_000 { continue }
                    let once = Stopwatch.seconds { Matmul.multiply(a, b, layout: layout, into: &c, variant: variant) }
                    let runs = Swift.max(3, Swift.min(25, Int(budget / Swift.max(once, 1e-9))))
                    let median = Stopwatch.medianSeconds(runs: runs, warmups: 0) {
                        Matmul.multiply(a, b, layout: layout, into: &c, variant: variant)
                    }
                    rows.append(MatmulTiming(variant: variant.rawValue, layout: layout.rawValue,
                                             m: shape.m, k: shape.k, n: shape.n,
                                             threads: Matmul.threadsUsed(by: variant, m: shape.m, n: shape.n, k: shape.k),
                                             medianSeconds: median,
                                             gigaflops: Stopwatch.matmulGigaflops(m: shape.m, n: shape.n, k: shape.k, seconds: median)))
                }
            }
        }
        return rows
    }
}
