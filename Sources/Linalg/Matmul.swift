// Matrix multiply: C = op(A)·op(B), op(X) = X or Xᵀ.
// Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

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
}

/// The matmul implementations, slowest (clearest) first. All compute the same C up to
/// floating-point rounding order; tests prove it on ragged shapes.
public enum MatmulVariant: String, CaseIterable, Sendable {
    /// The textbook i-j-k triple loop on safe array indexing. The reference.
    case naive
    /// The fastest available for this shape (what `Matrix.multiplied` uses).
    case fastest
}

public enum Matmul {
    /// The shape (M, K, N) of op(A)·op(B), checking that the inner dimensions agree.
    @inlinable
    public static func shape<S: Real>(_ a: Matrix<S>, _ b: Matrix<S>, layout: MatmulLayout) -> (m: Int, k: Int, n: Int) {
        let (m, ka) = layout == .transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = layout == .transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(ka == kb,
                     "Matmul \(layout.rawValue): inner dimensions differ, A is \(a.shapeDescription), B is \(b.shapeDescription)")
        return (m, ka, n)
    }

    /// C = op(A)·op(B) (or C += op(A)·op(B) when `accumulate`), written into `c`, which must
    /// already have shape M×N.
    public static func multiply<S: Real>(_ a: Matrix<S>, _ b: Matrix<S>, layout: MatmulLayout = .normal,
                                         into c: inout Matrix<S>, accumulate: Bool = false,
                                         variant: MatmulVariant = .fastest) {
        let (m, _, n) = shape(a, b, layout: layout)
        precondition(c.rows == m && c.columns == n,
                     "Matmul \(layout.rawValue): result is \(c.shapeDescription), expected \(m)×\(n) for A \(a.shapeDescription), B \(b.shapeDescription)")
        switch variant {
        case .naive, .fastest:
            naive(a, b, layout: layout, into: &c, accumulate: accumulate)
        }
    }

    /// The reference: for each (i, j), C[i][j] = Σ_k op(A)[i][k] · op(B)[k][j].
    public static func naive<S: Real>(_ a: Matrix<S>, _ b: Matrix<S>, layout: MatmulLayout,
                                      into c: inout Matrix<S>, accumulate: Bool) {
        let (m, k, n) = shape(a, b, layout: layout)
        for i in 0..<m {
            for j in 0..<n {
                var total: S = accumulate ? c.elements[i * n + j] : 0
                for p in 0..<k {
                    let aValue = layout == .transposeA ? a.elements[p * a.columns + i] : a.elements[i * a.columns + p]
                    let bValue = layout == .transposeB ? b.elements[j * b.columns + p] : b.elements[p * b.columns + j]
                    total += aValue * bValue
                }
                c.elements[i * n + j] = total
            }
        }
    }
}

extension Matrix {
    /// self · other (M×K · K×N → M×N).
    public func multiplied(by other: Matrix, layout: MatmulLayout = .normal) -> Matrix {
        let (m, _, n) = Matmul.shape(self, other, layout: layout)
        var result = Matrix(rows: m, columns: n)
        Matmul.multiply(self, other, layout: layout, into: &result)
        return result
    }
}
