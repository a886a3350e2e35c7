// The SIMD matmul split over cores. Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Matmul {
    /// Below this many multiply-adds (M·N·K) the threaded variant runs on one thread: the
    /// dispatch round trip (~10–20 µs) would cost more than the second core saves.
    /// 2^20 multiply-adds take ~20 µs at 100 GFLOP/s.
    public static let threadingThreshold = 1 << 20

    /// Worker threads the threaded variant uses: the online CPU count.
    public static let threadCount: Int = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

extension MatmulProblem {
    /// The `.threaded` variant: `kernel` (the SIMD kernel) on disjoint blocks of C, one per
    /// core. It splits C's columns when N is the larger side (each worker then packs only its
    /// own B columns and all of A), else its rows; block edges fall on register-tile
    /// boundaries (multiples of `alignment`) so no tile straddles two workers.
    ///
    /// Sums are the same as `naive`: each C element is computed entirely by one worker.
    func runThreaded(alignment: Int = 32, _ kernel: @escaping @Sendable (MatmulProblem) -> Void) {
        let workers = Swift.min(Matmul.threadCount, Swift.max(m, n) / alignment)
        guard workers > 1 && m &* n &* k >= Matmul.threadingThreshold else {
            kernel(self)
            return
        }
        let splitColumns = n >= m
        let extent = splitColumns ? n : m
        let share = roundUp((extent + workers - 1) / workers, to: alignment)
        let problem = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * share
            let count = Swift.min(share, extent - start)
            guard count > 0 else { return }
            kernel(splitColumns ? problem.columns(from: start, count: count) : problem.rows(from: start, count: count))
        }
    }
}
