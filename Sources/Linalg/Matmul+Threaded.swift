// The SIMD matmul split over cores. Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Matmul {
    /// Below this many multiply-adds (M·N·K) the threaded variant runs on one thread: the
    /// hand-over to a helper (under a microsecond when it is spinning, tens of microseconds
    /// when it has parked) and the second packing of the shared operand would cost more than
    /// the second core saves. 2^20 multiply-adds take ~20 µs at 100 GFLOP/s.
    public static let threadingThreshold = 1 << 20

    /// Worker threads the threaded variant uses: the online CPU count.
    public static let threadCount: Int = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

extension MatmulProblem {
    /// The `.threaded` variant: `kernel` (the SIMD kernel) on disjoint blocks of C, one per
    /// thread of `WorkerPool.shared`. It splits C's columns when N is the larger side (each
    /// block then packs only its own columns of B, plus all of A), else its rows; each block a
    /// multiple of `minimumBlock` wide (a register-tile multiple). Measured on the 2-vCPU
    /// machine, cutting more, smaller blocks to balance was slower both when the second vCPU
    /// was free (~1.6× instead of ~1.8×) and when it was not (~0.8× instead of ~0.9×): each
    /// extra block repacks its share of A or B.
    ///
    /// The pool's helpers spin between calls (see `WorkerPool`), so a training step's five or
    /// more threaded matmuls start their second block within a microsecond instead of waking a
    /// parked Dispatch thread through the kernel each time.
    ///
    /// Sums are the same as `naive`: each C element is computed entirely by one block.
    func runThreaded(minimumBlock: Int = 32, _ kernel: (MatmulProblem) -> Void) {
        let splitColumns = n >= m
        let extent = splitColumns ? n : m
        let pool = WorkerPool.shared
        let blocks = Swift.min(pool.threadCount, extent / minimumBlock)
        guard blocks > 1 && m &* n &* k >= Matmul.threadingThreshold else {
            kernel(self)
            return
        }
        // Whole register tiles per block, the remainder spread one tile each over the first blocks.
        let tiles = (extent + minimumBlock - 1) / minimumBlock
        let problem = self
        pool.run(parts: blocks) { block in
            let firstTile = block * (tiles / blocks) + Swift.min(block, tiles % blocks)
            let tileCount = tiles / blocks + (block < tiles % blocks ? 1 : 0)
            let start = firstTile * minimumBlock
            let count = Swift.min(tileCount * minimumBlock, extent - start)
            guard count > 0 else { return }
            kernel(splitColumns ? problem.columns(from: start, count: count) : problem.rows(from: start, count: count))
        }
    }
}
