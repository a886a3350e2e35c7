// The reference matmul. Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

extension Matmul {
    /// The reference: for each (i, j), C[i][j] = Σ_k op(A)[i][k] · op(B)[k][j].
    ///
    /// ```
    /// C[i][j] (+)= Σ_p op(A)[i][p] · op(B)[p][j]      2·M·N·K flops
    /// ```
    /// Safe, bounds-checked indexing; obviously right, and slow: `backprop bench` measures
    /// 0.1–0.3 GFLOP/s, about 1/1000 of one core's peak. Each step of the inner loop reads B
    /// one row further down (a new cache line every time), checks two array bounds, and
    /// calls through generic `S` code; the faster rungs remove those costs one by one.
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

extension MatmulProblem {
    /// The reference loop on raw pointers (the `.naive` variant of the pointer entry point).
    func runNaive() {
        for i in 0..<m {
            for j in 0..<n {
                var total: Scalar = accumulate ? c[i * ldc + j] : 0
                for p in 0..<k { total += elementOfA(i, p) * elementOfB(p, j) }
                c[i * ldc + j] = total
            }
        }
    }
}
