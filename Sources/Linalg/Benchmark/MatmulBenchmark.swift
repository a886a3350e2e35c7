// Matmul timings per variant, layout and shape: op(A) is M×K, op(B) is K×N.

/// One timed matmul configuration.
public struct MatmulBenchmarkRow: Sendable, Equatable {
    public var variant: MatmulVariant
    public var layout: MatmulLayout
    public var m: Int, k: Int, n: Int
    /// Threads the variant may use: `Matmul.threadCount` for `.threaded`, else 1.
    public var threads: Int
    /// Median seconds of one C = op(A)·op(B).
    public var medianSeconds: Double
    /// 2·M·N·K / seconds / 10⁹.
    public var gigaflops: Double
    /// "M×K·K×N", e.g. "256×784·784×256".
    public var shapeDescription: String { "\(m)×\(k)·\(k)×\(n)" }
}

public enum MatmulBenchmark {
    /// The shapes timed, (M, K, N) and the layouts for each, with where they occur in training
    /// a 784-250-250-10 network. `Benchmarks/numpy_mlp.py` times the same list.
    public static func shapes(quick: Bool) -> [(m: Int, k: Int, n: Int, layouts: [MatmulLayout])] {
        var list: [(m: Int, k: Int, n: Int, layouts: [MatmulLayout])] = [
            (256, 784, 256, MatmulLayout.allCases),   // the reference shape, every layout
            (64, 784, 250, [.normal]),                // layer 1 forward, batch 64
            (128, 784, 250, [.normal]),               // layer 1 forward, batch 128
            (128, 250, 250, [.normal]),               // layer 2 forward, batch 128
            (250, 128, 250, [.transposeA]),           // layer 2 weight gradient, batch 128
            (128, 250, 784, [.transposeB]),           // layer 1-shaped input gradient, batch 128
        ]
        if !quick { list.append((1024, 1024, 1024, [.normal])) }
        return list
    }

    /// Times every variant (except `.fastest`, which is one of them) on every shape and
    /// layout. Float, random inputs; the naive variant is skipped on shapes over 10⁸
    /// multiply-adds (it would take seconds per run). `quick` uses fewer runs and drops 1024³.
    public static func run(quick: Bool) -> [MatmulBenchmarkRow] {
        var generator = SplitMix64(seed: 42)
        var rows: [MatmulBenchmarkRow] = []
        for shape in shapes(quick: quick) {
            for layout in shape.layouts {
                let aShape = layout.transposesA ? (shape.k, shape.m) : (shape.m, shape.k)
                let bShape = layout.transposesB ? (shape.n, shape.k) : (shape.k, shape.n)
                let a = Matrix<Float>(rows: aShape.0, columns: aShape.1) { _, _ in Float.random(in: -1...1, using: &generator) }
                let b = Matrix<Float>(rows: bShape.0, columns: bShape.1) { _, _ in Float.random(in: -1...1, using: &generator) }
                var c = Matrix<Float>(rows: shape.m, columns: shape.n)
                let multiplyAdds = shape.m * shape.n * shape.k
                for variant in MatmulVariant.allCases where variant != .fastest {
                    if variant == .naive && multiplyAdds > 100_000_000 { continue }
                    // Aim for ~0.2 s (quick: ~0.05 s) per configuration, 3...25 runs.
                    let once = Stopwatch.seconds { Matmul.multiply(a, b, layout: layout, into: &c, variant: variant) }
                    let budget = quick ? 0.05 : 0.2
                    let runs = Swift.max(3, Swift.min(25, Int(budget / Swift.max(once, 1e-9))))
                    let median = Stopwatch.medianSeconds(runs: runs, warmups: 0) {
                        Matmul.multiply(a, b, layout: layout, into: &c, variant: variant)
                    }
                    rows.append(MatmulBenchmarkRow(variant: variant, layout: layout, m: shape.m, k: shape.k, n: shape.n,
                                                   threads: variant == .threaded ? Matmul.threadCount : 1,
                                                   medianSeconds: median,
                                                   gigaflops: Stopwatch.matmulGigaflops(m: shape.m, n: shape.n, k: shape.k,
                                                                                        seconds: median)))
                }
            }
        }
        return rows
    }
}

/// A small seeded generator so benchmark inputs are the same every run (SplitMix64,
/// Steele et al. 2014). Internal: the package-wide seeded PRNG lives with the network code.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_133B_D111
        return z ^ (z >> 31)
    }
}
