// Matmul timings per variant, layout and shape: op(A) is M×K, op(B) is K×N.

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
