// The raw-pointer matmul entry point, for layers that multiply into preallocated buffers.
// Shapes: op(A) is M×K, op(B) is K×N, C is M×N; each stored row-major with a leading
// dimension (row stride) lda, ldb, ldc ≥ its stored column count.

import Foundation

/// One C = op(A)·op(B) call described by raw pointers and strides.
///
/// `@unchecked Sendable`: raw pointers are not `Sendable`, but the threaded variant must hand
/// them to worker threads. That is sound here because workers only read A and B, and each
/// writes a disjoint block of C (see `Matmul+Threaded.swift`); the caller keeps all three
/// buffers alive and unaliased with C for the duration of the call. This is the one place
/// the package opts out of Sendable checking for matmul.
struct MatmulProblem<Scalar: Real>: @unchecked Sendable {
    var m: Int, n: Int, k: Int
    /// A as stored: M×K (row stride lda), or K×M when `transposeA`.
    var a: UnsafePointer<Scalar>
    var lda: Int
    /// B as stored: K×N (row stride ldb), or N×K when `transposeB`.
    var b: UnsafePointer<Scalar>
    var ldb: Int
    /// C: M×N, row stride ldc.
    var c: UnsafeMutablePointer<Scalar>
    var ldc: Int
    var transposeA: Bool
    var transposeB: Bool
    /// C += op(A)·op(B) instead of C = op(A)·op(B).
    var accumulate: Bool

    /// op(A)[i][p].
    @inline(__always)
    func elementOfA(_ i: Int, _ p: Int) -> Scalar {
        transposeA ? a[p &* lda &+ i] : a[i &* lda &+ p]
    }

    /// op(B)[p][j].
    @inline(__always)
    func elementOfB(_ p: Int, _ j: Int) -> Scalar {
        transposeB ? b[j &* ldb &+ p] : b[p &* ldb &+ j]
    }

    /// The same product restricted to rows `first..<first+count` of C.
    func rows(from first: Int, count: Int) -> MatmulProblem {
        var part = self
        part.m = count
        part.a = transposeA ? a + first : a + first * lda
        part.c = c + first * ldc
        return part
    }

    /// The same product restricted to columns `first..<first+count` of C.
    func columns(from first: Int, count: Int) -> MatmulProblem {
        var part = self
        part.n = count
        part.b = transposeB ? b + first * ldb : b + first
        part.c = c + first
        return part
    }

    /// C = 0 over M×N (the K = 0 case, and the start of the non-accumulating loops).
    func zeroC() {
        for i in 0..<m { (c + i &* ldc).update(repeating: 0, count: n) }
    }

    /// Reinterprets the pointers as another scalar type of the same layout (Float/Double
    /// dispatch, called only after checking `Scalar.self == Other.self`).
    func rebound<Other: Real>(to: Other.Type) -> MatmulProblem<Other> {
        MatmulProblem<Other>(m: m, n: n, k: k,
                             a: UnsafeRawPointer(a).assumingMemoryBound(to: Other.self), lda: lda,
                             b: UnsafeRawPointer(b).assumingMemoryBound(to: Other.self), ldb: ldb,
                             c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Other.self), ldc: ldc,
                             transposeA: transposeA, transposeB: transposeB, accumulate: accumulate)
    }
}

