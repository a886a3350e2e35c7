// The peak loop's vector width follows the CPU: SIMD16 with AVX-512, else SIMD8.
import Linalg
import Testing
@testable import NeuralNet

@Suite("Peak FLOP/s loop")
struct PeakFlopsTests {
    @Test("AVX-512 (avx512f) measures with 16 Float lanes, AVX2 and others with 8")
    func lanesFollowFlags() {
        #expect(PeakFlops.lanes(flags: ["avx2", "fma", "avx512f"]) == 16)
        #expect(PeakFlops.lanes(flags: ["avx2", "fma"]) == 8)
        #expect(PeakFlops.lanes(flags: []) == 8)
    }

    @Test("both loop widths compute the same value per lane")
    func loopsAgree() {
        let narrow = PeakFlops.fmaLoop(iterations: 100, vector: SIMD8<Float>.self)
        let wide = PeakFlops.fmaLoop(iterations: 100, vector: SIMD16<Float>.self)
        // Every lane holds the same value, so 16 lanes sum to twice 8 (up to the sum's rounding).
        #expect(narrow > 0 && abs(wide - 2 * narrow) <= 1e-5 * narrow)
    }

    /// Why no kernel row can exceed 100%: each of the kernel's FMA instructions does at most
    /// `floatLanes` multiply-adds and the peak loop issues nothing but FMAs of at least that
    /// width, so per cycle the kernel cannot out-compute it. (A SIMD8 peak on an AVX-512 core
    /// put the SIMD16 kernel at "163% of peak".)
    @Test("on this machine the peak loop's vectors are at least as wide as the simd kernel's")
    func peakCoversTheKernel() {
        #expect(PeakFlops.lanes() >= MatmulKernelShape.current.floatLanes)
        #expect(PeakFlops.lanes(flags: ["avx2", "fma", "avx512f"]) >= MatmulKernelShape.wide.floatLanes)
        #expect(PeakFlops.lanes(flags: ["avx2", "fma"]) >= MatmulKernelShape.narrow.floatLanes)
    }

    /// "% of peak" divides by (cores used × one-core peak): the one-core kernels and products
    /// below the threading threshold count one core, the threaded kernel all it split C over.
    @Test("% of peak counts the cores each matmul row really ran on")
    func coresPerRow() {
        for variant in [MatmulVariant.naive, .reordered, .blocked, .simd] {
            #expect(Matmul.threadsUsed(by: variant, m: 256, n: 256, k: 784) == 1)
        }
        #expect(Matmul.threadsUsed(by: .threaded, m: 32, n: 48, k: 64) == 1)   // below 2^18 multiply-adds
        #expect(Matmul.threadsUsed(by: .fastest, m: 4, n: 4, k: 4) == 1)
        #expect(Matmul.threadsUsed(by: .threaded, m: 256, n: 256, k: 784) == Swift.min(Matmul.threadCount, 8))
        #expect(Matmul.threadsUsed(by: .fastest, m: 256, n: 256, k: 784) == Swift.min(Matmul.threadCount, 8))
    }
}
