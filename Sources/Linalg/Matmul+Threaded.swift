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
    /// The `.threaded` variant: `kernel` (the SIMD kernel) on disjoint blocks of C, shared out
    /// among the cores. It splits C's columns when N is the larger side (each block then packs
    /// only its own columns of B, plus all of A), else its rows: one block per core, each a
    /// multiple of `minimumBlock` wide (a register-tile multiple). Measured on the 2-vCPU
    /// machine, cutting more, smaller blocks for Dispatch to balance was slower both when the
    /// second vCPU was free (~1.6× instead of ~1.8×) and when it was not (~0.8× instead of
    /// ~0.9×): each extra block repacks its share of A or B. `concurrentPerform` runs
    /// iterations on the calling thread too, so when the second core is busy the call degrades
    /// to about single-threaded speed instead of waiting for it. (A pool of spinning worker
    /// threads, as OpenBLAS uses, was tried and showed no gain on that machine: whenever the
    /// two threads overlapped, each ran at half speed.)
    ///
    /// Sums are the same as `naive`: each C element is computed entirely by one block.
    func runThreaded(minimumBlock: Int = 32, _ kernel: @escaping @Sendable (MatmulProblem) -> Void) {
        let splitColumns = n >= m
        let extent = splitColumns ? n : m
        let workers = Swift.min(Matmul.threadCount, extent / minimumBlock)
        guard workers > 1 && m &* n &* k >= Matmul.threadingThreshold else {
            kernel(self)
            return
        }
        let blocks = workers
        let share = roundUp((extent + blocks - 1) / blocks, to: minimumBlock)
        let problem = self
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let start = block * share
            let count = Swift.min(share, extent - start)
            guard count > 0 else { return }
            kernel(splitColumns ? problem.columns(from: start, count: count) : problem.rows(from: start, count: count))
        }
    }
}
