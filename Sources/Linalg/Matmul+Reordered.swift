// i-k-j matmul on raw pointers. Shapes: op(A) is M×K, op(B) is K×N, C is M×N.

extension MatmulProblem {
    /// The `.reordered` variant: the same sums as `naive`, with the loops swapped so the
    /// innermost loop walks along a row of op(B) and a row of C (unit stride, vectorisable):
    ///
    /// ```
    /// for i, for p:  C[i][0..<N] += op(A)[i][p] · op(B)[p][0..<N]
    /// ```
    /// For A·Bᵀ the rows of op(B) are columns of the stored B, so that layout keeps the i-j-k
    /// order, where both A's row and the stored B's row are read with unit stride:
    /// `C[i][j] += Σ_p A[i][p] · B[j][p]`. That inner loop is a sum, which the compiler may not
    /// vectorise (it would reorder the additions), so this layout runs ~10× slower here: one
    /// reason the later variants pack op(B) first.
    func runReordered() {
        if !accumulate { zeroC() }
        if transposeB {
            for i in 0..<m {
                let aRow = a + i &* lda
                for j in 0..<n {
                    let bRow = b + j &* ldb
                    var total: Scalar = 0
                    for p in 0..<k { total += aRow[p] * bRow[p] }
                    c[i &* ldc &+ j] += total
                }
            }
            return
        }
        for i in 0..<m {
            let cRow = c + i &* ldc
            for p in 0..<k {
                let aValue = elementOfA(i, p)
                let bRow = b + p &* ldb
                for j in 0..<n { cRow[j] += aValue * bRow[j] }
            }
        }
    }
}
