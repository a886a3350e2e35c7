// A one-core FP32 peak estimate: a loop of nothing but independent SIMD fused multiply-adds.
// Compiled with the NeuralNet module's flags, so it also shows whether `-target-cpu native`
// was on: without it each lane's FMA becomes a library call and this runs at ~1 GFLOP/s.
import Linalg

public enum PeakFlops {
    /// The vector width the peak loop uses: 16 Float lanes (one 512-bit register) when the CPU
    /// has AVX-512 (`avx512f`), else 8 (one 256-bit AVX2 register). Measuring an AVX-512 core
    /// with 8-lane FMAs finds only half its peak, and the SIMD16 matmul kernel then shows
    /// "163% of peak".
    public static func lanes(flags: [String] = CPUFeatures.current().flags) -> Int {
        flags.contains("avx512f") ? 16 : 8
    }

    /// Billions of float operations per second one core sustains on SIMD fused multiply-adds
    /// of `lanes(flags:)` lanes (2 flops per lane): the fastest of 51 short runs (~0.4 ms each),
    /// since a peak is what the core does when nothing interrupts it. Short runs matter on a
    /// shared machine: a 40 ms run is usually cut by the scheduler (readings of 33–58 GFLOP/s
    /// where short runs give ~110).
    public static func measureSingleCoreGigaflops(iterations: Int = 200_000, lanes: Int = lanes()) -> Double {
        precondition(lanes == 8 || lanes == 16, "PeakFlops: lanes must be 8 or 16, got \(lanes)")
        var sink: Float = 0
        // Warm-up, untimed: a core that was idle runs at a low clock until the governor raises
        // it (seen here: 77 GFLOP/s best-of-51 straight after an idle minute, 104 a run later,
        // which put kernels at "111% of peak"). A quarter second of FMAs first lets it ramp up.
        let warmUpStart = ContinuousClock.now
        while ContinuousClock.now - warmUpStart < .milliseconds(iterations >= 100_000 ? 250 : 10) {
            sink += lanes == 16 ? fmaLoop(iterations: iterations, vector: SIMD16<Float>.self)
                                : fmaLoop(iterations: iterations, vector: SIMD8<Float>.self)
        }
        var times: [Double] = []
        for _ in 0..<51 {
            let seconds = Stopwatch.seconds {
                sink += lanes == 16 ? fmaLoop(iterations: iterations, vector: SIMD16<Float>.self)
                                    : fmaLoop(iterations: iterations, vector: SIMD8<Float>.self)
            }
            times.append(seconds)
        }
        times.sort()
        let flops = Double(iterations) * 12 * Double(lanes) * 2
        return sink.isNaN ? 0 : flops / times[0] / 1e9
    }

    /// 12 independent accumulators hide the FMA latency (4 cycles × 2 ports, plus slack).
    @inline(never)
    static func fmaLoop<V: SIMD>(iterations: Int, vector: V.Type) -> Float where V.Scalar == Float {
        let x = V(repeating: 0.999_999), y = V(repeating: 1e-7)
        var a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x
        var a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x
        for _ in 0..<iterations {
            a0 = a0.addingProduct(a0, y); a1 = a1.addingProduct(a1, y); a2 = a2.addingProduct(a2, y)
            a3 = a3.addingProduct(a3, y); a4 = a4.addingProduct(a4, y); a5 = a5.addingProduct(a5, y)
            a6 = a6.addingProduct(a6, y); a7 = a7.addingProduct(a7, y); a8 = a8.addingProduct(a8, y)
            a9 = a9.addingProduct(a9, y); a10 = a10.addingProduct(a10, y); a11 = a11.addingProduct(a11, y)
        }
        let total = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11))
        return total.sum()
    }
}

/// How the NeuralNet module was compiled (the flags `backprop bench` prints).
public enum BuildInfo {
    /// Whether `-target-cpu native` was passed (Package.swift defines BACKPROP_TARGET_CPU_NATIVE
    /// alongside it; BACKPROP_PORTABLE=1 at build time turns both off).
    public static var targetCPUNative: Bool {
        #if BACKPROP_TARGET_CPU_NATIVE
        return true
        #else
        return false
        #endif
    }

    /// Whether this module was compiled without optimisation.
    public static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }
}