extension Matmul {
    /// C = op(A)·op(B) (or C += … when `accumulate`) on raw buffers, with no allocation
    /// beyond the kernels' packing panels.
    ///
    /// - `a`: M×K row stride `lda` (`.transposeA`: stored K×M, row stride `lda`).
    /// - `b`: K×N row stride `ldb` (`.transposeB`: stored N×K, row stride `ldb`).
    /// - `c`: M×N row stride `ldc`; must not overlap A or B.
    ///
    /// Float and Double run concrete, specialised kernels; any other `Real` runs `.reordered`.
    public static func multiply<S: Real>(m: Int, n: Int, k: Int,
                                         a: UnsafePointer<S>, lda: Int,
                                         b: UnsafePointer<S>, ldb: Int,
                                         c: UnsafeMutablePointer<S>, ldc: Int,
                                         layout: MatmulLayout = .normal, accumulate: Bool = false,
                                         variant: MatmulVariant = .fastest) {
        precondition(m >= 0 && n >= 0 && k >= 0, "Matmul: negative shape M=\(m) N=\(n) K=\(k)")
        precondition(lda >= (layout.transposesA ? m : k) && ldb >= (layout.transposesB ? k : n) && ldc >= n,
                     "Matmul \(layout.rawValue): strides lda=\(lda) ldb=\(ldb) ldc=\(ldc) too small for M=\(m) N=\(n) K=\(k)")
        let problem = MatmulProblem(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                                    transposeA: layout.transposesA, transposeB: layout.transposesB,
                                    accumulate: accumulate)
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {
            if !accumulate { problem.zeroC() }
            return
        }
        let chosen = variant == .fastest ? MatmulVariant.fastest(m: m, n: n, k: k) : variant
        if S.self == Float.self {
            FloatKernels.run(problem.rebound(to: Float.self), variant: chosen)
        } else if S.self == Double.self {
            DoubleKernels.run(problem.rebound(to: Double.self), variant: chosen)
        } else if chosen == .naive {
            problem.runNaive()
        } else {
            problem.runReordered()
        }
    }
}

/// Concrete Float kernels: every generic kernel is instantiated here with `Float` and a
/// concrete SIMD type, so the hot loops are fully specialised. Wide tiles use SIMD16<Float>
/// (one AVX-512 register), narrow ones SIMD8<Float> (one AVX2 register, two NEON ones).
enum FloatKernels {
    static func run(_ problem: MatmulProblem<Float>, variant: MatmulVariant) {
        switch variant {
        case .naive: problem.runNaive()
        case .reordered: problem.runReordered()
        case .blocked: problem.runBlocked()
        case .simd, .fastest: SIMDKernels.float(problem)
        case .threaded: problem.runThreaded(SIMDKernels.float)
        }
    }
}

/// Concrete Double kernels: SIMD8<Double> wide, SIMD4<Double> narrow.
enum DoubleKernels {
    static func run(_ problem: MatmulProblem<Double>, variant: MatmulVariant) {
        switch variant {
        case .naive: problem.runNaive()
        case .reordered: problem.runReordered()
        case .blocked: problem.runBlocked()
        case .simd, .fastest: SIMDKernels.double(problem)
        case .threaded: problem.runThreaded(SIMDKernels.double)
        }
    }
}

/// Which register tile the `.simd` kernel uses. Swift cannot ask at compile time which vector
/// width `-target-cpu native` enabled, so this asks the CPU once: AVX-512 (`avx512f` in the
/// CPU flags) has 32 512-bit registers and takes the wide 8×2W tile; AVX2 (16 256-bit
/// registers) and NEON (32 128-bit) take the narrow 6×2W tile, which would spill if wide.
/// `BACKPROP_MATMUL_TILE=wide|narrow` overrides the choice (for benchmarks).
public enum MatmulKernelShape: String, Sendable {
    case wide, narrow

    /// Float lanes per vector register the `.simd` kernel multiplies with: 16 (SIMD16, one
    /// 512-bit register) for the wide tile, 8 (SIMD8) for the narrow one. Each fused multiply-add
    /// the kernel issues does at most this many multiply-adds.
    public var floatLanes: Int { self == .wide ? 16 : 8 }

    /// The shape used by this process, decided on first use.
    public static let current: MatmulKernelShape = {
        if let forced = ProcessInfo.processInfo.environment["BACKPROP_MATMUL_TILE"],
           let shape = MatmulKernelShape(rawValue: forced) {
            return shape
        }
        return CPUFeatures.current().flags.contains("avx512f") ? .wide : .narrow
    }()
}
