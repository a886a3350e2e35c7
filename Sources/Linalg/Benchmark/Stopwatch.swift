// Timing helpers for benchmarks: median of repeated runs on a monotonic clock.

/// Times closures on `ContinuousClock` (monotonic: never jumps with wall-clock changes).
public enum Stopwatch {
    /// Seconds one call of `body` takes.
    public static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// The median of `runs` timings of `body` after `warmups` untimed calls. The median, not
    /// the mean or minimum: on a shared machine it ignores the odd run another process stole.
    public static func medianSeconds(runs: Int, warmups: Int = 1, _ body: () -> Void) -> Double {
        precondition(runs >= 1, "Stopwatch.medianSeconds needs at least 1 run, got \(runs)")
        for _ in 0..<warmups { body() }
        let times = (0..<runs).map { _ in seconds(body) }.sorted()
        return times.count % 2 == 1 ? times[times.count / 2]
                                    : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    /// Billions of floating-point operations per second for an M×K·K×N matmul:
    /// 2·M·N·K flops (one multiply and one add per term).
    public static func matmulGigaflops(m: Int, n: Int, k: Int, seconds: Double) -> Double {
        2 * Double(m) * Double(n) * Double(k) / seconds / 1e9
    }
}
