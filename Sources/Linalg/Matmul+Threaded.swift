// The SIMD matmul split over cores. Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Matmul {
    /// Below this many multiply-adds (M·N·K) the threaded variant runs on one thread: the
    /// hand-over to a helper and the second packing of the shared operand would cost more than
    /// the second core saves. 2^18 multiply-adds take ~5 µs at 100 GFLOP/s, against a hand-over
    /// of under a microsecond to a spinning helper (when the helper has parked, the caller
    /// claims both blocks itself rather than wait). With a Dispatch call per matmul this was
    /// 2^20: waking a Dispatch thread took tens of microseconds. At 2^18 a 784-250-250-10
    /// network's 10-wide last layer (128×250·250×10 = 320,000) is split too.
    public static let threadingThreshold = 1 << 18

    /// Worker threads the threaded variant uses: the online CPU count.
    public static let threadCount: Int = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// How many threads `variant` runs an M×K·K×N product on (`.fastest` resolved for the
    /// shape): 1 for the one-core kernels and for shapes below `threadingThreshold`, else one
    /// per core, at most one per 32 columns (or rows) of C. "% of peak" divides by this many cores.
    public static func threadsUsed(by variant: MatmulVariant, m: Int, n: Int, k: Int) -> Int {
        let chosen = variant == .fastest ? MatmulVariant.fastest(m: m, n: n, k: k) : variant
        guard chosen == .threaded else { return 1 }
        return MatmulProblem<Float>.threadedBlocks(m: m, n: n, k: k, minimumBlock: 32, threads: WorkerPool.shared.threadCount)
    }
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
        let blocks = Self.threadedBlocks(m: m, n: n, k: k, minimumBlock: minimumBlock, threads: pool.threadCount)
        guard blocks > 1 else {
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

    /// Blocks (= threads) the threaded variant cuts C into: one per thread, at most one per
    /// `minimumBlock` columns (or rows) of C's larger side, and 1 below `Matmul.threadingThreshold`.
    static func threadedBlocks(m: Int, n: Int, k: Int, minimumBlock: Int, threads: Int) -> Int {
        guard m &* n &* k >= Matmul.threadingThreshold else { return 1 }
        return Swift.max(1, Swift.min(threads, Swift.max(m, n) / minimumBlock))
    }
}
