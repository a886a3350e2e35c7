// Matrix multiply: C = op(A)·op(B), op(X) = X or Xᵀ.
// Shapes: op(A) is M×K, op(B) is K×N, C is M×N.
//
// This file is the façade: the layout and variant enums, shape checks, and the `Matrix`
// entry points. The kernels live beside it, slowest (clearest) first:
//   Matmul+Naive.swift      i-j-k on safe indexing (the reference)
//   Matmul+Reordered.swift  i-k-j on raw pointers (inner loop streams rows of B and C)
//   Matmul+Blocked.swift    i-k-j over packed K×N blocks of op(B) that stay in cache
//   Matmul+SIMD.swift       packed panels and register-tiled micro-kernels (8×2W or 6×2W)
//   Matmul+Threaded.swift   the SIMD kernel over disjoint blocks of C on all cores
//                           (run by the persistent helper threads of WorkerPool.swift)
//   Matmul+Pointers.swift   the raw-pointer entry point and Float/Double dispatch

/// Which operand is read transposed. Backprop needs Aᵀ·B (weight gradients, dW = Xᵀ·dZ)
/// and A·Bᵀ (input gradients, dX = dZ·Wᵀ) besides plain A·B; the kernels read the
/// transposed operand in place instead of materialising a transpose.
public enum MatmulLayout: String, CaseIterable, Sendable {
    /// C = A·B
    case normal = "A·B"
    /// C = Aᵀ·B
    case transposeA = "Aᵀ·B"
    /// C = A·Bᵀ
    case transposeB = "A·Bᵀ"

    /// Whether A is stored K×M and read as its transpose.
    @inlinable public var transposesA: Bool { self == .transposeA }
    /// Whether B is stored N×K and read as its transpose.
    @inlinable public var transposesB: Bool { self == .transposeB }
}

/// The matmul implementations, slowest (clearest) first. All compute the same C up to
/// floating-point rounding order; tests prove it on ragged shapes in every layout.
public enum MatmulVariant: String, CaseIterable, Sendable {
    /// The textbook i-j-k triple loop on safe array indexing. The reference.
    case naive
    /// i-k-j order on raw pointers: the inner loop runs along a row of B and a row of C,
    /// which the compiler vectorises. (A·Bᵀ uses i-j-k dot products, contiguous in both.)
    case reordered
    /// i-k-j over K×N blocks of op(B) packed contiguously (transpose folded into the
    /// packing) so each block is reused from cache for every row of A.
    case blocked
    /// Packed panels of op(A) and op(B) and a register-tiled micro-kernel holding an
    /// 8-row × 2-vector tile of C in SIMD registers (8×32 Float, 8×16 Double). One core.
    case simd
    /// The `simd` kernel over disjoint column or row blocks of C, one per core; shapes below
    /// `Matmul.threadingThreshold` multiply-adds run single-threaded.
    case threaded
    /// The fastest available for this shape (what `Matrix.multiplied` uses).
    case fastest

    /// The concrete kernel `fastest` picks for an M×K·K×N product.
    @inlinable
    public static func fastest(m: Int, n: Int, k: Int) -> MatmulVariant {
        // Packing costs O(MK + KN); below ~16³ multiply-adds it outweighs the tile's gain.
        m * n * k < 4096 ? .reordered : .threaded
    }
}

public enum Matmul {
    /// The shape (M, K, N) of op(A)·op(B), checking that the inner dimensions agree.
    @inlinable
    public static func shape<S: Real>(_ a: Matrix<S>, _ b: Matrix<S>, layout: MatmulLayout) -> (m: Int, k: Int, n: Int) {
        let (m, ka) = layout == .transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = layout == .transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        guard ka == kb else {
            shapeFailure("Matmul \(layout.rawValue): inner dimensions differ, A is \(a.shapeDescription), B is \(b.shapeDescription)")
        }
        return (m, ka, n)
    }

    /// C = op(A)·op(B) (or C += op(A)·op(B) when `accumulate`), written into `c`, which must
    /// already have shape M×N. Every variant computes the same C as `.naive` up to rounding.
    public static func multiply<S: Real>(_ a: Matrix<S>, _ b: Matrix<S>, layout: MatmulLayout = .normal,
                                         into c: inout Matrix<S>, accumulate: Bool = false,
                                         variant: MatmulVariant = .fastest) {
        let (m, k, n) = shape(a, b, layout: layout)
        guard c.rows == m && c.columns == n else {
            shapeFailure("Matmul \(layout.rawValue): result is \(c.shapeDescription), expected \(m)×\(n) for A \(a.shapeDescription), B \(b.shapeDescription)")
        }
        if variant == .naive {
            naive(a, b, layout: layout, into: &c, accumulate: accumulate)
            return
        }
        a.elements.withUnsafeBufferPointer { aBuffer in
            b.elements.withUnsafeBufferPointer { bBuffer in
                c.elements.withUnsafeMutableBufferPointer { cBuffer in
                    guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress,
                          let cBase = cBuffer.baseAddress else {
                        // An empty operand: C (if non-empty) is an M×N sum over K = 0 terms.
                        if !accumulate { for index in cBuffer.indices { cBuffer[index] = 0 } }
                        return
                    }
                    multiply(m: m, n: n, k: k, a: aBase, lda: a.columns, b: bBase, ldb: b.columns,
                             c: cBase, ldc: n, layout: layout, accumulate: accumulate, variant: variant)
                }
            }
        }
    }
}

extension Matrix {
    /// self · other (M×K · K×N → M×N), or the transposed layouts.
    public func multiplied(by other: Matrix, layout: MatmulLayout = .normal) -> Matrix {
        let (m, _, n) = Matmul.shape(self, other, layout: layout)
        var result = Matrix(rows: m, columns: n)
        Matmul.multiply(self, other, layout: layout, into: &result)
        return result
    }
}
