// The peak loop's vector width follows the CPU: SIMD16 with AVX-512, else SIMD8.
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
}
